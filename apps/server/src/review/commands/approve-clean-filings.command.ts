import type { BulkApproval } from '@zhibao/contracts';
import { authorize, authorizeActor } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import { regionScopePrefix } from '../../access/region-scope.ts';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { findFilingForReview, type ReviewFilingRow } from '../review.repository.ts';
import { findingsForReview, integritySignalsOf } from '../review-scope.ts';
import { decideFiling } from './decide-filing.ts';

type Skipped = BulkApproval['skipped'][number];

/**
 * 批量审核通过: approves the selected filings that need no decision of their own — no error or warning from the
 * engine (so no 审核说明 to judge) and no 代报 signal; the others are named with the reason, to be reviewed one by one.
 */
export async function approveCleanFilings(
  ctx: AppContext,
  actor: Actor,
  filingIds: string[],
  meta: RequestMeta,
): Promise<BulkApproval> {
  const admin = authorizeActor(actor, 'review.bulk-approve');
  const approved: string[] = [];
  const skipped: Skipped[] = [];
  const rows: ReviewFilingRow[] = [];
  const order = [...new Set(filingIds)];
  for (const filingId of order) {
    const row = await findFilingForReview(ctx.db, filingId);
    try {
      authorize(admin, 'review.approve', row && { id: row.enterprise_id, regionCode: row.region_code });
      rows.push(row);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped.push({ filingId, enterpriseName: null, reason: error.message });
    }
  }
  const signals = await integritySignalsOf(ctx, regionScopePrefix(admin.regionCode, admin.regionLevel), rows);
  for (const row of rows) {
    const flags = signals.get(row.id) ?? [];
    if (flags.length > 0) {
      skipped.push({
        filingId: row.id,
        enterpriseName: row.enterprise_name,
        reason: `有疑似代报提示，请逐份审核：${flags.join('；')}`,
      });
      continue;
    }
    const findings = await findingsForReview(ctx, row);
    if (findings.some((finding) => finding.severity !== 'hint')) {
      skipped.push({
        filingId: row.id,
        enterpriseName: row.enterprise_name,
        reason: '有审核错误或警告，请逐份审核',
      });
      continue;
    }
    try {
      await decideFiling(
        ctx,
        admin,
        row,
        { type: 'approve', reason: '批量审核通过', cellComments: [], explanationVerdicts: {} },
        meta,
      );
      approved.push(row.id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped.push({ filingId: row.id, enterpriseName: row.enterprise_name, reason: error.message });
    }
  }
  // Named in the order they were selected.
  skipped.sort((a, b) => order.indexOf(a.filingId) - order.indexOf(b.filingId));
  return { approved, skipped };
}
