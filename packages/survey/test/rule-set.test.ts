import { describe, expect, it } from 'vitest';
import { auditFiling, compileAuditProgram, type FilingValues } from '../src/index.ts';
import {
  clone,
  derivedNumber,
  edition,
  fullAnnualSample,
  monthlyCase,
  numberAt,
  ruleIds,
  setCell,
} from './fixtures.ts';

// Every rule of the edition, with a change to a clean sample filing that makes it fire. The clean
// sample itself fires nothing, and a rule added without a case here fails the coverage test.

type Mutation = (values: FilingValues) => void;

const grid = 'revenue-classification';

const ANNUAL_CASES: Record<string, Mutation> = {
  'W-MAN-01': (v) => setCell(v, grid, '1.3:export', numberAt(v, grid, '1.3:export') + 5),
  'W-MAN-02': (v) => setCell(v, 'business', 'A61', numberAt(v, 'business', 'A61') + 3),
  'W-MAN-03': (v) => setCell(v, 'finance', 'F55', Math.round(derivedNumber(v, 'business', 'A10') * 10 * 0.6)),
  'W-MAN-04': (v) => {
    const mainRevenue = Math.round((derivedNumber(v, 'business', 'A10') * 10) / 0.25);
    setCell(v, 'finance', 'F31', mainRevenue);
    setCell(v, 'finance', 'F30', mainRevenue);
  },
  'W-MAN-05': (v) => {
    setCell(v, 'business', 'D17', numberAt(v, 'business', 'D10'));
    setCell(v, 'business', 'D15', null);
    setCell(v, 'business', 'D16', null);
  },
  'E-REQ': (v) => setCell(v, 'basic', 'B03', null),
  'E-NEG': (v) => setCell(v, 'finance', 'F40', -1),
  'E-RANGE': (v) => setCell(v, 'finance', 'F55', 1e308),
  'E-CODE': (v) => setCell(v, 'basic', 'B11', '7'),
  'E-PART': (v) => setCell(v, 'business', 'D11', numberAt(v, 'business', 'D10') + 1),
  'E-SUM': (v) => setCell(v, 'business', 'D17', numberAt(v, 'business', 'D17') + 1),
  'E-BAS-01': (v) => setCell(v, 'basic', 'B01', '91350203M0001QAY9B'),
  'E-BAS-02': (v) => setCell(v, 'basic', 'B02', '12345678X'),
  'E-BAS-03': (v) => setCell(v, 'basic', 'B02', 'MA4L41YT1'),
  'E-BAS-04': (v) => setCell(v, 'basic', 'B05', '990101'),
  'H-BAS-01': (v) =>
    setCell(v, 'basic', 'B05', String(v.basic?.B01).slice(2, 4) === '11' ? '310115' : '110108'),
  'H-BAS-02': (v) => setCell(v, 'basic', 'B09', '3911'),
  'E-FIN-01': (v) => setCell(v, 'finance', 'F25', numberAt(v, 'finance', 'F25') + 100),
  'E-FIN-02': (v) => setCell(v, 'finance', 'F13', numberAt(v, 'finance', 'F12') + 1),
  'E-BUS-01': (v) => setCell(v, 'business', 'A50', derivedNumber(v, 'business', 'A10') + 1),
  'E-BUS-02': (v) => setCell(v, 'finance', 'F31', Math.floor(derivedNumber(v, 'business', 'A10') * 10) - 100),
  'E-BUS-03': (v) => setCell(v, 'basic', 'B13', '2'),
  'W-BUS-01': (v) => setCell(v, 'business', 'C10', derivedNumber(v, 'business', 'A10') * 1.5),
  'W-BUS-02': (v) =>
    setCell(v, 'business', 'A63', numberAt(v, 'business', 'A63') + derivedNumber(v, 'business', 'A10') / 7),
  'W-BUS-03': (v) => setCell(v, 'business', 'D20', 0),
  'H-BUS-01': (v) => setCell(v, 'business', 'D30', numberAt(v, 'business', 'D20')),
  'W-SCOPE-01': (v) => {
    setCell(v, 'finance', 'F31', 4000);
    setCell(v, 'finance', 'F30', 4000);
  },
  'E-REV-01': (v) => setCell(v, grid, '1.3:export1', numberAt(v, grid, '1.3:export') + 1),
  'H-REV-01': (v) => {
    const income = numberAt(v, grid, '1.3:income');
    setCell(v, grid, '1.3:export', income);
    setCell(v, grid, '1.3:export1', income);
    setCell(v, grid, '1.3:export2', 0);
  },
  ...Object.fromEntries(
    ['A11', 'A12', 'A13', 'A14', 'A111', 'A112', 'A121', 'A122', 'A123', 'A124', 'A125', 'A131', 'A62'].map(
      (code, i): [string, Mutation] => [
        `E-XT-${String(i + 1).padStart(2, '0')}`,
        (v) => setCell(v, 'business', code, numberAt(v, 'business', code) + 1),
      ],
    ),
  ),
  'E-AI-01': (v) => setCell(v, 'ai', 'E11', numberAt(v, 'finance', 'F30') / 10 + 1),
  'E-AI-02': (v) => setCell(v, 'ai', 'E40', numberAt(v, 'business', 'D10') + 1),
};

