import type { AdminTaskView } from '@zhibao/contracts';
import { authorizeActor, can } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { countFilingsByTaskAndStatus } from '../completeness/completeness.repository.ts';
import { formatPeriodLabel } from './period.ts';
import { listTasksWithOwnerRegion, type TaskWithOwnerRow } from './task.repository.ts';

export function toView(admin: Actor, task: TaskWithOwnerRow, submittedCount = 0): AdminTaskView {
  return {
    id: task.id,
    name: task.name,
    editionId: task.edition_id,
    periodType: task.period_type,
    period: task.period,
    periodLabel: formatPeriodLabel(task.period_type, task.period),
    ownerRegionCode: task.owner_region_code,
    ownerRegionName: task.owner_region_name,
    audience: task.audience,
    scopeRegionCodes: task.scope_region_codes,
    opensAt: task.opens_at.toISOString(),
    closesAt: task.closes_at.toISOString(),
    reviewDeadlines: task.review_deadlines,
    isOwn: task.owner_region_code === admin.regionCode,
    submittedCount,
  };
}

/** 调查任务: the tasks of the administrator's region, newest deadline first. */
export async function listAdminTasks(ctx: AppContext, actor: Actor): Promise<AdminTaskView[]> {
  const admin = authorizeActor(actor, 'task.list');
  const [tasks, counts] = await Promise.all([
    listTasksWithOwnerRegion(ctx.db),
    countFilingsByTaskAndStatus(ctx.db, regionScopePrefix(admin.regionCode, admin.regionLevel)),
  ]);
  const submitted = new Map<string, number>();
  for (const row of counts) {
    if (row.status !== 'draft') submitted.set(row.task_id, (submitted.get(row.task_id) ?? 0) + row.count);
  }
  return tasks
    .filter((task) => can(admin, 'task.read', task))
    .map((task) => toView(admin, task, submitted.get(task.id)));
}
