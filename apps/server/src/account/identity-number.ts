import type { identityNumberTypes } from '@zhibao/contracts';
import { checkResidentIdNumber, gb11643CheckCharacter, isPlausibleBirthDate } from '@zhibao/survey';

/**
 * ID numbers by their type's published rules. A number of the right form proves nothing about its holder: it only
 * refuses typing mistakes and invented shapes early. Nothing is granted on it; the binding review is what counts.
 *
 * Accepted forms:
 * - 居民身份证 (resident_id): GB 11643, 18 characters, a province code, a real birth date, the check character.
 * - 中华人民共和国护照 (passport): E + 8 digits (电子普通护照), E + a letter other than I and O + 7 digits (the
 *   series after the E digits ran out), G + 8 digits (the earlier 普通护照). `E99999999` has this form and is
 *   accepted by the format check; it still has to pass review against the scans.
 * - 外国护照 (foreign_passport): ICAO 9303 document numbers, 6–9 letters and digits with at least one digit.
 * - 港澳居民来往内地通行证 (hk_macao_permit): H (香港) or M (澳门) + 8 digits, or + 10 digits on older cards.
 * - 台湾居民来往大陆通行证 (taiwan_permit): 8 digits.
 * - 港澳台居民居住证 (hmt_residence_permit): 18 characters, 810000 (香港), 820000 (澳门) or 830000 (台湾), a real
 *   birth date and the GB 11643 check character.
 * - 外国人永久居留身份证 (foreign_permanent_residence): the 2017 card, 3 letters + 12 digits; or the 2023 card,
 *   18 characters starting with 9, a real birth date at positions 7–14 and the GB 11643 check character.
 * The list of types is the contract's (`identityNumberTypes`), shared with the 实名认证 form.
 */
export type IdentityNumberType = (typeof identityNumberTypes)[number];

/** An 18-character number with a birth date at `birthAt` and the GB 11643 check character. */
function checkEighteen(id: string, birthAt: number, label: string, today: Date): string | null {
  if (!/^\d{17}[\dX]$/.test(id)) return `${label}应为18位，前17位为数字，最后一位为数字或X`;
  if (!isPlausibleBirthDate(id.slice(birthAt, birthAt + 8), today)) {
    return `${label}中的出生日期“${id.slice(birthAt, birthAt + 8)}”无效`;
  }
  const expected = gb11643CheckCharacter(id.slice(0, 17));
  if (id[17] !== expected) return `${label}校验码应为“${expected}”，实为“${id[17]}”`;
  return null;
}

/** The reason the number does not fit its type, or null when it does. Expects upper case. */
export function describeIdentityNumberProblem(
  type: IdentityNumberType,
  id: string,
  today: Date,
): string | null {
  switch (type) {
    case 'resident_id': {
      const result = checkResidentIdNumber(id, today);
      return result.ok ? null : result.reason;
    }
    case 'passport':
      return /^(E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8})$/.test(id)
        ? null
        : '中华人民共和国护照号码应为 E 加8位数字、E 加1个字母和7位数字，或 G 加8位数字';
    case 'foreign_passport':
      return /^(?=.*\d)[A-Z0-9]{6,9}$/.test(id) ? null : '外国护照号码应为6至9位字母和数字（至少含1位数字）';
    case 'hk_macao_permit':
      return /^[HM](\d{8}|\d{10})$/.test(id)
        ? null
        : '港澳居民来往内地通行证号码应为 H（香港）或 M（澳门）加8位或10位数字';
    case 'taiwan_permit':
      return /^\d{8}$/.test(id) ? null : '台湾居民来往大陆通行证号码应为8位数字';
    case 'hmt_residence_permit':
      if (!/^8[123]0000/.test(id)) {
        return '港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头';
      }
      return checkEighteen(id, 6, '港澳台居民居住证号码', today);
    case 'foreign_permanent_residence':
      if (/^[A-Z]{3}\d{12}$/.test(id)) return null;
      if (id.startsWith('9')) return checkEighteen(id, 6, '外国人永久居留身份证号码', today);
      return '外国人永久居留身份证号码应为3个字母加12位数字，或以9开头的18位号码';
  }
}
