import type { CompletenessFigures } from '@zhibao/contracts';
import { requireAdminActor } from '../access/access.policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import type { AdminLevel, FilingStatus, RegionLevel } from '../db/schema.ts';
import { describeFilingState } from '../filing/filing-transitions.ts';
import { notFound } from '../http/app-error.ts';
import { noticeSmsText } from '../notice/notice-sms.ts';
import { enqueueSideEffects } from '../outbox/side-effects.ts';
import { assertAdminSeesRegion } from '../region/region.policy.ts';
import { adminLevelOfRegion } from '../region/admin-level.ts';
import { findRegion, findRegionLineage, listChildRegions } from '../region/region.repository.ts';
import { findChainSettings } from '../review/review-chain.repository.ts';
import { provinceCodeOf, reviewDeadlineOf, type ReviewChainSettings } from '../review/review-chain.ts';
import { formatPeriodLabel } from '../task/period.ts';
import { listTasksWithOwnerRegion, type TaskWithOwnerRow } from '../task/task.repository.ts';
import { isTaskRelevantTo } from '../task/task.service.ts';
import {
  listEnterpriseFilingFacts,
  listObligationFacts,
  type EnterpriseFilingFact,
} from './completeness.repository.ts';
import { figuresOf } from './completeness-figures.ts';
import { isObligationOf } from './region-obligations.ts';
import type { RemindersInput } from './completeness.schemas.ts';

/** The figures of completeness-figures.ts (one definition at every level) and the viewer's working counts. */
export interface CompletenessCounts extends CompletenessFigures {
  /** 退回 */
  returned: number;
  /** 未报 */
  notSubmitted: number;
  /** 逾期: not submitted although the enterprise's own deadline (with any extension) has passed */
  overdue: number;
  /** 逾期未审: waiting at the administrator's level after that level's review deadline */
  reviewOverdue: number;
}

export interface TaskCompleteness extends CompletenessCounts {
  taskId: string;
  taskName: string;
  periodLabel: string;
  closesAt: string;
}

export interface AdminOverview {
  region: { code: string; name: string };
  adminLevel: AdminLevel;
  enterpriseCount: number;
  tasks: TaskCompleteness[];
}

interface ObligedFiling {
  fact: EnterpriseFilingFact;
  deadline: Date;
  hasSubmitted: boolean;
  isOverdue: boolean;
  reviewDeadline: Date | null;
  isReviewOverdue: boolean;
}

/** Each province's chain settings for the facts' provinces, so review deadlines can be told per enterprise. */
async function loadChainSettings(
  ctx: AppContext,
  regionCodes: string[],
): Promise<Map<string, ReviewChainSettings>> {
  const provinces = [...new Set(regionCodes.map(provinceCodeOf))];
  const settings = await Promise.all(provinces.map((code) => findChainSettings(ctx.db, code)));
  return new Map(provinces.map((code, index) => [code, settings[index]!]));
}

function obligedFilings(
  task: TaskWithOwnerRow,
  facts: EnterpriseFilingFact[],
  now: Date,
  review: { level: AdminLevel; chains: Map<string, ReviewChainSettings> },
): ObligedFiling[] {
  return facts
    .filter((fact) => isObligationOf(task, fact))
    .map((fact) => {
      const deadline = fact.deadline_extended_until ?? task.closes_at;
      const hasSubmitted = fact.is_submitted;
      const chain = review.chains.get(provinceCodeOf(fact.region_code));
      const reviewDeadline = chain
        ? reviewDeadlineOf(
            { closesAt: task.closes_at, reviewDeadlines: task.review_deadlines },
            chain,
            review.level,
          )
        : null;
      return {
        fact,
        deadline,
        hasSubmitted,
        isOverdue: !hasSubmitted && deadline < now,
        reviewDeadline,
        isReviewOverdue:
          reviewDeadline !== null &&
          fact.status === 'submitted' &&
          fact.pending_level === review.level &&
          reviewDeadline < now,
      };
    });
}

/** The counts of a region whose own level is `regionLevel` (the figures do not depend on who looks). */
function countOf(filings: ObligedFiling[], regionLevel: AdminLevel): CompletenessCounts {
  const figures = figuresOf(
    filings.map((filing) => filing.fact),
    regionLevel,
  );
  return {
    ...figures,
    returned: filings.filter((filing) => filing.fact.status === 'returned').length,
    notSubmitted: figures.expected - figures.submitted,
    overdue: filings.filter((filing) => filing.isOverdue && !filing.fact.is_excused).length,
    reviewOverdue: filings.filter((filing) => filing.isReviewOverdue).length,
  };
}

