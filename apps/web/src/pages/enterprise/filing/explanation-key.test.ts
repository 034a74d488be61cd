import { describe, expect, it } from 'vitest';
import { cellDomId, explanationKey } from './explanation-key';

describe('explanation key', () => {
  it('names the rule and the cells of its instance, as the server expects', () => {
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

  it('gives grid cells a DOM id without the colon', () => {
    expect(cellDomId('revenue-classification', '1.3:export')).toBe('cell-revenue-classification-1_3_export');
  });
});
