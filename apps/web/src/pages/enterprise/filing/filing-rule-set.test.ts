import type { RuleSetView } from '@zhibao/contracts';
import {
  createIncrementalAuditor,
  createSampleFiling,
  deriveComputedCells,
  getEdition,
} from '@zhibao/survey';
import { describe, expect, it } from 'vitest';
import { editionOfView } from './filing-rule-set';

const edition = getEdition('2024');
const values = createSampleFiling(edition, { periodType: 'year', seed: 3 });
const derived = deriveComputedCells(edition, 'year', values);
const rate = ((derived.finance!.F55 as number) / 10 / (derived.business!.A10 as number)) * 100;

// The server sends the packages in force for the view's period; the browser's auditor must apply them the same.
const ruleSet: RuleSetView = {
  editionId: '2024',
  switchVersion: 2,
  packages: [
    {
      version: 1,
      editionId: '2024',
      effectiveFrom: '2025-12',
      changes: [{ kind: 'parameter', name: 'nationalAverageProfitRate', value: Math.round(rate / 10) }],
    },
    {
      version: 2,
      editionId: '2024',
      effectiveFrom: '2026-12',
      changes: [{ kind: 'rule-off', ruleId: 'W-MAN-03' }],
    },
  ],
};

function findingsOf(period: string, kept: { ruleSet?: RuleSetView } = { ruleSet }) {
  const auditor = createIncrementalAuditor(editionOfView({ editionId: '2024', period, ...kept }), {
    periodType: 'year',
    period,
    values,
  });
  return auditor.findings.map((finding) => finding.ruleId);
}

describe('the filing screen audits with the switch packages of its view', () => {
  it('uses a new parameter from its period on and drops a rule switched off from a later one', () => {
    expect(findingsOf('2024')).toEqual([]);
    expect(findingsOf('2025')).toEqual(['W-MAN-03']);
    expect(findingsOf('2026')).toEqual([]);
  });

  it('audits a view kept offline before switches existed with the edition as published', () => {
    expect(findingsOf('2025', {})).toEqual([]);
  });
});
