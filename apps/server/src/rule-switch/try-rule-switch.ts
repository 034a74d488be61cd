import type { RuleSwitchTrialBody, RuleSwitchTrialResult } from '@zhibao/contracts';
import {
  auditFiling,
  explanationKey,
  packagesInForce,
  switchedEdition,
  type FilingValues,
  type Finding,
} from '@zhibao/survey';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { AppError, notFound } from '../http/app-error.ts';
import { findRegion } from '../region/region.repository.ts';
import { findSamePeriodValues } from '../review/review.repository.ts';
import { previousPeriodOf, samePeriodLastYearOf } from '../task/period.ts';
import { findTaskWithOwnerRegion } from '../task/task.repository.ts';
import { ruleSetOf } from './rule-set.ts';
import { listRuleSwitchPackages, listTrialFilings } from './rule-switch.repository.ts';
import { checkedDraftEdition } from './rule-switch.service.ts';

/** The filings a trial audits at most (twice each): a sample large enough to show the effect, quick to run. */
export const TRIAL_FILING_LIMIT = 3000;
const EXAMPLE_LIMIT = 10;

/** A filing fails the audit while a 必改错误 or a 严重警告 stands (the latter needs a written explanation). */
function fails(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity !== 'hint');
}

const keyOf = (finding: Finding) => `${explanationKey(finding)}:${finding.severity}`;
const summary = ({ ruleId, severity, message }: Finding) => ({ ruleId, severity, message });

/**
 * 试算: audits the filings of a task (in a region) with the published switches and again with the proposed package
 * added as the next version, and tells how many filings would newly fail or pass, with examples: nothing is
 * written, the package takes effect only when published.
 */
export async function tryRuleSwitch(
  ctx: AppContext,
  actor: Actor,
  trial: RuleSwitchTrialBody,
): Promise<RuleSwitchTrialResult> {
  const admin = authorizeActor(actor, 'rule-switch.try');
  const task = await findTaskWithOwnerRegion(ctx.db, trial.taskId);
  if (!task) throw notFound('调查任务');
  const edition = checkedDraftEdition(trial);
  if (task.edition_id !== edition.id) {
    throw new AppError(
      'VALIDATION_FAILED',
      `该任务按${task.edition_id}版制度审核，与规则开关包的版本不一致`,
      [{ name: 'taskId', reason: `请选择按${edition.id}版制度审核的任务` }],
    );
  }
  const region = await findRegion(ctx.db, trial.regionCode ?? admin.regionCode);
  authorize(admin, 'region.read', region);
  const [packages, filings] = await Promise.all([
    listRuleSwitchPackages(ctx.db),
    listTrialFilings(ctx.db, task.id, regionScopePrefix(region!.code, region!.level), TRIAL_FILING_LIMIT),
  ]);
  const { period_type: periodType, period } = task;
  const now = ruleSetOf(edition.id, period, packages);
  const proposed = { ...trial, version: now.view.switchVersion + 1 };
  const tried = switchedEdition(edition, [...packages, proposed], period);

  const enterpriseIds = filings.map((filing) => filing.enterprise_id);
  const previous = periodType === 'month' ? previousPeriodOf(periodType, period) : null;
  const [lastYearRows, previousRows] = await Promise.all([
    findSamePeriodValues(ctx.db, { enterpriseIds, periodType, period: samePeriodLastYearOf(period) }),
    previous ? findSamePeriodValues(ctx.db, { enterpriseIds, periodType, period: previous }) : [],
  ]);
  const lastYearOf = new Map(lastYearRows.map((row) => [row.enterprise_id, row.cell_values]));
  const previousOf = new Map(previousRows.map((row) => [row.enterprise_id, row.cell_values]));

  let newlyFailing = 0;
  let newlyPassing = 0;
  let changed = 0;
  const examples: RuleSwitchTrialResult['examples'] = [];
  for (const filing of filings) {
    const input = {
      periodType,
      period,
      values: filing.cell_values as FilingValues,
      previousPeriod: previousOf.get(filing.enterprise_id) as FilingValues | undefined,
      samePeriodLastYear: lastYearOf.get(filing.enterprise_id) as FilingValues | undefined,
    };
    const before = auditFiling(now.edition, input).findings;
    const after = auditFiling(tried, input).findings;
    const beforeKeys = new Set(before.map(keyOf));
    const afterKeys = new Set(after.map(keyOf));
    const gained = after.filter((finding) => !beforeKeys.has(keyOf(finding)));
    const lost = before.filter((finding) => !afterKeys.has(keyOf(finding)));
    if (gained.length === 0 && lost.length === 0) continue;
    changed += 1;
    if (!fails(before) && fails(after)) newlyFailing += 1;
    if (fails(before) && !fails(after)) newlyPassing += 1;
    if (examples.length < EXAMPLE_LIMIT) {
      examples.push({
        filingId: filing.id,
        enterpriseName: filing.enterprise_name,
        regionCode: filing.region_code,
        gained: gained.map(summary),
        lost: lost.map(summary),
      });
    }
  }
  return {
    taskId: task.id,
    period,
    filingsTried: filings.length,
    isInForce: packagesInForce(edition.id, [proposed], period).length > 0,
    newlyFailing,
    newlyPassing,
    changed,
    examples,
  };
}
