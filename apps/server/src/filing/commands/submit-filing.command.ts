import { explanationKey, hasVisibleText, type Finding } from '@zhibao/survey';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import type { CellValues, FilingStatus } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { findReviewChainOfRegion } from '../../review/review-chain.repository.ts';
import { listReviewsOfFiling, type FilingRecord } from '../filing.repository.ts';
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
import { findingCellPath } from '../filing-values.ts';
import { verificationAnswerKey, type FilingView } from '@zhibao/contracts';
import { presentFiling } from '../filing-view.ts';
import { commitFilingTransition, isFilingVersionConflict } from './commit-filing-transition.ts';

/** The cells the return that handed the filing back commented on (a 请核实's cells): the enterprise may answer them. */
async function answerableCells(
  ctx: AppContext,
  filing: { id: string; status: FilingStatus } | undefined,
): Promise<Array<{ formId: string; key: string }>> {
  if (filing?.status !== 'returned') return [];
  const latestReturn = (await listReviewsOfFiling(ctx.db, filing.id)).find(
    (review) => review.action === 'return',
  );
  return latestReturn?.cell_comments ?? [];
}

/**
 * 上报: re-audits authoritatively, refuses while a 必改错误 stands or a 严重警告 lacks its 审核说明, then saves,
 * freezes the submission as a revision and hands the filing to the first review level, in one transaction.
 */
export async function submitFiling(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  input: { version: number | null; values: CellValues; explanations: Record<string, string> },
  meta: RequestMeta,
): Promise<FilingView> {
  const scope = await loadTaskScope(ctx, actor, taskId, 'filing.submit');
  const now = ctx.now();
  assertWindowOpen(scope, now);
  const values = assertValuesShape(scope, input.values);
  const [chain, context, answerable] = await Promise.all([
    findReviewChainOfRegion(ctx.db, scope.enterprise.region_code),
    loadContext(ctx, scope),
    answerableCells(ctx, scope.filing),
  ]);
  const saved = applyFilingCommand(stateOf(scope.filing, false), { type: 'save' }, chain.levels);
  if (!saved.ok) throw new AppError(saved.code, saved.reason);
  const submitted = applyFilingCommand(saved.state, { type: 'submit' }, chain.levels);
  if (!submitted.ok) throw new AppError(submitted.code, submitted.reason);

  const findings = auditScopeValues(scope, values, context);
  const errors = findings.filter((finding) => finding.severity === 'error');
  if (errors.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `报表有${errors.length}条必改错误，不能上报；请按审核结果修改后再上报`,
      errors.map((finding) => ({ name: findingCellPath(finding), reason: finding.message })),
    );
  }
  const explanations: Record<string, string> = {};
  const unexplained: Finding[] = [];
  for (const warning of findings.filter((finding) => finding.severity === 'warning')) {
    // Only visible text explains: a zero-width space or other invisible characters do not.
    const text = input.explanations[explanationKey(warning)]?.trim();
    if (hasVisibleText(text)) explanations[explanationKey(warning)] = text!;
    else unexplained.push(warning);
  }
  // The answers to a return's cell comments (请核实): kept for the cells the return named, when they say something.
  for (const cell of answerable) {
    const text = input.explanations[verificationAnswerKey(cell)]?.trim();
    if (hasVisibleText(text)) explanations[verificationAnswerKey(cell)] = text!;
  }
  if (unexplained.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `严重警告必须填写审核说明：还有${unexplained.length}条严重警告没有说明`,
      unexplained.map((finding) => ({
        name: `explanations.${explanationKey(finding)}`,
        reason: `请填写有实际内容的审核说明：${finding.message}`,
      })),
    );
  }

  const state = submitted.state;
  let written: { id: string; version: number };
  try {
    // Over the version the filer loaded, the submission is one statement; a first write creates the filing too.
    const loaded = loadedFilingEditedBy(scope.filing, input.version);
    written = await commitFilingTransition(ctx.db, {
      filing: filingToWrite(scope, loaded),
      next: state,
      write: {
        kind: 'submission',
        values: values as CellValues,
        explanations,
        changes: loaded ? diffCellValues(loaded.cell_values, values as CellValues) : [],
      },
      audit: {
        action: 'filing.submit',
        details: {
          from: scope.filing?.status ?? 'not_started',
          to: state.status,
          pendingLevel: state.pendingLevel,
          explainedWarnings: Object.keys(explanations),
          hints: findings.filter((finding) => finding.severity === 'hint').length,
          userAgent: meta.userAgent ?? null,
          ruleSet: {
            editionId: context.ruleSet.view.editionId,
            switchVersion: context.ruleSet.view.switchVersion,
          },
        },
      },
      regionCode: scope.enterprise.region_code,
      actor: { userId: actor.userId, requestId: meta.requestId, ip: meta.ip },
      now,
    });
  } catch (error) {
    if (isFilingVersionConflict(error)) throw await versionConflictError(ctx, scope);
    throw error;
  }
  // The answer is the filing as just written, with the context and chain loaded above: loading the task,
  // filing, context and chain again took nine more queries per submission at the deadline.
  const submittedFiling: FilingRecord = {
    id: written.id,
    task_id: scope.task.id,
    enterprise_id: scope.enterprise.id,
    status: state.status as FilingStatus,
    pending_level: state.pendingLevel,
    cell_values: values as CellValues,
    explanations,
    version: written.version,
    deadline_extended_until: scope.filing?.deadline_extended_until ?? null,
    submitted_at: now,
    updated_at: now,
    updated_by: actor.userId,
  };
  // No review can postdate a submission made just now, so the filing's reviews cannot change the answer.
  // The name of who wrote it is the filer's, known from the scope when the filer also wrote it last.
  const updatedByName = scope.filing?.updated_by === actor.userId ? scope.updatedByName : undefined;
  return presentFiling(ctx, { ...scope, filing: submittedFiling, updatedByName }, false, {
    context,
    chain,
    reviews: [],
  });
}
