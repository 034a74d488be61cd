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
import { heavyReader } from '../db/read-routing.ts';
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
  countObligationFacts,
  listEnterpriseFilingFacts,
  listObligationFacts,
  listObligationPage,
  type CountedObligationFacts,
  type EnterpriseFilingFact,
} from './completeness.repository.ts';
import { figuresOf, isOverdue } from './completeness-figures.ts';
import { isObligationOf } from './region-obligations.ts';
import type { CompletenessFilter, CompletenessQuery, RemindersInput } from '@zhibao/contracts';

interface ObligedFiling {
  fact: EnterpriseFilingFact;
  /** The enterprise's own deadline: its extension when it has one. */
  deadline: Date;
  hasSubmitted: boolean;
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

type ReviewOf = { level: AdminLevel; chains: Map<string, ReviewChainSettings> };

/** The reviewing level's deadline for an enterprise of this division (its province's chain, its extension). */
function reviewDeadlineIn(
  task: TaskWithOwnerRow,
  review: ReviewOf,
  regionCode: string,
  extendedUntil: Date | null,
): Date | null {
  const chain = review.chains.get(provinceCodeOf(regionCode));
  return chain
    ? reviewDeadlineOf(
        { closesAt: task.closes_at, reviewDeadlines: task.review_deadlines },
        chain,
        review.level,
        extendedUntil,
      )
    : null;
}

function obligedFilings(task: TaskWithOwnerRow, facts: EnterpriseFilingFact[]): ObligedFiling[] {
  return facts.filter(isObligationOf).map((fact) => ({
    fact,
    deadline: fact.deadline_extended_until ?? task.closes_at,
    hasSubmitted: fact.is_submitted,
  }));
}

/** The counts of a region at its own level, from the facts counted in SQL (each row: how many share them). */
function countOfCounted(
  rows: readonly CountedObligationFacts[],
  task: TaskWithOwnerRow,
  now: Date,
  review: ReviewOf,
  regionLevel: AdminLevel,
): CompletenessCounts {
  const figures = figuresOf(rows, regionLevel);
  const sum = (keep: (row: CountedObligationFacts) => boolean) =>
    rows.reduce((total, row) => (keep(row) ? total + row.count : total), 0);
  return {
    ...figures,
    returned: sum((row) => row.status === 'returned'),
    notSubmitted: figures.expected - figures.submitted,
    overdue: sum((row) => isOverdue(row, task.closes_at, now) && !row.is_excused),
    reviewOverdue: sum((row) => {
      if (row.status !== 'submitted' || row.pending_level !== review.level) return false;
      const deadline = reviewDeadlineIn(task, review, row.region_code, row.deadline_extended_until);
      return deadline !== null && deadline < now;
    }),
  };
}

/**
 * How many obligations a filter of the 催报 page keeps, from the facts counted in SQL: the same conditions as the
 * page's SQL filter (listObligationPage), so a filter's total is the figure the page shows for it.
 */
function keptByFilter(
  rows: readonly CountedObligationFacts[],
  filter: CompletenessFilter,
  closesAt: Date,
  now: Date,
): number {
  const keeps: Record<CompletenessFilter, (row: CountedObligationFacts) => boolean> = {
    all: () => true,
    'not-submitted': (row) => !row.is_submitted && !row.is_awaiting_application,
    overdue: (row) => isOverdue(row, closesAt, now) && !row.is_excused,
    submitted: (row) => row.is_submitted && !row.is_awaiting_application,
    'awaiting-application': (row) => row.is_awaiting_application,
  };
  return rows.reduce((total, row) => (keeps[filter](row) ? total + row.count : total), 0);
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
  const { db: reader, freshness } = await heavyReader(ctx);
  const enterpriseCount = (await listObligationFacts(reader, prefix)).length;
  for (const task of relevant) {
    const counted = await countObligationFacts(reader, { regionPrefix: prefix, task });
    const chains = await loadChainSettings(
      ctx,
      counted.map((row) => row.region_code),
    );
    results.push({
      taskId: task.id,
      taskName: task.name,
      periodLabel: formatPeriodLabel(task.period_type, task.period),
      closesAt: task.closes_at.toISOString(),
      ...countOfCounted(counted, task, now, { level: admin.adminLevel, chains }, admin.adminLevel),
    });
  }
  return {
    region: { code: admin.regionCode, name: lineage[0]?.name ?? admin.regionCode },
    adminLevel: admin.adminLevel,
    freshness,
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
 * 催报: 应报/已报/已审/未报/逾期 of a task for a region and each division below it, counted in SQL, with one page of
 * the region's enterprises (filtered and sorted in SQL); drilling down means asking again for a child region.
 */
export async function getCompleteness(
  ctx: AppContext,
  actor: Actor,
  query: CompletenessQuery,
): Promise<CompletenessReport> {
  const admin = authorizeActor(actor, 'completeness.read');
  const region = await findRegion(ctx.db, query.regionCode ?? admin.regionCode);
  authorize(admin, 'region.read', region);
  const task = await loadTask(ctx, admin, query.taskId, 'task.read');
  const { db: reader, freshness } = await heavyReader(ctx);
  const now = ctx.now();
  const regionPrefix = regionScopePrefix(region.code, region.level);
  const children = await listChildRegions(ctx.db, region.code);
  // Counted per child division (by the longest of the children's code prefixes), not per district.
  const divisionLength = Math.max(
    regionPrefix.length,
    ...children.map((child) => regionScopePrefix(child.code, child.level).length),
  );
  const [counted, pageRows] = await Promise.all([
    countObligationFacts(reader, { regionPrefix, task, divisionLength }),
    listObligationPage(reader, {
      regionPrefix,
      task,
      now,
      filter: query.filter,
      orderBy: query.orderBy,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    }),
  ]);
  const review = {
    level: admin.adminLevel,
    chains: await loadChainSettings(ctx, [
      ...counted.map((row) => row.region_code),
      ...pageRows.map((row) => row.region_code),
      region.code,
    ]),
  };
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
        ...countOfCounted(
          counted.filter((row) => row.region_code.startsWith(prefix)),
          task,
          now,
          review,
          adminLevelOfRegion(child),
        ),
      };
    })
    .filter((child) => child.expected > 0 || child.awaitingApplication > 0);
  return {
    task: {
      id: task.id,
      name: task.name,
      periodLabel: formatPeriodLabel(task.period_type, task.period),
      closesAt: task.closes_at.toISOString(),
    },
    reviewDeadline: reviewDeadline?.toISOString() ?? null,
    region: { code: region.code, name: region.name, level: region.level },
    freshness,
    totals: countOfCounted(counted, task, now, review, adminLevelOfRegion(region)),
    children: childRows,
    enterprises: pageRows.map((row) => {
      const own = reviewDeadlineIn(task, review, row.region_code, row.deadline_extended_until);
      return {
        enterpriseId: row.enterprise_id,
        name: row.name,
        uscc: row.uscc,
        regionName: row.region_name,
        filingId: row.filing_id,
        status: row.status ?? 'not_started',
        pendingLevel: row.pending_level,
        submittedAt: row.submitted_at?.toISOString() ?? null,
        deadline: (row.deadline_extended_until ?? task.closes_at).toISOString(),
        isExtended: row.deadline_extended_until !== null,
        isExcused: row.is_excused,
        isAwaitingApplication: row.is_awaiting_application,
        isOverdue: row.is_overdue,
        reviewDeadline: own?.toISOString() ?? null,
        isReviewOverdue:
          own !== null && row.status === 'submitted' && row.pending_level === review.level && own < now,
      };
    }),
    enterpriseTotal: keptByFilter(counted, query.filter, task.closes_at, now),
    page: query.page,
    pageSize: query.pageSize,
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
    task,
  });
  const wanted = input.enterpriseIds ? new Set(input.enterpriseIds) : null;
  const unsubmitted = obligedFilings(task, facts).filter(
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
      const numbers = mobiles.filter((row) => row.enterprise_id === target.fact.enterprise_id);
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
          mobiles: numbers,
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
      smsRecipients: new Set(numbers.map((row) => row.mobile_hash ?? row.mobile)).size,
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
