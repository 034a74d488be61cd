import { describe, expect, it } from 'vitest';
import { formatCellValue, formatFiledValue } from './cell-value-format';

// Issue 17 finding 11: coded answers (B10 "121", B16 "3") showed without their meaning on the review page.
describe('a filed value on the review page', () => {
  it('writes a coded answer with its meaning from the survey’s code list', () => {
    expect(formatCellValue('121', { codeList: 'registration-category' }, '2021')).toBe(
      '121 私营股份有限公司',
    );
    expect(formatCellValue('3', { codeList: 'enterprise-size' }, '2021')).toBe('3 小型');
    expect(formatCellValue('6513', { codeList: 'industry' }, '2024')).toMatch(/^6513 \S+/);
  });

  it('shows a code the list does not name, free text and amounts as filed', () => {
    expect(formatCellValue('999', { codeList: 'registration-category' }, '2021')).toBe('999');
    expect(formatCellValue('软件开发', { codeList: null }, '2021')).toBe('软件开发');
    expect(formatCellValue(1234567.5, { codeList: null }, '2021')).toBe('1,234,567.5');
    expect(formatCellValue(null, { codeList: 'enterprise-size' }, '2021')).toBe('');
  });
});

// The same filing's 历史记录 and 版本对比 (tabs of the review page) named cells only by form and key.
describe('a filed value in the history and the comparison of versions', () => {
  it('finds the cell’s code list in the edition and writes the meaning', () => {
    expect(formatFiledValue('121', { formId: 'basic', key: 'B10' }, '2021')).toBe('121 私营股份有限公司');
    expect(formatFiledValue('3', { formId: 'basic', key: 'B16' }, '2021')).toBe('3 小型');
    expect(formatFiledValue('王磊华', { formId: 'basic', key: 'B17' }, '2021')).toBe('王磊华');
    expect(formatFiledValue(1234.5, { formId: 'finance', key: 'F30' }, '2021')).toBe('1,234.5');
    expect(formatFiledValue('1', { formId: 'no-such-form', key: 'B10' }, '2021')).toBe('1');
  });
});
