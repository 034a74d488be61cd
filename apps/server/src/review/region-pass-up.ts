import type { CompletenessFigures, PassUpDifference, PassUpSnapshot } from '@zhibao/contracts';
import { regionScopePrefix } from '../access/region-scope.ts';
import { mergeTotals } from '../aggregation/aggregation-indicators.ts';
import { listRegionTotals } from '../aggregation/aggregation.repository.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { figuresOf, isOutstandingAt } from '../completeness/completeness-figures.ts';
import {
  countObligationFacts,
  listObligationsNotPassedAt,
  type EnterpriseFilingFact,
} from '../completeness/completeness.repository.ts';
import type { Database } from '../db/database.ts';
import type { AdminLevel, FilingStatus, RegionLevel } from '../db/schema.ts';
import { describeFilingState } from '../filing/filing-transitions.ts';
import { enqueueSideEffects } from '../outbox/side-effects.ts';
import { adminLevelOfRegion } from '../region/admin-level.ts';
import { findRegionLineage } from '../region/region.repository.ts';
import { formatPeriodLabel } from '../task/period.ts';
import { findTaskWithOwnerRegion, type TaskWithOwnerRow } from '../task/task.repository.ts';
import { findReviewChainOfRegion } from './review-chain.repository.ts';
import { hasPassedReviewAt } from './review-level.ts';
import { listStandingPassUps, markPassUpReopened } from './region-workflow.repository.ts';

/*
 * What a region's pass-up (上报至上级) certifies: every obligation of the task in the region passed the review of
 * the region's level or was excused (免报). The pass-up freezes the figures and the region's totals as passed
 * (its snapshot); a later change below that moves them re-opens it and tells the level above the difference.
 */

/** An obligation that keeps a region from passing up, as the refusal names it. */
export interface OutstandingObligation {
  enterpriseId: string;
  name: string;
  regionName: string;
  statusLabel: string;
}

export interface RegionState {
  figures: CompletenessFigures;
  outstanding: OutstandingObligation[];
  /** The region's totals over the filings that passed its level's review (indicator id → value). */
  totals: Record<string, number | null>;
}

/** The figures, outstanding obligations and totals of a task in a region, counted at the region's own level. */
export async function regionStateOf(
  db: Database,
  task: TaskWithOwnerRow,
  region: { code: string; level: RegionLevel },
): Promise<RegionState> {
  const level = adminLevelOfRegion(region);
  const regionPrefix = regionScopePrefix(region.code, region.level);
  // Counted in SQL; only the obligations not yet past the region's review are read one by one.
  const [counted, notPassed, totalsRows] = await Promise.all([
    countObligationFacts(db, { regionPrefix, task }),
    listObligationsNotPassedAt(db, { regionPrefix, task, level }),
    listRegionTotals(db, { taskIds: [task.id], regionPrefix, level, includeSubmitted: false }),
  ]);
  return {
    figures: figuresOf(counted, level),
    outstanding: notPassed.filter((fact) => isOutstandingAt(fact, level)).map((fact) => outstandingOf(fact)),
    totals: mergeTotals(task, totalsRows, () => 'region').values.get('region') ?? {},
  };
}

function outstandingOf(fact: EnterpriseFilingFact): OutstandingObligation {
  return {
    enterpriseId: fact.enterprise_id,
    name: fact.name,
    regionName: fact.region_name,
    statusLabel: describeFilingState({
      status: fact.status ?? 'not_started',
      pendingLevel: fact.pending_level,
    }),
  };
}

export function snapshotOf(state: RegionState, now: Date): PassUpSnapshot {
  return { figures: state.figures, totals: state.totals, takenAt: now.toISOString() };
}

const figureKeys = [
  'expected',
  'submitted',
  'onTime',
  'approved',
  'excused',
  'awaitingApplication',
  'outstanding',
] as const;

/** How the region moved since its pass-up: the figures and totals that changed (now − passed). */
export function differenceOf(snapshot: PassUpSnapshot, state: RegionState): PassUpDifference {
  const figures: Record<string, number> = {};
  for (const key of figureKeys) {
    const change = state.figures[key] - snapshot.figures[key];
    if (change !== 0) figures[key] = change;
  }
  const totals: Record<string, number> = {};
  for (const id of new Set([...Object.keys(snapshot.totals), ...Object.keys(state.totals)])) {
    // Money is kept to the cent (exact-sum.ts): a change below a thousandth is the float's, not the region's.
    const change = Math.round(((state.totals[id] ?? 0) - (snapshot.totals[id] ?? 0)) * 1000) / 1000;
    if (change !== 0) totals[id] = change;
  }
  return { figures, totals };
}

export function isNoDifference(difference: PassUpDifference): boolean {
  return Object.keys(difference.figures).length === 0 && Object.keys(difference.totals).length === 0;
}

