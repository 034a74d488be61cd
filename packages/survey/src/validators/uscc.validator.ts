import { invalid, OK, type CheckResult } from './check-result.ts';
import { checkDivisionCode } from './division-code.validator.ts';
import { checkOrganizationCode, organizationCodeCheckCharacter } from './organization-code.validator.ts';

// GB 32100-2015 统一社会信用代码: 1 登记管理部门 + 1 机构类别 + 6 行政区划 + 9 主体标识码(GB 11714) + 1 校验码.

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 登记管理部门代码 in use; the standard's table plus the later additions (2–8, A–G, N). */
export const REGISTRATION_AUTHORITIES: Readonly<Record<string, string>> = {
  '1': '机构编制',
  '2': '外交',
  '3': '司法行政',
  '4': '文化',
  '5': '民政',
  '6': '旅游',
  '7': '宗教',
  '8': '工会',
  '9': '市场监管(工商)',
  A: '中央军委改革和编制办公室',
  B: '其他',
  C: '其他',
  D: '其他',
  E: '其他',
  F: '其他',
  G: '其他',
  N: '农业',
  Y: '其他',
};

/** 机构类别代码 allowed under the authorities the standard details; other authorities use 1–9. */
const KINDS: Readonly<Record<string, string>> = { '1': '1239', '5': '1239', '9': '123' };

export interface UsccParts {
  /** 登记管理部门代码, e.g. '9' for 市场监管. */
  authority: string;
  /** 机构类别代码, e.g. '1' for 企业. */
  kind: string;
  /** 登记管理机关行政区划码, 6 digits. */
  division: string;
  /** The first 8 characters of the 主体标识码; its check character is computed. */
  subject: string;
}

function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

/** Checks a 统一社会信用代码 against GB 32100-2015, reporting the first problem found. */
export function checkUscc(code: string): CheckResult {
  if (code.length !== 18) return invalid(`统一社会信用代码应为18位,当前为${code.length}位`);
  if (/[a-z]/.test(code)) return invalid('统一社会信用代码中的字母应为大写');
  for (let i = 0; i < 18; i++) {
    if (!CHARSET.includes(code[i]!)) {
      return invalid(`统一社会信用代码第${i + 1}位“${code[i]}”不是允许的字符(不使用I、O、S、V、Z)`);
    }
  }
  const authority = code[0]!;
  if (REGISTRATION_AUTHORITIES[authority] === undefined) {
    return invalid(`统一社会信用代码第1位登记管理部门代码“${authority}”无效`);
  }
  const kinds = KINDS[authority] ?? '123456789';
  if (!kinds.includes(code[1]!)) {
    return invalid(`统一社会信用代码第2位机构类别代码“${code[1]}”与登记管理部门代码“${authority}”不匹配`);
  }
  const division = checkDivisionCode(code.slice(2, 8));
  if (!division.ok && code.slice(2, 8) !== '100000') {
    return invalid(`统一社会信用代码第3至8位登记管理机关行政区划码无效: ${division.reason}`);
  }
  const subject = checkOrganizationCode(code.slice(8, 17));
  if (!subject.ok) return invalid(`统一社会信用代码第9至17位主体标识码无效: ${subject.reason}`);
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected)
    return invalid(`统一社会信用代码第18位校验码应为“${expected}”,实为“${code[17]}”`);
  return OK;
}

/** True when checkUscc accepts the code. */
export function isValidUscc(code: string): boolean {
  return checkUscc(code).ok;
}

/**
 * Completes a USCC: from its 17 leading characters (adds the 18th), or from its parts (adds the 主体标识码
 * check character and the 18th). Throws when the result would not be valid.
 */
export function buildUscc(input: string | UsccParts): string {
  const first17 =
    typeof input === 'string'
      ? input
      : `${input.authority}${input.kind}${input.division}${input.subject}${organizationCodeCheckCharacter(input.subject)}`;
  if (first17.length !== 17) throw new Error(`统一社会信用代码前17位应为17个字符,当前为${first17.length}个`);
  // A bad character still yields some check character; checkUscc then names the bad one and its place.
  const code = first17 + usccCheckCharacter(first17);
  const result = checkUscc(code);
  if (!result.ok) throw new Error(result.reason);
  return code;
}
