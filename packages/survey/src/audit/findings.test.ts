import { describe, expect, it } from 'vitest';
import { explanationKey } from './findings.ts';

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