const figureLabel: Record<(typeof figureKeys)[number], string> = {
  expected: '应报',
  submitted: '已报',
  onTime: '按时上报',
  approved: '已审',
  excused: '免报',
  awaitingApplication: '待申请',
  outstanding: '待审或未报',
};

/** The difference in words for a notice: 已审 −1；软件业务收入 −1200（共2项指标有变化）. */
export function describeDifference(difference: PassUpDifference): string {
  const signed = (value: number) => (value > 0 ? `+${value}` : `${value}`);
  const figures = Object.entries(difference.figures).map(
    ([key, change]) => `${figureLabel[key as (typeof figureKeys)[number]]} ${signed(change)}`,
  );
  const totals = Object.keys(difference.totals).length;
  return [...figures, ...(totals > 0 ? [`${totals}项汇总指标有变化`] : [])].join('；');
}

/**
 * After a change below (a decision on a filing, an excusal), inside its transaction: every standing pass-up of
 * the task by a region containing the enterprise's division whose figures or totals moved is re-opened, with
 * an audit row, and the level above it (and the region itself) is told the difference through the outbox.
 */
export async function reopenPassUpsAffectedBy(
  trx: Database,
  change: {
    taskId: string;
    regionCode: string;
    /** A filing's move, when the change is one: pass-ups whose level it cannot affect are left alone. */
    move?: { from: FilingPlace; to: FilingPlace };
    actorUserId: string;
    requestId: string | null;
    ip: string | null;
    now: Date;
  },
): Promise<void> {
  const lineage = await findRegionLineage(trx, change.regionCode);
  const standing = await listStandingPassUps(trx, {
    taskId: change.taskId,
    regionCodes: lineage.map((region) => region.code),
  });
  if (standing.length === 0) return;
  const task = await findTaskWithOwnerRegion(trx, change.taskId);
  if (!task) return;
  const chain = await findReviewChainOfRegion(trx, change.regionCode);
  for (const passUp of standing) {
    const region = lineage.find((each) => each.code === passUp.region_code);
    // Pass-ups made before snapshots were kept have nothing to compare with.
    if (!region || !passUp.snapshot) continue;
    // A move that leaves the filing's 已报 and its 已审 at this level as they were changes nothing passed (the
    // ministry approving a filing the province passed): the region's figures are not counted again.
    if (change.move && !movesFiguresAt(change.move, passUp.level)) continue;
    const difference = differenceOf(passUp.snapshot, await regionStateOf(trx, task, region));
    if (isNoDifference(difference)) continue;
    if (!(await markPassUpReopened(trx, { id: passUp.id, difference, now: change.now }))) continue;
    await insertAuditEvent(trx, {
      actorUserId: change.actorUserId,
      action: 'region.reopen',
      subjectType: 'region-submission',
      subjectId: passUp.id,
      regionCode: passUp.region_code,
      requestId: change.requestId,
      ip: change.ip,
      details: { taskId: change.taskId, level: passUp.level, difference },
    });
    const above = upperRegionOf(lineage, chain.levels, passUp.level);
    const periodLabel = formatPeriodLabel(task.period_type, task.period);
    const body = `${region.name}已上报的${periodLabel}「${task.name}」在上报后发生变化：${describeDifference(difference)}。该地区的上报已重新打开，须重新审核后上报。`;
    await enqueueSideEffects(trx, [
      ...(above
        ? [
            {
              kind: 'region-notice' as const,
              notice: {
                regionCode: above.code,
                kind: 'pass-up-reopened' as const,
                title: `${region.name}的上报已重新打开`,
                body,
                taskId: change.taskId,
                sentBy: change.actorUserId,
              },
            },
          ]
        : []),
      {
        kind: 'region-notice',
        notice: {
          regionCode: region.code,
          kind: 'pass-up-reopened',
          title: '本地区的上报已重新打开',
          body,
          taskId: change.taskId,
          sentBy: change.actorUserId,
        },
      },
    ]);
  }
}

type FilingPlace = { status: FilingStatus | 'not_started'; pending_level: AdminLevel | null };

function movesFiguresAt(move: { from: FilingPlace; to: FilingPlace }, level: AdminLevel): boolean {
  const isSubmitted = (place: FilingPlace) => place.status === 'submitted' || place.status === 'approved';
  return (
    isSubmitted(move.from) !== isSubmitted(move.to) ||
    hasPassedReviewAt(move.from, level) !== hasPassedReviewAt(move.to, level)
  );
}

/** The region of the lineage that reviews at the chain's next level above `level` (where its pass-up goes). */
export function upperRegionOf<R extends { code: string; level: RegionLevel }>(
  lineage: readonly R[],
  chainLevels: readonly AdminLevel[],
  level: AdminLevel,
): R | undefined {
  const next = chainLevels[chainLevels.indexOf(level) + 1];
  return next ? lineage.find((region) => adminLevelOfRegion(region) === next) : undefined;
}
