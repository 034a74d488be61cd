import type { ReviewQueueItem } from '@zhibao/contracts';
import { authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import type { CellValues } from '../db/schema.ts';
import { findRegion } from '../region/region.repository.ts';
import { listTakeoversBy } from './region-workflow.repository.ts';
import { formatPeriodLabel, previousPeriodOf, samePeriodLastYearOf } from '../task/period.ts';
import { auditStoredFiling, deriveValues, headlineCell, numericValue } from './review-cells.ts';
import { findSamePeriodValues, listSubmittedFilings, type ReviewFilingRow } from './review.repository.ts';
import type { ReviewQueueQuery } from '@zhibao/contracts';
import { chainSettingsCache, integritySignalsOf, reviewDeadlineFor, scopePrefixFor } from './review-scope.ts';

/**
 * 审核队列: the filings waiting for the administrator's level in their region, each with the engine's findings,
 * its influence on the region's total and signals of filing on behalf of others (代报), which never block.
 */
export async function listReviewQueue(
  ctx: AppContext,
  actor: Actor,
  query: ReviewQueueQuery,
): Promise<{ items: ReviewQueueItem[] }> {
  const admin = authorizeActor(actor, 'review.queue');
  const prefix = await scopePrefixFor(ctx, admin, query.regionCode);
  const rows = await listSubmittedFilings(ctx.db, {
    regionPrefix: prefix,
    pendingLevel: admin.adminLevel,
    taskId: query.taskId,
    keyword: query.keyword,
  });
  // 代为审核: the filings waiting in regions whose review this administrator's region took over.
  for (const takeover of await listTakeoversBy(ctx.db, admin.regionCode, query.taskId)) {
    const region = await findRegion(ctx.db, takeover.region_code);
    const takenPrefix = region ? regionScopePrefix(region.code, region.level) : null;
    if (!takenPrefix || !(takenPrefix.startsWith(prefix) || prefix.startsWith(takenPrefix))) continue;
    rows.push(
      ...(await listSubmittedFilings(ctx.db, {
        regionPrefix: takenPrefix.length > prefix.length ? takenPrefix : prefix,
        pendingLevel: takeover.level,
        taskId: takeover.task_id,
        keyword: query.keyword,
      })),
    );
  }

  const settingsOf = chainSettingsCache(ctx);
  const byTask = new Map<string, ReviewFilingRow[]>();
  for (const row of rows) byTask.set(row.task_id, [...(byTask.get(row.task_id) ?? []), row]);

  const items: ReviewQueueItem[] = [];
  for (const taskRows of byTask.values()) {
    const { period_type: periodType, period, edition_id: editionId } = taskRows[0]!;
    const enterpriseIds = taskRows.map((row) => row.enterprise_id);
    const previous = previousPeriodOf(periodType, period);
    const [lastYearRows, previousRows] = await Promise.all([
      findSamePeriodValues(ctx.db, { enterpriseIds, periodType, period: samePeriodLastYearOf(period) }),
      previous && periodType === 'month'
        ? findSamePeriodValues(ctx.db, { enterpriseIds, periodType, period: previous })
        : Promise.resolve([]),
    ]);
    const lastYearOf = new Map(lastYearRows.map((row) => [row.enterprise_id, row.cell_values]));
    const previousOf = new Map(previousRows.map((row) => [row.enterprise_id, row.cell_values]));
    const headline = headlineCell(periodType);
    const valueOf = (values: CellValues | undefined) =>
      values
        ? numericValue(deriveValues(editionId, periodType, values), headline.formId, headline.key)
        : null;

    const facts = taskRows.map((row) => ({
      row,
      value: valueOf(row.cell_values),
      lastYear: valueOf(lastYearOf.get(row.enterprise_id)),
      findings: auditStoredFiling({
        editionId,
        periodType,
        period,
        values: row.cell_values,
        previousPeriod: previousOf.get(row.enterprise_id),
        samePeriodLastYear: lastYearOf.get(row.enterprise_id),
      }),
    }));
    // What history predicts: last year's value grown at the rate of the enterprises that filed both years.
    const paired = facts.filter((fact) => fact.value !== null && fact.lastYear !== null && fact.lastYear > 0);
    const pairedLastYear = paired.reduce((sum, fact) => sum + fact.lastYear!, 0);
    const growth =
      pairedLastYear > 0 ? paired.reduce((sum, fact) => sum + fact.value!, 0) / pairedLastYear : 1;
    const total = facts.reduce((sum, fact) => sum + Math.abs(fact.value ?? 0), 0);

    const signals = await integritySignalsOf(ctx, prefix, taskRows);

    for (const fact of facts) {
      const { row } = fact;
      const predicted = fact.lastYear !== null ? fact.lastYear * growth : 0;
      const deviation = Math.abs((fact.value ?? 0) - predicted);
      const errorCount = fact.findings.filter((finding) => finding.severity === 'error').length;
      const warningCount = fact.findings.filter((finding) => finding.severity === 'warning').length;
      items.push({
        filingId: row.id,
        taskId: row.task_id,
        taskName: row.task_name,
        period,
        periodLabel: formatPeriodLabel(periodType, period),
        enterpriseId: row.enterprise_id,
        enterpriseName: row.enterprise_name,
        uscc: row.uscc,
        regionCode: row.region_code,
        regionName: row.region_name,
        submittedAt: row.submitted_at?.toISOString() ?? null,
        pendingLevel: row.pending_level,
        errorCount,
        warningCount,
        hintCount: fact.findings.length - errorCount - warningCount,
        isClean: errorCount + warningCount === 0,
        headlineValue: fact.value,
        influence: total > 0 ? deviation / total : 0,
        integritySignals: signals.get(row.id) ?? [],
        ...(await reviewDeadlineFor(ctx, settingsOf, row, admin.adminLevel)),
      });
    }
  }

  const filtered = items.filter((item) =>
    query.findings === 'clean' ? item.isClean : query.findings === 'with-findings' ? !item.isClean : true,
  );
  if (query.orderBy === 'influence') filtered.sort((a, b) => b.influence - a.influence);
  else filtered.sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
  return { items: filtered };
}
