import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildUscc, checkUscc, isValidUscc } from './uscc.validator.ts';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts known-good codes', () => {
    for (const code of ['91430111MA4L41YT1U', '91110114MA017CY134', '91350213678251743X']) {
      expect(checkUscc(code), code).toEqual({ ok: true });
    }
  });

  it('rejects known-bad codes with the reason', () => {
    const cases: Array<[string, string]> = [
      ['91350203M0001QAY9B', '统一社会信用代码第18位校验码应为“9”,实为“B”'],
      ['91430111MA4L41YT1', '统一社会信用代码应为18位,当前为17位'],
      ['91430111ma4l41yt1u', '统一社会信用代码中的字母应为大写'],
      ['91430111MA4L41YI1U', '统一社会信用代码第16位“I”不是允许的字符(不使用I、O、S、V、Z)'],
      ['X1430111MA4L41YT1U', '统一社会信用代码第1位登记管理部门代码“X”无效'],
      ['94430111MA4L41YT1U', '统一社会信用代码第2位机构类别代码“4”与登记管理部门代码“9”不匹配'],
      [
        '91990111MA4L41YT1U',
        '统一社会信用代码第3至8位登记管理机关行政区划码无效: 行政区划代码前两位“99”不是有效的省级代码',
      ],
      ['91430111MA4L41YT2U', '统一社会信用代码第9至17位主体标识码无效: 组织机构代码校验码应为“1”,实为“2”'],
    ];
    for (const [code, reason] of cases) expect(checkUscc(code), code).toEqual({ ok: false, reason });
  });

  it('builds codes whose check characters validate', () => {
    expect(buildUscc('91430111MA4L41YT1')).toBe('91430111MA4L41YT1U');
    expect(buildUscc({ authority: '9', kind: '1', division: '430111', subject: 'MA4L41YT' })).toBe(
      '91430111MA4L41YT1U',
    );
    expect(buildUscc({ authority: '9', kind: '1', division: '350213', subject: '67825174' })).toBe(
      '91350213678251743X',
    );
    expect(() => buildUscc('91430111MA4L41YT2')).toThrow(/主体标识码无效/);
    expect(() => buildUscc({ authority: '9', kind: '7', division: '430111', subject: 'MA4L41YT' })).toThrow(
      /机构类别代码/,
    );
  });

  it('builds a valid code from any well-formed parts, and one changed character breaks it', () => {
    const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const subject = fc
      .array(fc.constantFrom(...charset), { minLength: 8, maxLength: 8 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(
        subject,
        fc.constantFrom('110108', '440305', '500112'),
        fc.nat(16),
        fc.constantFrom(...charset),
        (body, division, at, replacement) => {
          const code = buildUscc({ authority: '9', kind: '1', division, subject: body });
          expect(isValidUscc(code)).toBe(true);
          const changed = code.slice(0, at) + replacement + code.slice(at + 1);
          if (changed !== code) expect(isValidUscc(changed)).toBe(false);
        },
      ),
    );
  });
});
