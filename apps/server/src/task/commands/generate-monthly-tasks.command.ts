import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { recordObligationsAtPublication } from '../task-obligation.repository.ts';
import { insertAuditEvent } from '../../audit/audit-event.repository.ts';
import { AppError } from '../../http/app-error.ts';
import { insertTasks, type NewTask } from '../task.repository.ts';
import type { GenerateMonthlyInput, GeneratedTasks } from '@zhibao/contracts';
import type { RequestMeta } from '../../http/request-meta.ts';
import {
  requirePublisher,
  checkScope,
  resolveEdition,
  levelOrder,
  ownerTag,
  chinaTime,
} from '../task-publishing.ts';

/**
 * 生成全年月报任务: the twelve monthly tasks of a year at once, each opening on the 1st of the following month
 * and closing on its filing day at 18:00, each review level a few days after the one below; existing ones are kept.
 */
export async function generateMonthlyTasks(
  ctx: AppContext,
  actor: Actor,
  input: GenerateMonthlyInput,
  meta: RequestMeta,
): Promise<GeneratedTasks> {
  const admin = requirePublisher(actor);
  const problems = await checkScope(ctx, admin, input.scopeRegionCodes);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', '任务设置有误，请检查标出的项', problems);
  const tasks: NewTask[] = [];
  for (let month = 1; month <= 12; month += 1) {
    const period = `${input.year}-${String(month).padStart(2, '0')}`;
    const fileYear = month === 12 ? input.year + 1 : input.year;
    const fileMonth = month === 12 ? 1 : month + 1;
    const closesAt = chinaTime(fileYear, fileMonth, input.filingDay, '18:00:00');
    const reviewDeadlines = Object.fromEntries(
      levelOrder.map((level, index) => [
        level,
        new Date(closesAt.getTime() + (index + 1) * input.reviewDaysPerLevel * 86_400_000).toISOString(),
      ]),
    );
    tasks.push({
      name: `${ownerTag(admin)}${input.year}年${String(month).padStart(2, '0')}月软件和信息技术服务业月报`,
      editionId: resolveEdition(input.editionId, period),
      periodType: 'month',
      period,
      ownerLevel: admin.adminLevel,
      ownerRegionCode: admin.regionCode,
      audience: input.audience,
      scopeRegionCodes: input.scopeRegionCodes,
      opensAt: chinaTime(fileYear, fileMonth, 1, '00:00:00'),
      closesAt,
      reviewDeadlines,
      publishedBy: admin.userId,
    });
  }
  const created = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await insertTasks(trx, tasks);
    for (const task of inserted) {
      await insertAuditEvent(trx, {
        actorUserId: admin.userId,
        action: 'task.publish',
        subjectType: 'task',
        subjectId: task.id,
        regionCode: admin.regionCode,
        requestId: meta.requestId,
        ip: meta.ip,
        details: { period: task.period, periodType: 'month', generated: true },
      });
    }
    await recordObligationsAtPublication(
      trx,
      inserted.map((task) => task.id),
    );
    return inserted.map((task) => task.period).sort();
  });
  return { created, skipped: tasks.map((task) => task.period).filter((period) => !created.includes(period)) };
}
