import type { RuleSetView } from '@zhibao/contracts';
import {
  getEdition,
  packagesInForce,
  switchedEdition,
  switchVersionOf,
  type RuleSwitchPackage,
  type SurveyEdition,
} from '@zhibao/survey';

/** The rules an audit runs with: the edition as switched for the period, and the version that names it. */
export interface RuleSet {
  edition: SurveyEdition;
  view: RuleSetView;
}

/**
 * The rule set of an edition for a period under the published switch packages, as they stood at switch version
 * `asOf` (all of them when omitted): an audit records `view`'s edition and version, and `asOf` runs it again so.
 */
export function ruleSetOf(
  editionId: string,
  period: string,
  packages: readonly RuleSwitchPackage[],
  asOf?: number,
): RuleSet {
  const known = asOf === undefined ? packages : packages.filter((each) => each.version <= asOf);
  const base = getEdition(editionId);
  return {
    edition: switchedEdition(base, known, period),
    view: {
      editionId: base.id,
      switchVersion: switchVersionOf(known),
      packages: packagesInForce(base.id, known, period).map((each) => ({
        ...each,
        changes: [...each.changes],
      })),
    },
  };
}
