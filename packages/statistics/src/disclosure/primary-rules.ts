import type { DisclosureCell, DisclosureTable } from './disclosure-table.ts';

// Primary (sensitivity) rules per cell, as in τ-Argus (FREQ, NK, P) and Hundepool et al. (2012) §4.2:
// - frequency: fewer than `minContributors` respondents (a respondent of a two-respondent cell learns the other);
// - (n,k) dominance: the n largest contributions exceed k% of the cell;
// - p% rule: the second-largest respondent could estimate the largest within p% — the cell minus the two largest
//   is less than p% of the largest.
// Contributions are weighed by absolute value, so a cell of profits and losses is judged by its magnitude.

export interface DisclosureRules {
  minContributors: number;
  dominanceN: number;
  dominanceK: number;
  pPercent: number;
  /** The interval an attacker may infer for a primary cell must reach this % of its magnitude on each side. */
  protectionPercent: number;
}

export type PrimaryReason = 'frequency' | 'dominance' | 'p-percent';

/** Why the cell must not be published; empty when it may be. A cell with no respondent is not sensitive. */
export function primaryReasons(cell: DisclosureCell, rules: DisclosureRules): PrimaryReason[] {
  if (cell.contributorCount === 0) return [];
  const reasons: PrimaryReason[] = [];
  if (cell.contributorCount < rules.minContributors) reasons.push('frequency');
  const largest = cell.largest;
  const topN = largest.slice(0, rules.dominanceN).reduce((sum, value) => sum + value, 0);
  if (topN > (rules.dominanceK / 100) * cell.magnitude) reasons.push('dominance');
  const first = largest[0] ?? 0;
  const remainder = cell.magnitude - first - (largest[1] ?? 0);
  if (remainder < (rules.pPercent / 100) * first) reasons.push('p-percent');
  return reasons;
}

/** The primary cells of a table and their reasons, by cell index. */
export function findPrimaryCells(
  table: DisclosureTable,
  rules: DisclosureRules,
): Map<number, PrimaryReason[]> {
  const primary = new Map<number, PrimaryReason[]>();
  for (const cell of table.cells) {
    const reasons = primaryReasons(cell, rules);
    if (reasons.length > 0) primary.set(cell.index, reasons);
  }
  return primary;
}

/** The protection a primary cell needs on each side: `protectionPercent` of its magnitude. */
export function requiredProtection(cell: DisclosureCell, rules: DisclosureRules): number {
  return (rules.protectionPercent / 100) * cell.magnitude;
}

/** The rules of a survey edition, from its parameters (disclosureMinContributors …). */
export function disclosureRulesOf(parameters: Readonly<Record<string, number>>): DisclosureRules {
  const read = (name: string): number => {
    const value = parameters[name];
    if (value === undefined) throw new Error(`调查制度缺少参数 ${name}`);
    return value;
  };
  return {
    minContributors: read('disclosureMinContributors'),
    dominanceN: read('disclosureDominanceN'),
    dominanceK: read('disclosureDominanceK'),
    pPercent: read('disclosurePPercent'),
    protectionPercent: read('disclosureProtectionPercent'),
  };
}
