import { invalid, OK, type CheckResult } from './check-result.ts';
import { PROVINCES } from './division-code.validator.ts';

// GB 11643-1999 公民身份号码: 6 address digits, 8 birth-date digits, 3 sequence digits, 1 check character.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Checks an 18-character resident identity number; `today` bounds the birth date (defaults to now). */
export function checkResidentIdNumber(id: string, today: Date = new Date()): CheckResult {
  if (id.length === 15) return invalid('15位旧版身份证号码已停用,请填写18位公民身份号码');
  if (id.length !== 18) return invalid(`公民身份号码应为18位,当前为${id.length}位`);
  if (!/^\d{17}[\dXx]$/.test(id)) return invalid('公民身份号码前17位应为数字,最后一位为数字或X');
  if (PROVINCES[id.slice(0, 2)] === undefined)
    return invalid(`公民身份号码前两位“${id.slice(0, 2)}”不是有效的省级代码`);
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = Date.UTC(year, month - 1, day);
  if (year < 1900 || !isCalendarDate(year, month, day) || birth > today.getTime()) {
    return invalid(`公民身份号码中的出生日期“${id.slice(6, 14)}”无效`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]!;
  const expected = CHECK_CHARACTERS[sum % 11]!;
  if (id[17]!.toUpperCase() !== expected)
    return invalid(`公民身份号码校验码应为“${expected}”,实为“${id[17]}”`);
  return OK;
}

/** True when checkResidentIdNumber accepts the number. */
export function isValidResidentIdNumber(id: string): boolean {
  return checkResidentIdNumber(id).ok;
}
