import type { FilingValues, SurveyEdition } from '../definitions/survey.types.ts';
import { roundHalfAway } from '../rules/rule-compiler.ts';
import { deriveComputedCells } from './audit-filing.ts';
import type { AuditInput } from './audit.types.ts';

/** The five value columns of the monthly form for one indicator; null where there is nothing to show. */
export interface MonthlyComparisonRow {
  current: number | null;
  samePeriodLastYear: number | null;
  previousPeriod: number | null;
  /** 同比(%): change against the same period last year. */
  yearOnYear: number | null;
  /** 环比(%): change of the year-to-date value against the previous period's. */
  periodOnPeriod: number | null;
}

function growth(current: number | null, base: number | null): number | null {
  if (current === null || base === null || base <= 0) return null;
  return roundHalfAway((current / base - 1) * 100, 2);
}

function numbers(edition: SurveyEdition, values: FilingValues | undefined): Record<string, number | null> {
  const monthly = values ? deriveComputedCells(edition, 'month', values).monthly : undefined;
  return Object.fromEntries(
    Object.entries(monthly ?? {}).map(([key, value]) => [key, typeof value === 'number' ? value : null]),
  );
}

/**
 * The monthly form's columns beside 本年本期累计 for every numeric indicator: the context periods' values
 * (computed cells derived) and the growth rates, which are not defined against a base ≤ 0.
 */
export function monthlyComparison(
  edition: SurveyEdition,
  input: Pick<AuditInput, 'values' | 'previousPeriod' | 'samePeriodLastYear' | 'period'>,
): Record<string, MonthlyComparisonRow> {
  const current = numbers(edition, input.values);
  const lastYear = numbers(edition, input.samePeriodLastYear);
  const previous = input.period?.endsWith('-01') ? {} : numbers(edition, input.previousPeriod);
  const rows: Record<string, MonthlyComparisonRow> = {};
  for (const [key, value] of Object.entries(current)) {
    if (typeof input.values.monthly?.[key] === 'string') continue;
    const samePeriodLastYear = lastYear[key] ?? null;
    const previousPeriod = previous[key] ?? null;
    rows[key] = {
      current: value,
      samePeriodLastYear,
      previousPeriod,
      yearOnYear: growth(value, samePeriodLastYear),
      periodOnPeriod: growth(value, previousPeriod),
    };
  }
  return rows;
}
