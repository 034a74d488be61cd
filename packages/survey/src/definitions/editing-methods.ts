import type { CellRef, PeriodType, SurveyEdition } from './survey.types.ts';

/** The edition's choices for statistical editing and estimation of one period type (see docs/statistics.md). */
export interface EditingMethods {
  keyIndicators: CellRef[];
  /** Hidiroglou–Berthelot: exponent U, minimum distance A, width C. */
  hb: { exponent: number; minimumDistance: number; width: number };
  /** Sigma-gap for classes without history: gap multiplier β and the centile where the search starts. */
  sigmaGap: { beta: number; startCentile: number };
  /** A class (industry × province) with fewer units is pooled into the next coarser one. */
  minClassSize: number;
}

function parameter(edition: SurveyEdition, name: string): number {
  const value = edition.parameters[name];
  if (value === undefined) throw new Error(`调查制度版本“${edition.id}”缺少参数 ${name}`);
  return value;
}

/** The key indicators and method parameters an edition sets for editing the filings of a period type. */
export function editingMethods(edition: SurveyEdition, periodType: PeriodType): EditingMethods {
  return {
    keyIndicators: edition.keyIndicators[periodType],
    hb: {
      exponent: parameter(edition, 'hbExponent'),
      minimumDistance: parameter(edition, 'hbMinimumDistance'),
      width: parameter(edition, 'hbWidth'),
    },
    sigmaGap: {
      beta: parameter(edition, 'sigmaGapBeta'),
      startCentile: parameter(edition, 'sigmaGapStartCentile'),
    },
    minClassSize: parameter(edition, 'editingMinClassSize'),
  };
}
