import { getEdition, type FilingValues } from '@zhibao/survey';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { reportNameOf } from '../filing/filing-scope.ts';
import { describeFilingState } from '../filing/filing-transitions.ts';
import { loadVisibleFiling } from '../filing/filing.service.ts';
import { submissionChecksum } from '../filing/submission-checksum.ts';
import { AppError } from '../http/app-error.ts';
import { formatPeriodLabel } from '../task/period.ts';
import { requireCjkFont } from './cjk-font.ts';
import { findReceiptSources } from './export.repository.ts';
import { buildFilingReceiptPdf } from './filing-receipt-pdf.ts';

/**
 * 打印回执: a PDF of the filing's latest submission with its receipt (time, version, SHA-256 of the values), for
 * the enterprise that filed it and the administrators of its region and above; anyone else reads "not found".
 */
export async function printFilingReceipt(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
): Promise<{ fileName: string; content: Buffer }> {
  await loadVisibleFiling(ctx, actor, filingId);
  const source = await findReceiptSources(ctx.db, filingId);
  if (!source) throw new AppError('FILING_NOT_SUBMITTED', '该报表尚未上报，没有上报回执');
  const font = await requireCjkFont(ctx.config.cjkFontPath);
  const reportName = reportNameOf(source);
  const values = source.cell_values as FilingValues;
  const content = await buildFilingReceiptPdf(
    {
      edition: getEdition(source.edition_id),
      periodType: source.period_type,
      periodLabel: formatPeriodLabel(source.period_type, source.period),
      reportName,
      enterprise: { name: source.enterprise_name, uscc: source.uscc },
      statusLabel: describeFilingState({ status: source.status, pendingLevel: source.pending_level }),
      revisionNo: source.revision_no,
      submittedAt: source.submitted_at,
      submittedBy: source.submitted_by_name,
      values,
      checksum: submissionChecksum(values),
    },
    font,
  );
  return { fileName: `${reportName}-上报回执-第${source.revision_no}版.pdf`, content };
}
