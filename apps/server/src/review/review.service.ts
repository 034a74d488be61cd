import type { ReviewCellView, ReviewFilingDetail } from '@zhibao/contracts';
import { explanationKey } from '@zhibao/survey';
import { authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { listAuditEventsOf } from '../audit/audit-event.repository.ts';
import { formatPeriodLabel } from '../task/period.ts';
import { auditStoredFiling, cellIndexOf, deriveValues, diffValues } from './review-cells.ts';
import { findReviewChainOfRegion } from './review-chain.repository.ts';
import { listFilingReviews, listRevisions, listSubmittedFilings } from './review.repository.ts';
import {
  chainSettingsCache,
  comparisonValues,
  integritySignalsOf,
  loadFiling,
  reviewDeadlineFor,
} from './review-scope.ts';
import { actingLevelFor } from './review-takeover.ts';

/** 审核: one filing with its values, the engine's findings and the filer's explanations, and what changed. */
export async function getReviewFiling(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
): Promise<ReviewFilingDetail> {
  const admin = authorizeActor(actor, 'review.read');
  const row = await loadFiling(ctx, admin, filingId, 'review.read');
  const prefix = regionScopePrefix(admin.regionCode, admin.regionLevel);
  const [comparison, revisions, reviews, chain, history, deadline, signals, acting] = await Promise.all([
    comparisonValues(ctx, row),
    listRevisions(ctx.db, row.id),
    listFilingReviews(ctx.db, row.id),
    findReviewChainOfRegion(ctx.db, row.region_code),
    listAuditEventsOf(ctx.db, 'filing', row.id),
    reviewDeadlineFor(ctx, chainSettingsCache(ctx), row, admin.adminLevel),
    // The same company the queue compares a filing with: the others waiting at its level in the region.
    (row.status === 'submitted' && row.pending_level
      ? listSubmittedFilings(ctx.db, {
          regionPrefix: prefix,
          pendingLevel: row.pending_level,
          taskId: row.task_id,
        })
      : Promise.resolve([row])
    ).then((rows) => integritySignalsOf(ctx, prefix, rows)),
    actingLevelFor(ctx.db, admin, row),
  ]);
  const { edition_id: editionId, period_type: periodType } = row;
  const cells = cellIndexOf(editionId, periodType);
  const derived = deriveValues(editionId, periodType, row.cell_values);
  const derivedPrevious =
    comparison.previousPeriod && deriveValues(editionId, periodType, comparison.previousPeriod);
  const derivedLastYear =
    comparison.samePeriodLastYear && deriveValues(editionId, periodType, comparison.samePeriodLastYear);
  const findings = auditStoredFiling({
    editionId,
    periodType,
    period: row.period,
    values: row.cell_values,
    ...comparison,
  });
  const forms = new Map<string, ReviewCellView[]>();
  for (const cell of cells.values()) {
    if (!row.cell_values[cell.formId] && !derived[cell.formId]) continue;
    forms.set(cell.formId, [
      ...(forms.get(cell.formId) ?? []),
      {
        formId: cell.formId,
        key: cell.key,
        label: cell.label,
        name: cell.name,
        unit: cell.unit,
        isComputed: cell.isComputed,
        codeList: cell.codeList ?? null,
        value: derived[cell.formId]?.[cell.key] ?? null,
        previousPeriod: derivedPrevious?.[cell.formId]?.[cell.key] ?? null,
        samePeriodLastYear: derivedLastYear?.[cell.formId]?.[cell.key] ?? null,
      },
    ]);
  }
  const latest = revisions.at(-1);
  const before = revisions.at(-2);
  return {
    filingId: row.id,
    taskId: row.task_id,
    taskName: row.task_name,
    editionId,
    period: row.period,
    periodLabel: formatPeriodLabel(periodType, row.period),
    enterprise: {
      id: row.enterprise_id,
      name: row.enterprise_name,
      uscc: row.uscc,
      regionCode: row.region_code,
      regionName: row.region_name,
    },
    status: row.status,
    pendingLevel: row.pending_level,
    delegatedTo:
      row.status === 'submitted' && row.pending_level ? (chain.delegates[row.pending_level] ?? null) : null,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    chain: chain.levels.map((level) => ({
      level,
      delegatedTo: chain.delegates[level] ?? null,
    })),
    canReview: row.status === 'submitted' && row.pending_level === acting.level,
    takenOverBy: acting.takenOverBy ?? null,
    integritySignals: signals.get(row.id) ?? [],
    ...deadline,
    forms: [...forms].map(([formId, formCells]) => ({ formId, cells: formCells })),
    findings: findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      cells: finding.cells.map((cell) => ({ formId: cell.formId, key: cell.key })),
      explanation: row.explanations[explanationKey(finding)] ?? null,
    })),
    changesSincePreviousRevision:
      latest && before ? diffValues(cells, before.cell_values, latest.cell_values) : [],
    revisions: revisions.map((revision) => ({
      revisionNo: revision.revision_no,
      submittedAt: revision.submitted_at.toISOString(),
      submittedBy: revision.submitted_by_name,
    })),
    reviews: reviews.map((review) => ({
      level: review.level,
      action: review.action,
      reason: review.reason,
      cellComments: review.cell_comments,
      explanationVerdicts: review.explanation_verdicts,
      actorName: review.actor_name,
      createdAt: review.created_at.toISOString(),
      takenOverBy: review.taken_over_by_level,
    })),
    history: history.map((event) => ({
      action: event.action,
      actorName: event.actor_name,
      createdAt: event.created_at.toISOString(),
      details: event.details,
    })),
  };
}
