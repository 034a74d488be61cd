import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { findReviewChainOfRegion } from '../../review/review-chain.repository.ts';
import { listReviewsOfFiling } from '../filing.repository.ts';
import {
  assertWindowOpen,
  hasReviewerActedSince,
  loadTaskScope,
  loadedFilingEditedBy,
  stateOf,
  versionConflictError,
} from '../filing-scope.ts';
import { applyFilingCommand } from '../filing-transitions.ts';
import { getTaskFiling } from '../filing.service.ts';
import type { FilingView } from '@zhibao/contracts';
import { commitFilingTransition, isFilingVersionConflict } from './commit-filing-transition.ts';

/** 取消上报: while the window is open and no reviewer has acted, the filing becomes an editable draft again. */
export async function cancelSubmission(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  input: { version: number | null },
  meta: RequestMeta,
): Promise<FilingView> {
  const scope = await loadTaskScope(ctx, actor, taskId, 'filing.cancel');
  const { filing } = scope;
  if (!filing) throw new AppError('FILING_NOT_SUBMITTED', '报表尚未上报，无需取消上报');
  assertWindowOpen(scope, ctx.now());
  const [chain, reviews] = await Promise.all([
    findReviewChainOfRegion(ctx.db, scope.enterprise.region_code),
    listReviewsOfFiling(ctx.db, filing.id),
  ]);
  const transition = applyFilingCommand(
    stateOf(filing, hasReviewerActedSince(reviews, filing)),
    { type: 'cancel-submission' },
    chain.levels,
  );
  if (!transition.ok) throw new AppError(transition.code, transition.reason);
  const now = ctx.now();
  try {
    // A page that sent no version cancels what was loaded; one that did must have seen that very version.
    loadedFilingEditedBy(filing, input.version ?? filing.version);
    await commitFilingTransition(ctx.db, {
      filing,
      next: transition.state,
      write: { kind: 'state', submittedAt: null },
      audit: {
        action: 'filing.cancel-submission',
        details: { from: filing.status, to: transition.state.status, pendingLevel: filing.pending_level },
      },
      regionCode: scope.enterprise.region_code,
      actor: { userId: actor.userId, requestId: meta.requestId, ip: meta.ip },
      now,
    });
  } catch (error) {
    if (isFilingVersionConflict(error)) throw await versionConflictError(ctx, scope);
    throw error;
  }
  return getTaskFiling(ctx, actor, taskId);
}
