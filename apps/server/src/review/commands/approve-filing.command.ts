import { authorizeActor } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import type { ApproveFilingInput } from '../review.schemas.ts';
import { loadFiling } from '../review-scope.ts';
import { decideFiling, type DecidedFiling } from './decide-filing.ts';

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
