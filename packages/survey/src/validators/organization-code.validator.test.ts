import { describe, expect, it } from 'vitest';
import {
  checkOrganizationCode,
  isValidOrganizationCode,
  organizationCodeCheckCharacter,
} from './organization-code.validator.ts';

describe('组织机构代码 (GB 11714)', () => {
  it('accepts the subject codes of valid USCCs, with or without the hyphen', () => {
    expect(isValidOrganizationCode('MA4L41YT1')).toBe(true);
    expect(isValidOrganizationCode('MA017CY13')).toBe(true);
    expect(isValidOrganizationCode('67825174-3')).toBe(true);
  });

  it('maps remainder 10 to X and 11 to 0', () => {
    expect(organizationCodeCheckCharacter('D2143569')).toBe('X');
    expect(organizationCodeCheckCharacter('00000000')).toBe('0');
  });

  it('explains what is wrong', () => {
    expect(checkOrganizationCode('12345678')).toEqual({ ok: false, reason: '组织机构代码应为9位,当前为8位' });
    expect(checkOrganizationCode('1234a6789')).toEqual({
      ok: false,
      reason: '组织机构代码第5位“a”应为数字或大写字母',
    });
    expect(checkOrganizationCode('MA4L41YT2')).toEqual({
      ok: false,
      reason: '组织机构代码校验码应为“1”,实为“2”',
    });
  });
});