/** 工作台: how far each task has come in the administrator's region (应报/已报/已审/未报/逾期). */
export async function getAdminOverview(ctx: AppContext, actor: Actor): Promise<AdminOverview> {
  const admin = requireAdminActor(actor);
  const prefix = regionScopePrefix(admin.regionCode, admin.regionLevel);
  const [lineage, tasks] = await Promise.all([
    findRegionLineage(ctx.db, admin.regionCode),
    listTasksWithOwnerRegion(ctx.db),
  ]);
  const now = ctx.now();
  const relevant = tasks.filter((task) => isTaskRelevantTo(admin, task));
  const results: TaskCompleteness[] = [];
  // Counting runs on the read replica when there is one; 催报 itself (sendReminders) reads the primary.
  const reader = ctx.readDb ?? ctx.db;
  const enterpriseCount = (await listObligationFacts(reader, prefix)).length;
  for (const task of relevant) {
    const facts = await listEnterpriseFilingFacts(reader, {
      regionPrefix: prefix,
      taskId: task.id,
      closesAt: task.closes_at,
    });
    const chains = await loadChainSettings(
      ctx,
      facts.map((fact) => fact.region_code),
    );
    results.push({
      taskId: task.id,
      taskName: task.name,
      periodLabel: formatPeriodLabel(task.period_type, task.period),
      closesAt: task.closes_at.toISOString(),
      ...countOf(obligedFilings(task, facts, now, { level: admin.adminLevel, chains }), admin.adminLevel),
    });
  }
  return {
    region: { code: admin.regionCode, name: lineage[0]?.name ?? admin.regionCode },
    adminLevel: admin.adminLevel,
    enterpriseCount,
    tasks: results,
  };
}

export interface CompletenessEnterprise {
  enterpriseId: string;
  name: string;
  uscc: string;
  regionName: string;
  filingId: string | null;
  status: FilingStatus | 'not_started';
  statusLabel: string;
  submittedAt: string | null;
  deadline: string;
  isExtended: boolean;
  isOverdue: boolean;
  /** The administrator's level's review deadline for this enterprise's filing, and 逾期未审. */
  reviewDeadline: string | null;
  isReviewOverdue: boolean;
}

export interface CompletenessReport {
  task: { id: string; name: string; periodLabel: string; closesAt: string };
  /** The administrator's level's review deadline in the region's province (null across several provinces). */
  reviewDeadline: string | null;
  region: { code: string; name: string; level: RegionLevel };
  totals: CompletenessCounts;
  children: Array<CompletenessCounts & { regionCode: string; regionName: string }>;
  enterprises: CompletenessEnterprise[];
}

async function loadTask(ctx: AppContext, admin: Actor, taskId: string) {
  const tasks = await listTasksWithOwnerRegion(ctx.db);
  const task = tasks.find((row) => row.id === taskId);
  if (!task || !isTaskRelevantTo(admin, task)) throw notFound('任务');
  return task;
}

/**
 * 催报: 应报/已报/已审/未报/逾期 of a task for a region and each division below it, with the enterprises of the
 * region; drilling down means asking again for a child region.
 */
