import { invalid, OK, type CheckResult } from './check-result.ts';
import { PROVINCES } from './division-code.validator.ts';

// GB 11643-1999 公民身份号码: 6 address digits, 8 birth-date digits, 3 sequence digits, 1 check character.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether `yyyymmdd` is a real date from 1900 up to `today`: a birth date as GB 11643 numbers carry it. */
export function isPlausibleBirthDate(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  return (
    year >= 1900 && isCalendarDate(year, month, day) && Date.UTC(year, month - 1, day) <= today.getTime()
  );
}

/** The GB 11643 check character of the first 17 digits (also used by 港澳台居民居住证 and the 2023 永居证). */
export function gb11643CheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/** Checks an 18-character resident identity number; `today` bounds the birth date (defaults to now). */
export function checkResidentIdNumber(id: string, today: Date = new Date()): CheckResult {
  if (id.length === 15) return invalid('15位旧版身份证号码已停用,请填写18位公民身份号码');
  if (id.length !== 18) return invalid(`公民身份号码应为18位,当前为${id.length}位`);
  if (!/^\d{17}[\dXx]$/.test(id)) return invalid('公民身份号码前17位应为数字,最后一位为数字或X');
  if (PROVINCES[id.slice(0, 2)] === undefined)
    return invalid(`公民身份号码前两位“${id.slice(0, 2)}”不是有效的省级代码`);
  if (!isPlausibleBirthDate(id.slice(6, 14), today)) {
    return invalid(`公民身份号码中的出生日期“${id.slice(6, 14)}”无效`);
  }
  const expected = gb11643CheckCharacter(id.slice(0, 17));
  if (id[17]!.toUpperCase() !== expected)
    return invalid(`公民身份号码校验码应为“${expected}”,实为“${id[17]}”`);
  return OK;
}

/** True when checkResidentIdNumber accepts the number. */
export function isValidResidentIdNumber(id: string): boolean {
  return checkResidentIdNumber(id).ok;
}
