import { describe, expect, it } from 'vitest';
import { auditFiling } from '../audit/audit-filing.ts';
import { hasBlockingErrors, warningsNeedingExplanation } from '../audit/findings.ts';
import { getEdition } from '../definitions/editions.ts';
import { createSampleFiling } from './sample-filing.ts';

const edition = getEdition('2021');

describe('createSampleFiling', () => {
  it('is deterministic per seed', () => {
    expect(createSampleFiling(edition, { periodType: 'year', seed: 42 })).toEqual(
      createSampleFiling(edition, { periodType: 'year', seed: 42 }),
    );
    expect(createSampleFiling(edition, { periodType: 'year', seed: 42 })).not.toEqual(
      createSampleFiling(edition, { periodType: 'year', seed: 43 }),
    );
  });

  it('never writes -0, which a form would show as "-0" and the database stores as 0', () => {
    const negativeZeros: string[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      for (const periodType of ['month', 'year'] as const) {
        const values = createSampleFiling(edition, { periodType, seed, monthIndex: (seed % 12) + 1 });
        for (const [formId, cells] of Object.entries(values)) {
          for (const [key, value] of Object.entries(cells ?? {})) {
            if (Object.is(value, -0)) negativeZeros.push(`${periodType} seed ${seed} ${formId}.${key}`);
          }
        }
      }
    }
    expect(negativeZeros).toEqual([]);
  });

  it('passes every rule across seeds, scales and months, with its context periods', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const scale = [0.3, 1, 4][seed % 3]!;
      const annual = auditFiling(edition, {
        periodType: 'year',
        values: createSampleFiling(edition, { periodType: 'year', seed, scale }),
      });
      expect(annual.findings, `annual seed ${seed}`).toEqual([]);
      const monthIndex = (seed % 12) + 1;
      const monthly = auditFiling(edition, {
        periodType: 'month',
        values: createSampleFiling(edition, { periodType: 'month', seed, scale, monthIndex }),
        previousPeriod:
          monthIndex > 1
            ? createSampleFiling(edition, { periodType: 'month', seed, scale, monthIndex: monthIndex - 1 })
            : undefined,
        samePeriodLastYear: createSampleFiling(edition, {
          periodType: 'month',
          seed,
          scale: scale * 0.85,
          monthIndex,
        }),
      });
      expect(monthly.findings, `monthly seed ${seed}`).toEqual([]);
    }
  });

  it('looks like a software firm of a few thousand 万元', () => {
    const values = createSampleFiling(edition, { periodType: 'year', seed: 5 });
    const mainRevenue = Number(values.finance!.F31) / 10;
    expect(mainRevenue).toBeGreaterThan(2000);
    expect(mainRevenue).toBeLessThan(10000);
    expect(String(values.basic!.B03)).toMatch(/有限公司$/);
  });

  it('plants the issues asked for', () => {
    for (const periodType of ['year', 'month'] as const) {
      const withError = auditFiling(edition, {
        periodType,
        values: createSampleFiling(edition, { periodType, seed: 9, withIssues: ['error'] }),
      }).findings;
      expect(hasBlockingErrors(withError)).toBe(true);
      expect(warningsNeedingExplanation(withError)).toEqual([]);
      const withWarning = auditFiling(edition, {
        periodType,
        values: createSampleFiling(edition, { periodType, seed: 9, withIssues: ['warning'] }),
      }).findings;
      expect(hasBlockingErrors(withWarning)).toBe(false);
      expect(warningsNeedingExplanation(withWarning).length).toBeGreaterThan(0);
    }
  });

  it('rejects a month outside 1–12', () => {
    expect(() => createSampleFiling(edition, { periodType: 'month', seed: 1, monthIndex: 13 })).toThrow(
      RangeError,
    );
  });
});
