import { authorize, authorizeActor } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { auditStoredFiling } from '../review-cells.ts';
import { findFilingForReview } from '../review.repository.ts';
import { comparisonValues } from '../review-scope.ts';
import { decideFiling } from './decide-filing.ts';

/** 批量审核通过: approves the selected filings the engine finds clean; the others are named with the reason. */
export async function approveCleanFilings(
  ctx: AppContext,
  actor: Actor,
  filingIds: string[],
  meta: RequestMeta,
): Promise<{
  approved: string[];
  skipped: Array<{ filingId: string; enterpriseName: string | null; reason: string }>;
}> {
  const admin = authorizeActor(actor, 'review.bulk-approve');
  const approved: string[] = [];
  const skipped: Array<{ filingId: string; enterpriseName: string | null; reason: string }> = [];
  for (const filingId of new Set(filingIds)) {
    const row = await findFilingForReview(ctx.db, filingId);
    try {
      authorize(admin, 'review.approve', row && { id: row.enterprise_id, regionCode: row.region_code });
      const comparison = await comparisonValues(ctx, row);
      const findings = auditStoredFiling({
        editionId: row.edition_id,
        periodType: row.period_type,
        period: row.period,
        values: row.cell_values,
        ...comparison,
      });
      if (findings.some((finding) => finding.severity !== 'hint')) {
        skipped.push({
          filingId,
          enterpriseName: row.enterprise_name,
          reason: '有审核错误或警告，请逐份审核',
        });
        continue;
      }
      await decideFiling(
        ctx,
        admin,
        row,
        { type: 'approve', reason: '批量审核通过', cellComments: [], explanationVerdicts: {} },
        meta,
      );
      approved.push(filingId);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped.push({
        filingId,
        enterpriseName: row && error.code !== 'NOT_FOUND' ? row.enterprise_name : null,
        reason: error.message,
      });
    }
  }
  return { approved, skipped };
}
