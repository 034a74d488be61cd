import type { AdminLevel } from '../db/schema.ts';
import { adminLevelLabel } from '../region/admin-level.ts';

/**
 * What an SMS notice says, chosen from fixed templates. Administrators' own words (催报 text, 退回原因, 更正
 * 审核意见) stay in the in-app notice: a text signed 【直报】 that carried them, links included, would let anyone
 * with an administrator's account send phishing under the system's name. The SMS only says that something
 * happened and links to the system itself.
 */
export type NoticeSms =
  | { kind: 'reminder'; periodLabel: string; deadline: string }
  | { kind: 'application-invitation'; periodLabel: string }
  | { kind: 'filing-returned'; periodLabel: string; level: AdminLevel }
  | { kind: 'change-request-approved'; periodLabel: string; until: string }
  | { kind: 'change-request-refused'; periodLabel: string };

/** Two concatenated SMS segments of Chinese text (67 characters each). */
export const maxNoticeSmsLength = 134;

/** The SMS text of a notice: a fixed template, the system's own address, never longer than two segments. */
export function noticeSmsText(notice: NoticeSms, publicBaseUrl: string): string {
  const link = `${publicBaseUrl}/enterprise/tasks`;
  const text = (() => {
    switch (notice.kind) {
      case 'reminder':
        return `【直报】您有${notice.periodLabel}统计报表尚未上报，截止时间${notice.deadline}，请登录 ${link} 尽快填报。`;
      case 'application-invitation':
        return `【直报】您有${notice.periodLabel}统计任务可申请填报，收到邀请，请登录 ${publicBaseUrl}/enterprise/task-applications 提交申请。`;
      case 'filing-returned':
        return `【直报】您的${notice.periodLabel}报表被${adminLevelLabel[notice.level]}退回，请登录 ${link} 查看退回原因，修改后重新上报。`;
      case 'change-request-approved':
        return `【直报】您的${notice.periodLabel}报表更正申请已同意，请于${notice.until}前登录 ${link} 修改后重新上报。`;
      case 'change-request-refused':
        return `【直报】您的${notice.periodLabel}报表更正申请未获同意，请登录 ${link} 查看审核意见。`;
    }
  })();
  // The templates fit; only an unusually long configured address could push one over.
  return text.length <= maxNoticeSmsLength ? text : `${text.slice(0, maxNoticeSmsLength - 1)}…`;
}
