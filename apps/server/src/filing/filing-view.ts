import type { FilingView } from '@zhibao/contracts';
import { type FilingValues } from '@zhibao/survey';
import type { AppContext } from '../app-context.ts';
import type { AdminLevel } from '../db/schema.ts';
import { notFound } from '../http/app-error.ts';
import { findSubmissionSwitchVersion } from '../audit/audit-event.repository.ts';
import { findReviewChainOfRegion } from '../review/review-chain.repository.ts';
import { formatPeriodLabel } from '../task/period.ts';
import {
  auditScopeValues,
  hasReviewerActedSince,
  loadContext,
  reportNameOf,
  stateOf,
  type FilingScope,
} from './filing-scope.ts';
import { allowedFilingActions, applyFilingCommand } from './filing-transitions.ts';
import { basicInformationPrefill } from './filing-prefill.ts';
import { filingWindowOf, filingWindowRefusal } from './filing-window.ts';
import { findLatestRevision, findUserDisplayName, listReviewsOfFiling } from './filing.repository.ts';

/** The filing screen as the enterprise sees it: built from a loaded scope, by queries and commands alike. */

/** What the caller has already loaded for the same scope, so that presenting it does not load it again. */
interface KnownParts {
  context?: Awaited<ReturnType<typeof loadContext>>;
  chain?: Awaited<ReturnType<typeof findReviewChainOfRegion>>;
  reviews?: Awaited<ReturnType<typeof listReviewsOfFiling>>;
}

export async function presentFiling(
  ctx: AppContext,
  scope: FilingScope,
  asFiled: boolean,
  known: KnownParts = {},
): Promise<FilingView> {
  const { task, filing, enterprise } = scope;
  const now = ctx.now();
  // Reviews decide only whether a reviewer acted since the submission and why a returned filing came back:
  // a draft never submitted has neither, which is every filing's first load at the deadline.
  const needsReviews = filing !== undefined && (filing.submitted_at !== null || filing.status === 'returned');
  // As filed, the submission is shown with the rules it was audited with (the switch version its row recorded).
  const asOf =
    asFiled && filing ? ((await findSubmissionSwitchVersion(ctx.db, filing.id)) ?? undefined) : undefined;
  const [context, chain, reviews, revision, updatedBy] = await Promise.all([
    known.context ?? loadContext(ctx, scope, asOf),
    known.chain ?? findReviewChainOfRegion(ctx.db, enterprise.region_code),
    known.reviews ?? (needsReviews ? listReviewsOfFiling(ctx.db, filing.id) : Promise.resolve([])),
    filing && asFiled ? findLatestRevision(ctx.db, filing.id) : Promise.resolve(undefined),
    scope.updatedByName !== undefined
      ? { display_name: scope.updatedByName }
      : filing?.updated_by
        ? findUserDisplayName(ctx.db, filing.updated_by)
        : Promise.resolve(undefined),
  ]);
  if (asFiled && !revision) throw notFound('报表');
  const window = filingWindowOf(task, filing);
  const windowRefusal = filingWindowRefusal(window, now);
  const state = stateOf(filing, hasReviewerActedSince(reviews, filing));
  const save = applyFilingCommand(state, { type: 'save' }, chain.levels);
  const cancel = applyFilingCommand(state, { type: 'cancel-submission' }, chain.levels);
  const editRefusal = asFiled
    ? '这是已上报的报表，仅供查看'
    : (windowRefusal ?? (save.ok ? null : save.reason));
  const cancelRefusal = windowRefusal ?? (cancel.ok ? null : cancel.reason);
  const values = (revision?.cell_values ?? filing?.cell_values ?? {}) as FilingValues;
  const allowedActions = asFiled ? [] : allowedFilingActions(state, chain.levels, windowRefusal === null);
  const latestReturn =
    filing?.status === 'returned' ? reviews.find((review) => review.action === 'return') : undefined;
  return {
    taskId: task.id,
    taskName: task.name,
    reportName: reportNameOf({ task_name: task.name, period_type: task.period_type, period: task.period }),
    periodType: task.period_type,
    period: task.period,
    periodLabel: formatPeriodLabel(task.period_type, task.period),
    editionId: scope.edition.id,
    enterprise: { name: enterprise.name, uscc: enterprise.uscc, regionCode: enterprise.region_code },
    window: {
      opensAt: window.opensAt.toISOString(),
      closesAt: window.closesAt.toISOString(),
      isExtended: window.isExtended,
      refusal: windowRefusal,
    },
    filingId: filing?.id ?? null,
    status: state.status,
    pendingLevel: state.pendingLevel,
    version: filing?.version ?? null,
    submittedAt: filing?.submitted_at?.toISOString() ?? null,
    updatedAt: filing?.updated_at.toISOString() ?? null,
    updatedBy: updatedBy?.display_name ?? null,
    values,
    explanations: revision?.explanations ?? filing?.explanations ?? {},
    context: { previousPeriod: context.previousPeriod, samePeriodLastYear: context.samePeriodLastYear },
    isAsFiled: asFiled,
    revisionNo: revision?.revision_no ?? null,
    canEdit: editRefusal === null,
    editRefusal,
    canCancelSubmission: !asFiled && cancelRefusal === null,
    cancelRefusal,
    allowedActions,
    prefill:
      task.period_type === 'year' && allowedActions.includes('save')
        ? basicInformationPrefill(enterprise, values, context.samePeriodLastYear)
        : [],
    findings: auditScopeValues(scope, values, context),
    ruleSet: context.ruleSet.view,
    returnReview: latestReturn
      ? {
          level: latestReturn.level as AdminLevel,
          reason: latestReturn.reason,
          cellComments: latestReturn.cell_comments,
          returnedAt: latestReturn.created_at.toISOString(),
        }
      : null,
  };
}
