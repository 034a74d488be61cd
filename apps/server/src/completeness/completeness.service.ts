import { requireAdminActor } from '../access/access.policy.ts';
import type { Actor } from '../access/actor.ts';
import { isWithinRegion, regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import type { AdminLevel } from '../db/schema.ts';
import { findRegionLineage } from '../region/region.repository.ts';
import { formatPeriodLabel } from '../task/period.ts';
import { isEnterpriseObliged } from '../task/task-obligation.ts';
import { listTasksWithOwnerRegion } from '../task/task.repository.ts';
import { countFilingsByTaskAndStatus, listObligationFacts } from './completeness.repository.ts';

export interface TaskCompleteness {
  taskId: string;
  taskName: string;
  periodLabel: string;
  closesAt: string;
  /** 应报 */
  expected: number;
  /** 已报: submitted and awaiting review, or approved */
  submitted: number;
  /** 已审: approved at every level */
  approved: number;
  /** 退回 */
  returned: number;
  /** 未报 */
  notSubmitted: number;
  /** 逾期: not submitted although the window has closed */
  overdue: number;
}

export interface AdminOverview {
  region: { code: string; name: string };
  adminLevel: AdminLevel;
  enterpriseCount: number;
  tasks: TaskCompleteness[];
}

/** 工作台: how far each task has come in the administrator's region (应报/已报/已审/未报/逾期). */
export async function getAdminOverview(ctx: AppContext, actor: Actor): Promise<AdminOverview> {
  const admin = requireAdminActor(actor);
  const prefix = regionScopePrefix(admin.regionCode, admin.regionLevel);
  const [lineage, tasks, enterprises, counts] = await Promise.all([
    findRegionLineage(ctx.db, admin.regionCode),
    listTasksWithOwnerRegion(ctx.db),
    listObligationFacts(ctx.db, prefix),
    countFilingsByTaskAndStatus(ctx.db, prefix),
  ]);
  const now = ctx.now();
  const relevantTasks = tasks.filter(
    (task) =>
      isWithinRegion(task.owner_region_code, task.owner_region_level, admin.regionCode) ||
      isWithinRegion(admin.regionCode, admin.regionLevel, task.owner_region_code),
  );
  return {
    region: { code: admin.regionCode, name: lineage[0]?.name ?? admin.regionCode },
    adminLevel: admin.adminLevel,
    enterpriseCount: enterprises.length,
    tasks: relevantTasks.map((task) => {
      const countOf = (status: string) =>
        counts.find((row) => row.task_id === task.id && row.status === status)?.count ?? 0;
      const expected = enterprises.filter((enterprise) =>
        isEnterpriseObliged(task, {
          regionCode: enterprise.region_code,
          isInScope: enterprise.is_in_scope,
          isKeyEnterprise: enterprise.is_key_enterprise,
        }),
      ).length;
      const submitted = countOf('submitted') + countOf('approved');
      const notSubmitted = Math.max(0, expected - submitted);
      return {
        taskId: task.id,
        taskName: task.name,
        periodLabel: formatPeriodLabel(task.period_type, task.period),
        closesAt: task.closes_at.toISOString(),
        expected,
        submitted,
        approved: countOf('approved'),
        returned: countOf('returned'),
        notSubmitted,
        overdue: task.closes_at < now ? notSubmitted : 0,
      };
    }),
  };
}
