import type { AdminLevel } from '../db/schema.ts';
import { adminLevelLabel } from '../region/admin-level.ts';
import { formatChinaTime } from './china-time.ts';
import type { NewNotice } from './notice.repository.ts';

/** What a 催报 asks of one enterprise: to file a task it has, or to apply for a 省/市 task it has not taken up. */
export type ReminderKind = 'file' | 'apply';

export interface ReminderSubject {
  task: { id: string; name: string; periodLabel: string };
  enterpriseId: string;
  filingId: string | null;
  /** The enterprise's own deadline: the task's, or its extension. */
  deadline: Date;
  kind: ReminderKind;
  sender: { userId: string; regionName: string; level: AdminLevel };
  /** The administrator's own words, shown in the app only (never in the SMS). */
  message?: string;
}

/**
 * The in-app notice of a 催报: it names the task, the deadline and who sent it, so the enterprise can tell a real
 * reminder from a rumour; an enterprise that must first apply for a 省/市 task is invited to apply instead.
 */
export function reminderNotice(subject: ReminderSubject): NewNotice {
  const { task, sender } = subject;
  const from = `${sender.regionName}${adminLevelLabel[sender.level]}管理员`;
  const deadline = formatChinaTime(subject.deadline);
  const words = subject.message ? `\n附言：${subject.message}` : '';
  return subject.kind === 'apply'
    ? {
        enterpriseId: subject.enterpriseId,
        kind: 'application-invitation',
        title: `邀请申请：${task.periodLabel}${task.name}`,
        body: `${from}邀请贵企业申请填报任务“${task.name}”（${task.periodLabel}），请在“填报任务申请”中提交申请；任务截止时间 ${deadline}。${words}`,
        filingId: null,
        taskId: task.id,
        sentBy: sender.userId,
      }
    : {
        enterpriseId: subject.enterpriseId,
        kind: 'reminder',
        title: `催报：${task.periodLabel}报表尚未上报`,
        body: `${from}提醒：任务“${task.name}”（${task.periodLabel}）请于 ${deadline} 前完成填报并上报。${words}`,
        filingId: subject.filingId,
        taskId: task.id,
        sentBy: sender.userId,
      };
}