const MONTHLY_CASES: Record<string, (values: FilingValues, context: FilingValues) => void> = {
  'E-MON-REQ': (v) => setCell(v, 'monthly', '2010', null),
  'E-MON-NEG': (v) => setCell(v, 'monthly', '2080', -1),
  'E-MON-RANGE': (v) => setCell(v, 'monthly', '2010', 1e308),
  'E-MON-CODE': (v) => setCell(v, 'monthly', '2001', '3'),
  'E-MON-PART': (v) => setCell(v, 'monthly', '20211', numberAt(v, 'monthly', '2021') + 1),
  'E-MON-CUM': (v, previous) => setCell(v, 'monthly', '2110', numberAt(previous, 'monthly', '2110') - 1),
  'E-MON-01': (v) => setCell(v, 'monthly', '2010', derivedNumber(v, 'monthly', '2020') - 10),
  'E-MON-02': (v) => setCell(v, 'monthly', '2001', '2'),
  'W-MON-01': (v) => setCell(v, 'monthly', '2110', derivedNumber(v, 'monthly', '2020') * 2),
  'W-MON-02': (v) => setCell(v, 'monthly', '2041', derivedNumber(v, 'monthly', '2020')),
  'W-MON-03': (v) => setCell(v, 'monthly', '2112', 0),
  'H-MON-01': (v) => setCell(v, 'monthly', '2010', numberAt(v, 'monthly', '2010') * 2),
  'H-MON-02': (v) => setCell(v, 'monthly', '2010', derivedNumber(v, 'monthly', '2020') * 4),
  'H-MON-03': (v) => setCell(v, 'monthly', '2090', derivedNumber(v, 'monthly', '2020') * 0.8),
};

describe('rule set 2021', () => {
  it('compiles every rule, message and computed cell', () => {
    expect(compileAuditProgram(edition, 'year').instances.length).toBeGreaterThan(100);
    expect(compileAuditProgram(edition, 'month').instances.length).toBeGreaterThan(30);
  });

  it('has a firing case for every rule and no case for a rule that does not exist', () => {
    const ids = edition.rules.map((rule) => rule.id).sort();
    expect(new Set(ids).size).toBe(ids.length);
    expect([...Object.keys(ANNUAL_CASES), ...Object.keys(MONTHLY_CASES)].sort()).toEqual(ids);
  });

  const annual = fullAnnualSample();
  const clean = auditFiling(edition, { periodType: 'year', values: annual }).findings;

  it('passes the clean annual sample', () => {
    expect(clean).toEqual([]);
  });

  it.each(Object.entries(ANNUAL_CASES))(
    '%s fires on its case and not on the clean annual sample',
    (id, mutate) => {
      const values = clone(annual);
      mutate(values);
      const findings = auditFiling(edition, { periodType: 'year', values }).findings;
      expect(ruleIds(findings)).toContain(id);
      expect(ruleIds(clean)).not.toContain(id);
      const rule = edition.rules.find((candidate) => candidate.id === id)!;
      for (const finding of findings.filter((candidate) => candidate.ruleId === id)) {
        expect(finding.severity).toBe(rule.severity);
        expect(finding.message).not.toMatch(/[{}]/);
      }
    },
  );

  const monthly = monthlyCase();
  const monthlyClean = auditFiling(edition, { periodType: 'month', ...monthly }).findings;

  it('passes the clean monthly sample with its context periods', () => {
    expect(monthlyClean).toEqual([]);
  });

  it.each(Object.entries(MONTHLY_CASES))(
    '%s fires on its case and not on the clean monthly sample',
    (id, mutate) => {
      const values = clone(monthly.values);
      mutate(values, monthly.previousPeriod);
      const findings = auditFiling(edition, { ...monthly, periodType: 'month', values }).findings;
      expect(ruleIds(findings)).toContain(id);
      expect(ruleIds(monthlyClean)).not.toContain(id);
    },
  );
});
