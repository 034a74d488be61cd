import { describe, expect, it } from 'vitest';
import { checkResidentIdNumber, isValidResidentIdNumber } from './resident-id.validator.ts';

describe('公民身份号码 (GB 11643)', () => {
  it('accepts the standard examples', () => {
    expect(isValidResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isValidResidentIdNumber('440524188001010014')).toBe(false);
    expect(isValidResidentIdNumber('110105194912310021')).toBe(false);
  });

  it('explains what is wrong', () => {
    const today = new Date(Date.UTC(2024, 0, 1));
    expect(checkResidentIdNumber('110105194912310021', today)).toEqual({
      ok: false,
      reason: '公民身份号码校验码应为“X”,实为“1”',
    });
    expect(checkResidentIdNumber('11010519490231002X', today)).toEqual({
      ok: false,
      reason: '公民身份号码中的出生日期“19490231”无效',
    });
    expect(checkResidentIdNumber('110105203001010012', today).ok).toBe(false);
    expect(checkResidentIdNumber('991051194912310020', today)).toEqual({
      ok: false,
      reason: '公民身份号码前两位“99”不是有效的省级代码',
    });
    expect(checkResidentIdNumber('110105491231002', today)).toEqual({
      ok: false,
      reason: '15位旧版身份证号码已停用,请填写18位公民身份号码',
    });
    expect(checkResidentIdNumber('11010519491231002A', today)).toEqual({
      ok: false,
      reason: '公民身份号码前17位应为数字,最后一位为数字或X',
    });
  });
});
