// The statistics office's methods (GSBPM 5.3–5.4, 5.7 and 7.1): each module is a pure function of the figures
// it is given. See docs/statistics.md for the formulas, parameters and references.
export {
  assignEstimationClasses,
  DEFAULT_CLASS_LADDER,
  distinctClasses,
  type ClassableUnit,
  type ClassLevel,
  type ClassOptions,
  type EstimationClass,
} from './estimation-classes.ts';
export {
  HB_MIN_UNITS,
  hidiroglouBerthelot,
  hidiroglouBerthelotColumns,
  hbSide,
  type HbColumns,
  type HbClassStatistics,
  type HbOutcome,
  type HbParameters,
  type HbUnitResult,
  type PairedValue,
} from './hidiroglou-berthelot.ts';
export {
  SIGMA_GAP_MIN_UNITS,
  sigmaGap,
  type LevelValue,
  type SigmaGapOutcome,
  type SigmaGapParameters,
  type SigmaGapStatistics,
  type SigmaGapUnitResult,
} from './sigma-gap.ts';
export { median, sortAscending, sortedQuantile } from './quantiles.ts';
export { monthIncrement, shiftMonth } from './year-to-date.ts';
export * from './nonresponse-estimation.ts';
export * from './selective-editing.ts';
export * from './disclosure/index.ts';
