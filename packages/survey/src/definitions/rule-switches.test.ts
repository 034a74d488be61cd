import { describe, expect, it } from 'vitest';
import { auditFiling, deriveComputedCells } from '../audit/audit-filing.ts';
import { createSampleFiling } from '../sample/sample-filing.ts';
import { getEdition } from './editions.ts';
import {
  checkRuleSwitchChanges,
  packagesInForce,
  switchedEdition,
  type RuleSwitchPackage,
} from './rule-switches.ts';

const edition = getEdition('2024');
const clean = createSampleFiling(edition, { periodType: 'year', seed: 1 });
const withWarnings = createSampleFiling(edition, { periodType: 'year', seed: 1, withIssues: ['warning'] });

/** The filing's 软件业务利润率 (%), as W-MAN-03 computes it. */
function profitRate(values: typeof clean): number {
  const derived = deriveComputedCells(edition, 'year', values);
  return ((derived.finance!.F55 as number) / 10 / (derived.business!.A10 as number)) * 100;
}

function audit(period: string, packages: RuleSwitchPackage[], values = clean, asOf?: number) {
  return auditFiling(switchedEdition(edition, packages, period, asOf), { periodType: 'year', period, values })
    .findings;
}

describe('dated rule switches', () => {
  // A national average a tenth of this filing's rate puts it far outside the allowed band of W-MAN-03.
  const lowAverage = Math.round(profitRate(clean) / 10);
  const newAverage: RuleSwitchPackage = {
    version: 1,
    editionId: '2024',
    effectiveFrom: '2025-12',
    changes: [{ kind: 'parameter', name: 'nationalAverageProfitRate', value: lowAverage }],
  };

  it('uses a new parameter value from its period on, while an older period keeps the old result', () => {
    expect(audit('2024', [newAverage])).toEqual([]);
    const findings = audit('2025', [newAverage]);
    expect(findings.map((finding) => finding.ruleId)).toEqual(['W-MAN-03']);
    expect(findings[0]!.message).toContain(`偏离全国平均值${lowAverage}%`);
  });

  it('re-explains an audit made before the package was published: the version it recorded leaves it out', () => {
    expect(audit('2025', [newAverage], clean, 0)).toEqual([]);
    expect(audit('2025', [newAverage], clean, 1).map((finding) => finding.ruleId)).toEqual(['W-MAN-03']);
  });

  it('switches a rule off for a period, changes its severity, and a later package switches it back on', () => {
    const before = audit('2025', [], withWarnings).map((finding) => [finding.ruleId, finding.severity]);
    expect(before).toEqual([
      ['W-MAN-01', 'warning'],
      ['W-MAN-02', 'warning'],
    ]);
    const packages: RuleSwitchPackage[] = [
      {
        version: 1,
        editionId: '2024',
        effectiveFrom: '2025-01',
        changes: [
          { kind: 'rule-off', ruleId: 'W-MAN-01' },
          { kind: 'rule-severity', ruleId: 'W-MAN-02', severity: 'hint' },
        ],
      },
      {
        version: 2,
        editionId: '2024',
        effectiveFrom: '2026-01',
        changes: [{ kind: 'rule-on', ruleId: 'W-MAN-01' }],
      },
    ];
    const at = (period: string) =>
      audit(period, packages, withWarnings).map((finding) => [finding.ruleId, finding.severity]);
    expect(at('2024')).toEqual(before);
    expect(at('2025')).toEqual([['W-MAN-02', 'hint']]);
    expect(at('2026')).toEqual([
      ['W-MAN-01', 'warning'],
      ['W-MAN-02', 'hint'],
    ]);
  });

  it('applies a package to the months from its own and to the years whose December it reaches', () => {
    const july = { ...newAverage, effectiveFrom: '2025-07' };
    expect(packagesInForce('2024', [july], '2025-06')).toEqual([]);
    expect(packagesInForce('2024', [july], '2025-07')).toEqual([july]);
    expect(packagesInForce('2024', [july], '2025')).toEqual([july]);
    expect(packagesInForce('2021', [july], '2025')).toEqual([]);
  });

  it('keeps the edition itself when no package is in force, and one switched edition per combination', () => {
    expect(switchedEdition(edition, [newAverage], '2024')).toBe(edition);
    expect(switchedEdition(edition, [newAverage], '2025')).toBe(
      switchedEdition(edition, [newAverage], '2026'),
    );
  });

  it('names unknown rules and parameters and a target changed twice', () => {
    expect(
      checkRuleSwitchChanges(edition, [
        { kind: 'rule-off', ruleId: 'W-NONE' },
        { kind: 'parameter', name: 'noSuchRate', value: 1 },
        { kind: 'rule-severity', ruleId: 'W-MAN-01', severity: 'hint' },
        { kind: 'rule-off', ruleId: 'W-MAN-01' },
      ]),
    ).toEqual([
      '第1项:2024版制度中没有审核规则“W-NONE”',
      '第2项:2024版制度中没有参数“noSuchRate”',
      '第4项:规则 W-MAN-01在同一个包中出现了两次',
    ]);
  });
});
