import type { Unit } from './survey.types.ts';

// How large, how precise and of which sign a typed number can plausibly be, by the unit of its cell. The
// bounds are far above any real enterprise (the largest Chinese groups earn about 3×10^8 万元 a year) and far
// below what breaks a sum: 10^5 filings at the bound still add up exactly in integer cents (< 2^53).

/** The plausibility bound of the numbers of one unit. */
export interface UnitBound {
  /** The largest absolute value a cell of this unit may hold. */
  maxMagnitude: number;
  /** Decimal places a value may carry (0: whole numbers). */
  decimals: number;
  /** False where a negative number cannot mean anything (a number of persons). */
  allowsNegative: boolean;
  /** The bound as the message shows it. */
  maxLabel: string;
}

/** The bound of each unit the forms use. */
export const UNIT_BOUNDS: Readonly<Record<Unit, UnitBound>> = {
  // 10^9 万元 is 10^13 yuan; amounts are kept to the cent of 万元 (两位小数).
  万元: { maxMagnitude: 1e9, decimals: 2, allowsNegative: true, maxLabel: '1,000,000,000万元(10亿万元)' },
  // The finance form keeps NBS's 千元 with at most one decimal, the same precision as 万元 to the cent.
  千元: {
    maxMagnitude: 1e12,
    decimals: 1,
    allowsNegative: true,
    maxLabel: '1,000,000,000,000千元(1万亿千元)',
  },
  万美元: { maxMagnitude: 1e8, decimals: 2, allowsNegative: true, maxLabel: '100,000,000万美元(1亿万美元)' },
  人: { maxMagnitude: 1e7, decimals: 0, allowsNegative: false, maxLabel: '10,000,000人(1000万人)' },
  '%': { maxMagnitude: 1e4, decimals: 2, allowsNegative: true, maxLabel: '10,000%' },
};

/**
 * The largest magnitude a request may carry in a number cell at all, whatever its unit: a draft keeps what the
 * filer typed up to here (the audit then reports the cell), so typing is never lost; anything larger is refused.
 */
export const STORABLE_MAGNITUDE = 1e15;

const DECIMAL_WORDS = ['整数', '一位小数', '两位小数', '三位小数'];

function isWithinDecimals(value: number, decimals: number): boolean {
  const scaled = value * 10 ** decimals;
  if (Number.isInteger(scaled)) return true;
  // Within the bound, value × 10^decimals has at most 14 digits: toPrecision(15) clears binary noise (0.07 × 100).
  return Number.isInteger(Number(scaled.toPrecision(15)));
}

/** True when a typed number fits the bound of its unit (magnitude and decimals); NaN and Infinity never do. */
export function isPlausible(unit: Unit, value: number): boolean {
  const bound = UNIT_BOUNDS[unit];
  return Math.abs(value) <= bound.maxMagnitude && isWithinDecimals(value, bound.decimals);
}

/** Shows an out-of-bound number without float noise: exponent notation for the huge ones. */
function describeNumber(value: number): string {
  return Math.abs(value) >= 1e15 ? value.toExponential() : String(value);
}

/**
 * Why a typed value of a cell of this unit is implausible, in Chinese ('' when it is plausible or blank).
 * `value` is the number typed, or NaN for something typed that is not a finite number. The sign of a unit that
 * allows negatives is the cell's business (利润 may be negative, 收入 not): the non-negative rule checks it.
 */
export function implausibility(unit: Unit, value: number): string {
  if (!Number.isFinite(value)) return '不是有效的数字,请填写有限的数值';
  const bound = UNIT_BOUNDS[unit];
  if (Math.abs(value) > bound.maxMagnitude) {
    return `为${describeNumber(value)}${unit},超出合理范围:${bound.allowsNegative ? '绝对值' : ''}不能超过${bound.maxLabel}`;
  }
  if (!isWithinDecimals(value, bound.decimals)) {
    return bound.decimals === 0
      ? `为${value}${unit},应为整数`
      : `为${value}${unit},最多保留${DECIMAL_WORDS[bound.decimals]}`;
  }
  return '';
}
