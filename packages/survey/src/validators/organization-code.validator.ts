import { invalid, OK, type CheckResult } from './check-result.ts';

const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function characterValue(ch: string): number {
  return ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55;
}

/** GB 11714 check character of an 8-character body (digits and capital letters). */
export function organizationCodeCheckCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += characterValue(body[i]!) * WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** Checks a 9-character organization code (GB 11714-1997), with or without the hyphen before the check character. */
export function checkOrganizationCode(input: string): CheckResult {
  const code = /^.{8}-.$/.test(input) ? input.slice(0, 8) + input.slice(9) : input;
  if (code.length !== 9) return invalid(`组织机构代码应为9位,当前为${code.length}位`);
  const body = code.slice(0, 8);
  const badBody = /[^0-9A-Z]/.exec(body);
  if (badBody) return invalid(`组织机构代码第${badBody.index + 1}位“${badBody[0]}”应为数字或大写字母`);
  const expected = organizationCodeCheckCharacter(body);
  if (code[8] !== expected) return invalid(`组织机构代码校验码应为“${expected}”,实为“${code[8]}”`);
  return OK;
}

/** True when checkOrganizationCode accepts the code. */
export function isValidOrganizationCode(code: string): boolean {
  return checkOrganizationCode(code).ok;
}
