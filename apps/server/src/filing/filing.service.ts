import { assertCanAccessEnterprise, requireEnterpriseActor } from '../access/access.policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import type { AdminLevel, FilingStatus, PeriodType } from '../db/schema.ts';
import { formatPeriodLabel, formatReportName } from '../task/period.ts';
import { isEnterpriseObliged } from '../task/task-obligation.ts';
import { listTasksWithOwnerRegion } from '../task/task.repository.ts';
import { findEnterpriseForFiling, listFilingsOfEnterprise } from './filing.repository.ts';

export interface EnterpriseTask {
  taskId: string;
  taskName: string;
  periodType: PeriodType;
  period: string;
  periodLabel: string;
  opensAt: string;
  closesAt: string;
  filingId: string | null;
  status: FilingStatus | 'not_started';
  pendingLevel: AdminLevel | null;
  submittedAt: string | null;
}

const statusOrder: Record<EnterpriseTask['status'], number> = {
  returned: 0,
  not_started: 1,
  draft: 1,
  submitted: 2,
  approved: 3,
};

/** 我的填报任务: the tasks the enterprise must file, with its filing's status; returned ones first. */
export async function listEnterpriseTasks(ctx: AppContext, actor: Actor): Promise<EnterpriseTask[]> {
  const { enterpriseId } = requireEnterpriseActor(actor);
  const enterprise = await findEnterpriseForFiling(ctx.db, enterpriseId);
  assertCanAccessEnterprise(actor, enterprise && { id: enterprise.id, regionCode: enterprise.region_code });

  const [tasks, filings] = await Promise.all([
    listTasksWithOwnerRegion(ctx.db),
    listFilingsOfEnterprise(ctx.db, enterpriseId),
  ]);
  const filingByTask = new Map(filings.map((filing) => [filing.task_id, filing]));
  const obligation = {
    regionCode: enterprise.region_code,
    isInScope: enterprise.is_in_scope,
    isKeyEnterprise: enterprise.is_key_enterprise,
  };
  return tasks
    .filter((task) => filingByTask.has(task.id) || isEnterpriseObliged(task, obligation))
    .map((task): EnterpriseTask => {
      const filing = filingByTask.get(task.id);
      const closesAt = filing?.deadline_extended_until ?? task.closes_at;
      return {
        taskId: task.id,
        taskName: task.name,
        periodType: task.period_type,
        period: task.period,
        periodLabel: formatPeriodLabel(task.period_type, task.period),
        opensAt: task.opens_at.toISOString(),
        closesAt: closesAt.toISOString(),
        filingId: filing?.id ?? null,
        status: filing?.status ?? 'not_started',
        pendingLevel: filing?.pending_level ?? null,
        submittedAt: filing?.submitted_at?.toISOString() ?? null,
      };
    })
    .sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || b.closesAt.localeCompare(a.closesAt));
}

export interface FiledReport {
  filingId: string;
  reportName: string;
  period: string;
  periodLabel: string;
  submittedAt: string;
}

/** 填报数据查询: the enterprise's submitted reports, filtered by period and report-name keyword. */
export async function listFiledReports(
  ctx: AppContext,
  actor: Actor,
  filter: { period?: string; keyword?: string },
): Promise<FiledReport[]> {
  const { enterpriseId } = requireEnterpriseActor(actor);
  const filings = await listFilingsOfEnterprise(ctx.db, enterpriseId);
  return filings
    .filter((filing) => filing.submitted_at !== null)
    .map((filing) => ({
      filingId: filing.id,
      reportName: formatReportName(filing.period_type, filing.period),
      period: filing.period,
      periodLabel: formatPeriodLabel(filing.period_type, filing.period),
      submittedAt: (filing.submitted_at as Date).toISOString(),
    }))
    .filter(
      (report) =>
        (!filter.period || report.period === filter.period) &&
        (!filter.keyword || report.reportName.includes(filter.keyword)),
    );
}
