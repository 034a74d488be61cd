import type { RuleDefinition, Severity, SurveyEdition } from './survey.types.ts';

// Dated rule switches, in the manner of the EBA's validation-rule packages between releases: a small package
// switches rules off or back on, changes their severity, or sets a parameter, from a reporting period on. The
// packages are data (the ministry publishes them from the 制度维护 page); this module applies them to an edition
// for one period, so the one engine audits with them in the browser and on the server alike.

/** One change of a switch package. */
export type RuleSwitchChange =
  | { kind: 'rule-off'; ruleId: string }
  | { kind: 'rule-on'; ruleId: string }
  | { kind: 'rule-severity'; ruleId: string; severity: Severity }
  | { kind: 'parameter'; name: string; value: number };

/** A published switch package: its changes hold for the periods of its edition from `effectiveFrom` on. */
export interface RuleSwitchPackage {
  /** 1, 2, 3 … in the order published; an audit records the highest version it knew. */
  version: number;
  editionId: string;
  /** The first reference month it applies to ('2025-01'): a month's own, a year's December. */
  effectiveFrom: string;
  changes: readonly RuleSwitchChange[];
}

/** The edition and switch version an audit ran with: enough to run it again exactly so later. */
export interface RuleSetVersion {
  editionId: string;
  switchVersion: number;
}

/** The month a period is reported for: a month itself ('2024-05'), a year its December ('2024' → '2024-12'). */
export function referenceMonth(period: string): string {
  return period.length > 4 ? period.slice(0, 7) : `${period.slice(0, 4)}-12`;
}

/** The packages of an edition in force for a period, as known at switch version `asOf` (all when omitted). */
export function packagesInForce(
  editionId: string,
  packages: readonly RuleSwitchPackage[],
  period: string,
  asOf = Number.POSITIVE_INFINITY,
): RuleSwitchPackage[] {
  const month = referenceMonth(period);
  return packages
    .filter((each) => each.editionId === editionId && each.version <= asOf && each.effectiveFrom <= month)
    .sort((a, b) => a.version - b.version);
}

/** The switch version an audit with these packages records: the highest published one. */
export function switchVersionOf(packages: readonly RuleSwitchPackage[]): number {
  return packages.reduce((highest, each) => Math.max(highest, each.version), 0);
}

/** What is wrong with a package's changes for an edition (unknown rule or parameter, a rule twice …), in Chinese. */
export function checkRuleSwitchChanges(
  edition: SurveyEdition,
  changes: readonly RuleSwitchChange[],
): string[] {
  const problems: string[] = [];
  const ruleIds = new Set(edition.rules.map((rule) => rule.id));
  const seen = new Set<string>();
  changes.forEach((change, i) => {
    const target = change.kind === 'parameter' ? `参数 ${change.name}` : `规则 ${change.ruleId}`;
    if (seen.has(target)) problems.push(`第${i + 1}项:${target}在同一个包中出现了两次`);
    seen.add(target);
    if (change.kind === 'parameter') {
      if (!(change.name in edition.parameters)) {
        problems.push(`第${i + 1}项:${edition.id}版制度中没有参数“${change.name}”`);
      } else if (!Number.isFinite(change.value)) {
        problems.push(`第${i + 1}项:参数“${change.name}”的值须是数字`);
      }
    } else if (!ruleIds.has(change.ruleId)) {
      problems.push(`第${i + 1}项:${edition.id}版制度中没有审核规则“${change.ruleId}”`);
    }
  });
  return problems;
}

/** The edition as switched: rules off dropped, severities and parameters changed, in package order. */
function switchEdition(edition: SurveyEdition, packages: readonly RuleSwitchPackage[]): SurveyEdition {
  const isOff = new Map<string, boolean>();
  const severity = new Map<string, Severity>();
  const parameters = { ...edition.parameters };
  for (const { changes } of packages) {
    for (const change of changes) {
      if (change.kind === 'rule-off') isOff.set(change.ruleId, true);
      else if (change.kind === 'rule-on') isOff.set(change.ruleId, false);
      else if (change.kind === 'rule-severity') severity.set(change.ruleId, change.severity);
      else parameters[change.name] = change.value;
    }
  }
  const rules: RuleDefinition[] = edition.rules
    .filter((rule) => isOff.get(rule.id) !== true)
    .map((rule) => (severity.has(rule.id) ? { ...rule, severity: severity.get(rule.id)! } : rule));
  return {
    ...edition,
    parameters,
    parameterDefinitions: edition.parameterDefinitions.map((definition) => ({
      ...definition,
      value: parameters[definition.name]!,
    })),
    rules,
  };
}

// Switched editions are kept, so the engine compiles each combination of packages once (its programs are kept
// per edition object). Packages never change once published, so their versions name a combination; a package
// tried before publishing has none, and its changes name it.
const switched = new Map<string, SurveyEdition>();
const SWITCHED_KEPT = 64;

/** The edition with the switch packages in force for a period applied; the edition itself when none is. */
export function switchedEdition(
  edition: SurveyEdition,
  packages: readonly RuleSwitchPackage[],
  period: string,
  asOf?: number,
): SurveyEdition {
  const inForce = packagesInForce(edition.id, packages, period, asOf);
  if (inForce.length === 0) return edition;
  const key = `${edition.id}|${JSON.stringify(inForce.map((each) => [each.version, each.changes]))}`;
  let result = switched.get(key);
  if (!result) {
    if (switched.size >= SWITCHED_KEPT) switched.delete(switched.keys().next().value!);
    switched.set(key, (result = switchEdition(edition, inForce)));
  }
  return result;
}
