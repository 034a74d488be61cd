import { describe, expect, it } from 'vitest';
import { cellDomId } from './cell-dom-id';

describe('cell DOM id', () => {
  it('gives grid cells a DOM id without the colon, so the audit panel can focus them', () => {
    expect(cellDomId('revenue-classification', '1.3:export')).toBe('cell-revenue-classification-1_3_export');
  });
});
