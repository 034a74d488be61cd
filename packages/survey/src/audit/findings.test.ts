import { describe, expect, it } from 'vitest';
import { explanationKey, hasVisibleText } from './findings.ts';

describe('explanation key', () => {
  it('names the rule and the cells of its instance, so an explanation survives edits of the values', () => {
    expect(
      explanationKey({
        ruleId: 'W-MON-01',
        cells: [
          { formId: 'monthly', key: '2110' },
          { formId: 'monthly', key: '2020' },
        ],
      }),
    ).toBe('W-MON-01:monthly.2110+monthly.2020');
  });
});

describe('visible text of a 审核说明', () => {
  it('does not count spaces, zero-width, format or control characters as text (issue 14, finding 7)', () => {
    for (const invisible of [
      '',
      '   ',
      '\u200B',
      '\u200B\u200C\u200D\u200E\u200F',
      '\u2060\u2061\u2062\u2063\u2064\u206F',
      '\uFEFF',
      '\u00AD',
      '\u0000\u0007\u001F\u007F',
      '\u3000\u00A0\t\n',
      '\u202E\u2066\u2069',
      '\u3164\u2800',
      '\u0301',
    ]) {
      expect(hasVisibleText(invisible), JSON.stringify(invisible)).toBe(false);
    }
  });

  it('counts any visible character, wherever the invisible ones are', () => {
    for (const visible of ['本月新签大额订单', '\u200B因疫情停工\u200B', '.', '1', 'é', '👍']) {
      expect(hasVisibleText(visible), visible).toBe(true);
    }
  });
});
