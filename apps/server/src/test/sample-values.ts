import { createSampleFiling, getEdition } from '@zhibao/survey';
import type { CellValues } from '../db/schema.ts';

// Monthly values of the survey's own sample generator, for tests that add filings up (汇总).

/** A month's values (June unless told: `monthIndex` 0 is January) of a filer of the given size, reproducible by seed. */
export const sampleMonthlyValues = (seed: number, scale: number, monthIndex = 5): CellValues =>
  createSampleFiling(getEdition(), { periodType: 'month', seed, scale, monthIndex }) as CellValues;

/** 主营业务收入 of monthly values. */
export const monthlyRevenue = (values: CellValues) => values.monthly!['2010'] as number;

/** Rounded to the cent, as 汇总 shows sums. */
export const roundToCent = (value: number) => Math.round(value * 100) / 100;
