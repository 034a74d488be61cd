import type { DecidedFiling } from '@zhibao/contracts';
import type { AppContext } from '../../app-context.ts';
import type { CellComment, FilingStatus } from '../../db/schema.ts';
import { commitFilingTransition } from '../../filing/commands/commit-filing-transition.ts';
import { applyFilingCommand } from '../../filing/filing-transitions.ts';
import { AppError } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { findReviewChainOfRegion } from '../review-chain.repository.ts';
import type { ReviewFilingRow } from '../review.repository.ts';
import { actingLevelFor } from '../review-takeover.ts';
import type { Admin } from '../review-scope.ts';
import type { SideEffect } from '../../outbox/side-effects.ts';

/** A reviewer's decision on one filing, as its review row and audit row record it. */
export interface ReviewDecision {
  type: 'approve' | 'return';
  reason: string | null;
  cellComments: CellComment[];
  explanationVerdicts: Record<string, 'accepted' | 'rejected'>;
}

/**
 * 审核通过 or 退回 at the administrator's level: the transition table decides where the filing goes, and the
 * shared step writes it with the review and audit rows, only if nobody decided on it since it was loaded.
 */
export async function decideFiling(
  ctx: AppContext,
  admin: Admin,
  row: ReviewFilingRow,
  decision: ReviewDecision,
  meta: RequestMeta,
  /** What the decision causes after commit (退回's notice and SMS), queued in its transaction. */
  sideEffects?: SideEffect[],
): Promise<DecidedFiling> {
  const [chain, acting] = await Promise.all([
    findReviewChainOfRegion(ctx.db, row.region_code),
    actingLevelFor(ctx.db, admin, row),
  ]);
  const result = applyFilingCommand(
    { status: row.status, pendingLevel: row.pending_level, hasReviewerActed: true },
    { type: decision.type, level: acting.level },
    chain.levels,
  );
  if (!result.ok) throw new AppError(result.code, result.reason);
  const next = result.state;
  await commitFilingTransition(ctx.db, {
    filing: row,
    next,
    write: { kind: 'state' },
    review: {
      level: acting.level,
      takenOverBy: acting.takenOverBy,
      action: decision.type,
      reason: decision.reason,
      cellComments: decision.cellComments,
      explanationVerdicts: decision.explanationVerdicts,
      isOfLatestRevision: true,
    },
    audit: {
      action: decision.type === 'approve' ? 'filing.approve' : 'filing.return',
      details: {
        level: acting.level,
        ...(acting.takenOverBy ? { takenOverBy: acting.takenOverBy } : {}),
        from: { status: row.status, pendingLevel: row.pending_level },
        to: { status: next.status, pendingLevel: next.pendingLevel },
        reason: decision.reason,
        cellComments: decision.cellComments,
        explanationVerdicts: decision.explanationVerdicts,
      },
    },
    regionCode: row.region_code,
    actor: { userId: admin.userId, requestId: meta.requestId, ip: meta.ip },
    now: ctx.now(),
    sideEffects: sideEffects && (() => sideEffects),
  });
  if (sideEffects) ctx.outbox?.wake();
  return {
    status: next.status as FilingStatus,
    pendingLevel: next.pendingLevel,
    delegatedTo:
      next.status === 'submitted' && next.pendingLevel ? (chain.delegates[next.pendingLevel] ?? null) : null,
  };
}
