import type { SavedDraft } from '@zhibao/contracts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import type { CellValues, FilingStatus } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { findReviewChainOfRegion } from '../../review/review-chain.repository.ts';
import { diffCellValues } from '../filing-history.ts';
import {
  assertValuesShape,
  assertWindowOpen,
  auditScopeValues,
  filingToWrite,
  loadContext,
  loadTaskScope,
  loadedFilingEditedBy,
  stateOf,
  versionConflictError,
} from '../filing-scope.ts';
import { applyFilingCommand } from '../filing-transitions.ts';
import { commitFilingTransition, isFilingVersionConflict } from './commit-filing-transition.ts';

/**
 * 保存 (and autosave): a draft always saves whatever its audit finds, as long as nobody else saved since
 * the filer loaded `version`. Over an existing filing it is one statement (the filing and its cells' history);
 * the first save creates the filing with its audit row.
 */
export async function saveDraft(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  input: { version: number | null; values: CellValues },
  meta: RequestMeta,
): Promise<SavedDraft> {
  const scope = await loadTaskScope(ctx, actor, taskId, 'filing.save');
  const now = ctx.now();
  assertWindowOpen(scope, now);
  const values = assertValuesShape(scope, input.values);
  const chain = await findReviewChainOfRegion(ctx.db, scope.enterprise.region_code);
  const transition = applyFilingCommand(stateOf(scope.filing, false), { type: 'save' }, chain.levels);
  if (!transition.ok) throw new AppError(transition.code, transition.reason);
  const next = transition.state;

  let version: number;
  try {
    const loaded = loadedFilingEditedBy(scope.filing, input.version);
    ({ version } = await commitFilingTransition(ctx.db, {
      filing: filingToWrite(scope, loaded),
      next,
      write: {
        kind: 'values',
        values: values as CellValues,
        changes: loaded ? diffCellValues(loaded.cell_values, values as CellValues) : [],
      },
      // A save over the filing is recorded by its cells' history alone; the first one also on the audit trail.
      audit: loaded
        ? undefined
        : { action: 'filing.save', details: { from: 'not_started', to: 'draft', taskId: scope.task.id } },
      regionCode: scope.enterprise.region_code,
      actor: { userId: actor.userId, requestId: meta.requestId, ip: meta.ip },
      now,
    }));
  } catch (error) {
    if (isFilingVersionConflict(error)) throw await versionConflictError(ctx, scope);
    throw error;
  }
  const context = await loadContext(ctx, scope);
  return {
    version,
    status: next.status as FilingStatus,
    pendingLevel: next.pendingLevel,
    updatedAt: now.toISOString(),
    findings: auditScopeValues(scope, values, context),
  };
}
