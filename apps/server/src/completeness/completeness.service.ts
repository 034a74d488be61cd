import type {
  AdminOverview,
  CompletenessCounts,
  CompletenessReport,
  ReminderResult,
  TaskCompleteness,
} from '@zhibao/contracts';
import { authorize, authorizeActor, can, type PolicyAction } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import type { AdminLevel, TaskApplicationStatus } from '../db/schema.ts';
import { listFilerMobiles } from '../notice/notice.repository.ts';
import { formatChinaTime } from '../notice/china-time.ts';
import { noticeSmsText } from '../notice/notice-sms.ts';
import { reminderNotice, type ReminderKind } from '../notice/reminder-notice.ts';
import { enqueueSideEffects } from '../outbox/side-effects.ts';
import { adminLevelOfRegion } from '../region/admin-level.ts';
import { findRegion, findRegionLineage, listChildRegions } from '../region/region.repository.ts';
import { findChainSettings } from '../review/review-chain.repository.ts';
import { provinceCodeOf, reviewDeadlineOf, type ReviewChainSettings } from '../review/review-chain.ts';
import { formatPeriodLabel } from '../task/period.ts';
import { listTasksWithOwnerRegion, type TaskWithOwnerRow } from '../task/task.repository.ts';
import { listApplicationStatuses } from '../task-application/task-application.repository.ts';
import { isApplicationTask } from '../task-application/task-application.rules.ts';
import {
  listEnterpriseFilingFacts,
  listObligationFacts,
  type EnterpriseFilingFact,
} from './completeness.repository.ts';
import { figuresOf } from './completeness-figures.ts';
import { isObligationOf } from './region-obligations.ts';
import type { RemindersInput } from '@zhibao/contracts';

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
  return facts.filter(isObligationOf).map((fact) => {
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
  const admin = authorizeActor(actor, 'completeness.read');
  const prefix = regionScopePrefix(admin.regionCode, admin.regionLevel);
  const [lineage, tasks] = await Promise.all([
    findRegionLineage(ctx.db, admin.regionCode),
    listTasksWithOwnerRegion(ctx.db),
  ]);
  const now = ctx.now();
  const relevant = tasks.filter((task) => can(admin, 'task.read', task));
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

async function loadTask(
  ctx: AppContext,
  admin: Actor,
  taskId: string,
  action: Extract<PolicyAction, 'task.read' | 'completeness.remind'>,
) {
  const tasks = await listTasksWithOwnerRegion(ctx.db);
  const task = tasks.find((row) => row.id === taskId);
  authorize(admin, action, task);
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
  const admin = authorizeActor(actor, 'completeness.read');
  const region = await findRegion(ctx.db, query.regionCode ?? admin.regionCode);
  authorize(admin, 'region.read', region);
  const task = await loadTask(ctx, admin, query.taskId, 'task.read');
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
      pendingLevel: fact.pending_level,
      submittedAt: fact.submitted_at?.toISOString() ?? null,
      deadline: deadline.toISOString(),
      isExtended: fact.deadline_extended_until !== null,
      isOverdue,
      reviewDeadline: own?.toISOString() ?? null,
      isReviewOverdue,
    })),
  };
}

/**
 * 催报: reminds the enterprises of the region that have not submitted the task, in the app and by SMS. An
 * enterprise that has not taken up a 省/市 task is invited to apply instead; one whose application awaits a
 * decision is left out (its administrator decides first). Answers, per enterprise, what it was sent and whether an
 * SMS went out, and why not.
 */
export async function sendReminders(
  ctx: AppContext,
  actor: Actor,
  input: RemindersInput,
  requestId?: string,
): Promise<ReminderResult> {
  const admin = authorizeActor(actor, 'completeness.remind');
  const task = await loadTask(ctx, admin, input.taskId, 'completeness.remind');
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
  const unsubmitted = obligedFilings(task, facts, ctx.now(), { level: admin.adminLevel, chains }).filter(
    (filing) =>
      !filing.hasSubmitted && !filing.fact.is_excused && (!wanted || wanted.has(filing.fact.enterprise_id)),
  );
  // A 省/市 task is taken up by applying: an enterprise that has not is invited to; one whose application awaits a
  // decision or was refused is left to its administrators.
  const applications = isApplicationTask(task)
    ? await listApplicationStatuses(
        ctx.db,
        task.id,
        unsubmitted
          .filter((filing) => filing.fact.filing_id === null)
          .map((filing) => filing.fact.enterprise_id),
      )
    : new Map<string, TaskApplicationStatus>();
  const applicationOf = (filing: ObligedFiling) => applications.get(filing.fact.enterprise_id);
  const mustApply = (filing: ObligedFiling) =>
    isApplicationTask(task) && filing.fact.filing_id === null && applicationOf(filing) === undefined;
  const isUndecided = (filing: ObligedFiling) =>
    applicationOf(filing) === 'pending' || applicationOf(filing) === 'refused';
  const targets = unsubmitted.filter((filing) => !isUndecided(filing));
  const senderRegion = await findRegion(ctx.db, admin.regionCode);
  const periodLabel = formatPeriodLabel(task.period_type, task.period);
  // The notices and texts are queued with the audit row; the outbox worker writes and sends them after commit.
  const recipients = await ctx.db.transaction().execute(async (trx) => {
    const mobiles = await listFilerMobiles(
      trx,
      targets.map((target) => target.fact.enterprise_id),
    );
    const sent = targets.map((target) => {
      const kind: ReminderKind = mustApply(target) ? 'apply' : 'file';
      const numbers = new Set(
        mobiles.filter((row) => row.enterprise_id === target.fact.enterprise_id).map((row) => row.mobile!),
      );
      return { target, kind, numbers };
    });
    await enqueueSideEffects(
      trx,
      sent.flatMap(({ target, kind, numbers }) => [
        {
          kind: 'notice' as const,
          notice: reminderNotice({
            task: { id: task.id, name: task.name, periodLabel },
            enterpriseId: target.fact.enterprise_id,
            filingId: target.fact.filing_id,
            deadline: target.deadline,
            kind,
            sender: { userId: admin.userId, regionName: senderRegion?.name ?? '', level: admin.adminLevel },
            message: input.message,
          }),
        },
        {
          kind: 'sms' as const,
          mobiles: [...numbers],
          text: noticeSmsText(
            kind === 'apply'
              ? { kind: 'application-invitation', periodLabel }
              : { kind: 'reminder', periodLabel, deadline: formatChinaTime(target.deadline) },
            ctx.config.publicBaseUrl,
          ),
        },
      ]),
    );
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'task.remind',
      subjectType: 'task',
      subjectId: task.id,
      regionCode: admin.regionCode,
      requestId,
      details: { enterpriseIds: targets.map((target) => target.fact.enterprise_id) },
    });
    return sent.map(({ target, kind, numbers }) => ({
      enterpriseId: target.fact.enterprise_id,
      name: target.fact.name,
      kind,
      smsRecipients: numbers.size,
    }));
  });
  ctx.outbox?.wake();
  const skipped = unsubmitted.filter(isUndecided).map((filing) => ({
    enterpriseId: filing.fact.enterprise_id,
    name: filing.fact.name,
    reason:
      applicationOf(filing) === 'pending'
        ? ('application-pending' as const)
        : ('application-refused' as const),
  }));
  return {
    notified: recipients.length,
    sms: { queued: recipients.reduce((sum, recipient) => sum + recipient.smsRecipients, 0) },
    recipients,
    skipped,
  };
}
