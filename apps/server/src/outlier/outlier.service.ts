import type { OutlierFlag, OutlierList } from '@zhibao/contracts';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { isWithinRegion } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { cellIndexOf } from '../review/review-cells.ts';
import { loadFiling } from '../review/review-scope.ts';
import { findTaskWithOwnerRegion } from '../task/task.repository.ts';
import type { DetectedOutlier } from './outlier-detection.ts';
import { currentTaskOutliers, type OutlierRunTask } from './outlier-run.ts';
import { listEnterpriseNames } from './outlier.repository.ts';

/*
 * Outliers as an administrator sees them: the national run of the period, kept to the enterprises of the
 * administrator's region (统计法: an enterprise's figures go to its own region and the levels above), with the
 * indicator's name and the numbers behind each flag.
 */

async function presentFlags(
  ctx: AppContext,
  task: OutlierRunTask,
  flags: DetectedOutlier[],
): Promise<OutlierFlag[]> {
  const cells = cellIndexOf(task.edition_id, task.period_type);
  const names = await listEnterpriseNames(ctx.db, [...new Set(flags.map((flag) => flag.enterpriseId))]);
  return flags.map(({ cellId, ...flag }) => {
    const cell = cells.get(cellId);
    const [formId, key] = cellId.split('.') as [string, string];
    return {
      ...flag,
      formId,
      key,
      label: cell?.label ?? key,
      name: cell?.name ?? key,
      unit: cell?.unit ?? null,
      enterpriseName: names.get(flag.enterpriseId) ?? '',
    };
  });
}

/** 离群值: the flags of a task's period on the enterprises of the administrator's region. */
export async function listTaskOutliers(ctx: AppContext, actor: Actor, taskId: string): Promise<OutlierList> {
  const admin = authorizeActor(actor, 'review.queue');
  const task = await findTaskWithOwnerRegion(ctx.db, taskId);
  authorize(admin, 'task.read', task);
  const flags = (await currentTaskOutliers(ctx.db, task)).filter((flag) =>
    isWithinRegion(admin.regionCode, admin.regionLevel, flag.regionCode),
  );
  return { taskId: task.id, period: task.period, flags: await presentFlags(ctx, task, flags) };
}

/** The flags on one filing, for its review page. */
export async function listFilingOutliers(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
): Promise<OutlierList> {
  const admin = authorizeActor(actor, 'review.read');
  const row = await loadFiling(ctx, admin, filingId, 'review.read');
  const task = await findTaskWithOwnerRegion(ctx.db, row.task_id);
  if (!task) return { taskId: row.task_id, period: row.period, flags: [] };
  const flags = (await currentTaskOutliers(ctx.db, task)).filter((flag) => flag.filingId === row.id);
  return { taskId: task.id, period: task.period, flags: await presentFlags(ctx, task, flags) };
}