export async function getCompleteness(
  ctx: AppContext,
  actor: Actor,
  query: { taskId: string; regionCode?: string },
): Promise<CompletenessReport> {
  const admin = requireAdminActor(actor);
  const region = await findRegion(ctx.db, query.regionCode ?? admin.regionCode);
  assertAdminSeesRegion(admin, region);
  const task = await loadTask(ctx, admin, query.taskId);
  const [facts, children] = await Promise.all([
    listEnterpriseFilingFacts(ctx.readDb ?? ctx.db, {
      regionPrefix: regionScopePrefix(region.code, region.level),
      taskId: task.id,
      closesAt: task.closes_at,
    }),
    listChildRegions(ctx.db, region.code),
  ]);
  const review = {
    level: admin.adminLevel,
    chains: await loadChainSettings(ctx, [...facts.map((fact) => fact.region_code), region.code]),
  };
  const filings = obligedFilings(task, facts, ctx.now(), review);
  const regionChain = region.level === 'nation' ? undefined : review.chains.get(provinceCodeOf(region.code));
  const reviewDeadline =
    regionChain &&
    reviewDeadlineOf(
      { closesAt: task.closes_at, reviewDeadlines: task.review_deadlines },
      regionChain,
      admin.adminLevel,
    );
  const childRows = children
    .map((child) => {
      const prefix = regionScopePrefix(child.code, child.level);
      return {
        regionCode: child.code,
        regionName: child.name,
        ...countOf(
          filings.filter((filing) => filing.fact.region_code.startsWith(prefix)),
          adminLevelOfRegion(child),
        ),
      };
    })
    .filter((child) => child.expected > 0);
  return {
    task: {
      id: task.id,
      name: task.name,
      periodLabel: formatPeriodLabel(task.period_type, task.period),
      closesAt: task.closes_at.toISOString(),
    },
    reviewDeadline: reviewDeadline?.toISOString() ?? null,
    region: { code: region.code, name: region.name, level: region.level },
    totals: countOf(filings, adminLevelOfRegion(region)),
    children: childRows,
    enterprises: filings.map(({ fact, deadline, isOverdue, reviewDeadline: own, isReviewOverdue }) => ({
      enterpriseId: fact.enterprise_id,
      name: fact.name,
      uscc: fact.uscc,
      regionName: fact.region_name,
      filingId: fact.filing_id,
      status: fact.status ?? 'not_started',
      statusLabel: describeFilingState({
        status: fact.status ?? 'not_started',
        pendingLevel: fact.pending_level,
      }),
      submittedAt: fact.submitted_at?.toISOString() ?? null,
      deadline: deadline.toISOString(),
      isExtended: fact.deadline_extended_until !== null,
      isOverdue,
      reviewDeadline: own?.toISOString() ?? null,
      isReviewOverdue,
    })),
  };
}

/** 催报: reminds the enterprises of the region that have not submitted the task, in the app and by SMS. */
export async function sendReminders(
  ctx: AppContext,
  actor: Actor,
  input: RemindersInput,
  requestId?: string,
): Promise<{ notified: number; sms: { queued: number } }> {
  const admin = requireAdminActor(actor);
  const task = await loadTask(ctx, admin, input.taskId);
  const facts = await listEnterpriseFilingFacts(ctx.db, {
    regionPrefix: regionScopePrefix(admin.regionCode, admin.regionLevel),
    taskId: task.id,
    closesAt: task.closes_at,
  });
  const wanted = input.enterpriseIds ? new Set(input.enterpriseIds) : null;
  const chains = await loadChainSettings(
    ctx,
    facts.map((fact) => fact.region_code),
  );
  const targets = obligedFilings(task, facts, ctx.now(), { level: admin.adminLevel, chains }).filter(
    (filing) =>
      !filing.hasSubmitted && !filing.fact.is_excused && (!wanted || wanted.has(filing.fact.enterprise_id)),
  );
  const periodLabel = formatPeriodLabel(task.period_type, task.period);
  const text = input.message || `请尽快填报${periodLabel}软件和信息技术服务业统计报表（${task.name}）。`;
  // The notices and texts are queued with the audit row; the outbox worker writes and sends them after commit.
  const queued = await ctx.db.transaction().execute(async (trx) => {
    const { smsQueued } = await enqueueSideEffects(trx, [
      ...targets.map((target) => ({
        kind: 'notice' as const,
        notice: {
          enterpriseId: target.fact.enterprise_id,
          kind: 'reminder' as const,
          title: `催报：${periodLabel}报表尚未上报`,
          body: text,
          filingId: target.fact.filing_id,
          taskId: task.id,
          sentBy: admin.userId,
        },
      })),
      {
        kind: 'filer-sms' as const,
        enterpriseIds: targets.map((target) => target.fact.enterprise_id),
        text: noticeSmsText({ kind: 'reminder', periodLabel }, ctx.config.publicBaseUrl),
      },
    ]);
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'task.remind',
      subjectType: 'task',
      subjectId: task.id,
      regionCode: admin.regionCode,
      requestId,
      details: { enterpriseIds: targets.map((target) => target.fact.enterprise_id) },
    });
    return smsQueued;
  });
  ctx.outbox?.wake();
  return { notified: targets.length, sms: { queued } };
}
