import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import {
  renderSummaryTable,
  type SummaryTableFile,
  type SummaryTableFormat,
} from '../aggregation/official-summary.service.ts';
import type { AppContext } from '../app-context.ts';
import { AppError, notFound } from '../http/app-error.ts';
import { findTaskInReach } from './region-submission.service.ts';
import { findRegionSubmissionById } from './review.repository.ts';

/**
 * The 汇总表 a region sent with its pass-up, exactly as sent (later changes below do not touch it), for the
 * region's administrators and those above; anyone else reads "not found".
 */
export async function downloadPassUpSummaryTable(
  ctx: AppContext,
  actor: Actor,
  submissionId: string,
  format: SummaryTableFormat,
): Promise<SummaryTableFile> {
  const admin = authorizeActor(actor, 'region.read');
  const passUp = await findRegionSubmissionById(ctx.db, submissionId);
  // A missing pass-up answers as one out of reach does.
  if (!passUp) throw notFound('地区');
  authorize(admin, 'region.read', { code: passUp.region_code });
  await findTaskInReach(ctx, admin, passUp.task_id);
  if (!passUp.summary_table) {
    throw new AppError(
      'NOT_FOUND',
      '这次上报早于汇总表随上报保存，没有随附的汇总表；请在汇总页导出当前的汇总表',
    );
  }
  return renderSummaryTable(ctx, passUp.summary_table, format);
}
