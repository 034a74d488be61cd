import { describe, expect, it } from 'vitest';
import { parseCellInput } from './cell-input-value';

describe('typed number cells', () => {
  it('accept thousands separators as the form shows them', () => {
    expect(parseCellInput('1,234,567.5')).toEqual({ kind: 'number', value: 1234567.5 });
  });

  it('accept full-width digits typed with a Chinese input method', () => {
    expect(parseCellInput('１２，３４５．６')).toEqual({ kind: 'number', value: 12345.6 });
  });

  it('treat an emptied cell as blank and words as not a number', () => {
    expect(parseCellInput('  ')).toEqual({ kind: 'blank' });
    expect(parseCellInput('四千')).toEqual({ kind: 'invalid' });
    expect(parseCellInput('-12.5')).toEqual({ kind: 'number', value: -12.5 });
  });
});
