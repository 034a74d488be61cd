import { describe, expect, it } from 'vitest';
import { checkDivisionCode, isValidDivisionCodeFormat } from './division-code.validator.ts';

describe('行政区划代码 (GB/T 2260)', () => {
  it('accepts 6- and 12-digit codes under a real province', () => {
    for (const code of ['110108', '500112', '430000', '659001', '430111001001'])
      expect(isValidDivisionCodeFormat(code), code).toBe(true);
  });

  it('explains what is wrong', () => {
    expect(checkDivisionCode('43011')).toEqual({
      ok: false,
      reason: '行政区划代码应为6位(或12位统计用区划代码),当前为5位',
    });
    expect(checkDivisionCode('43O111')).toEqual({ ok: false, reason: '行政区划代码“43O111”只能由数字组成' });
    expect(checkDivisionCode('990101')).toEqual({
      ok: false,
      reason: '行政区划代码前两位“99”不是有效的省级代码',
    });
    expect(checkDivisionCode('430011')).toEqual({
      ok: false,
      reason: '行政区划代码“430011”的地级代码为00时县级代码也应为00',
    });
  });
});
