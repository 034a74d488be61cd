import { authorizeActor } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { noticeSmsText } from '../../notice/notice-sms.ts';
import { adminLevelLabel } from '../../region/admin-level.ts';
import { formatPeriodLabel } from '../../task/period.ts';
import { cellIndexOf } from '../review-cells.ts';
import type { ReturnFilingInput } from '@zhibao/contracts';
import { loadFiling } from '../review-scope.ts';
import type { DecidedFiling } from '@zhibao/contracts';
import { decideFiling } from './decide-filing.ts';

/**
 * 退回: sends the filing back to the enterprise with a reason, overall and per cell. Writes (in one transaction,
 * through the shared step): the filing as 已退回 (version + 1), a filing_reviews row with the reasons and the
 * revision it decided on, and a filing.return audit row with the caller's address, and the enterprise's notice and SMS into the outbox (sent after commit).
 */
export async function returnFiling(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
  input: ReturnFilingInput,
  meta: RequestMeta,
): Promise<DecidedFiling> {
  const admin = authorizeActor(actor, 'review.return');
  const row = await loadFiling(ctx, admin, filingId, 'review.return');
  const cells = cellIndexOf(row.edition_id, row.period_type);
  const unknown = input.cellComments
    .map((comment, index) => ({ comment, index }))
    .filter(({ comment }) => !cells.has(`${comment.formId}.${comment.key}`));
  if (unknown.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      '退回意见指向的单元格不存在',
      unknown.map(({ comment, index }) => ({
        name: `cellComments.${index}`,
        reason: `报表中没有单元格 ${comment.formId}.${comment.key}`,
      })),
    );
  }
  // What the enterprise is told, on its notice board and by SMS: queued with the decision, sent after commit.
  const periodLabel = formatPeriodLabel(row.period_type, row.period);
  const cellLines = input.cellComments.map((comment) => {
    const cell = cells.get(`${comment.formId}.${comment.key}`)!;
    return `${cell.label} ${cell.name}：${comment.comment}`;
  });
  const title = `${periodLabel}报表被${adminLevelLabel[admin.adminLevel]}退回`;
  const body = [`退回原因：${input.reason}`, ...cellLines].join('\n');
  const smsText = noticeSmsText(
    { kind: 'filing-returned', periodLabel, level: admin.adminLevel },
    ctx.config.publicBaseUrl,
  );
  const result = await decideFiling(
    ctx,
    admin,
    row,
    {
      type: 'return',
      reason: input.reason,
      cellComments: input.cellComments,
      explanationVerdicts: input.explanationVerdicts,
    },
    meta,
    [
      {
        kind: 'notice',
        notice: {
          enterpriseId: row.enterprise_id,
          kind: 'filing-returned',
          title,
          body,
          filingId: row.id,
          taskId: row.task_id,
          sentBy: admin.userId,
        },
      },
      { kind: 'filer-sms', enterpriseIds: [row.enterprise_id], text: smsText },
    ],
  );
  return result;
}
