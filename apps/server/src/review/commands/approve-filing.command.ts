import { authorizeActor } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import type { ApproveFilingInput, DecidedFiling } from '@zhibao/contracts';
import type { Finding } from '@zhibao/survey';
import { findingsForReview, loadFiling } from '../review-scope.ts';
import { decideFiling } from './decide-filing.ts';

export function assertNoRejectedExplanation(verdicts: Record<string, 'accepted' | 'rejected'>): void {
  const rejected = Object.entries(verdicts).filter(([, verdict]) => verdict === 'rejected');
  if (rejected.length > 0) {
    throw new AppError(
      'CONFLICT',
      '有未被接受的警告说明，不能审核通过；请退回企业修改',
      rejected.map(([ruleId]) => ({ name: `explanationVerdicts.${ruleId}`, reason: '说明未被接受' })),
    );
  }
}

/**
 * A serious warning stands in the filing only with the enterprise's 审核说明; approving it means the reviewer
 * accepted each one. A warning without an accepted verdict refuses the approval, naming the rule.
 */
export function assertEveryWarningAccepted(
  findings: readonly Finding[],
  verdicts: Record<string, 'accepted' | 'rejected'>,
): void {
  const undecided = [
    ...new Set(findings.filter((finding) => finding.severity === 'warning').map((finding) => finding.ruleId)),
  ].filter((ruleId) => verdicts[ruleId] !== 'accepted');
  if (undecided.length > 0) {
    throw new AppError(
      'REVIEW_EXPLANATION_UNDECIDED',
      `有${undecided.length}条严重警告的审核说明尚未接受，请逐条判断；不接受的请退回企业修改`,
      undecided.map((ruleId) => ({
        name: `explanationVerdicts.${ruleId}`,
        reason: '请判断是否接受该审核说明',
      })),
    );
  }
}

/** 审核通过: passes the filing to the next level of its chain, or makes it final at the last one. */
export async function approveFiling(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
  input: ApproveFilingInput,
  meta: RequestMeta,
): Promise<DecidedFiling> {
  const admin = authorizeActor(actor, 'review.approve');
  const row = await loadFiling(ctx, admin, filingId, 'review.approve');
  assertNoRejectedExplanation(input.explanationVerdicts);
  assertEveryWarningAccepted(await findingsForReview(ctx, row), input.explanationVerdicts);
  return decideFiling(
    ctx,
    admin,
    row,
    {
      type: 'approve',
      reason: input.comment ?? null,
      cellComments: [],
      explanationVerdicts: input.explanationVerdicts,
    },
    meta,
  );
}
