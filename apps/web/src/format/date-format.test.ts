import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './date-format';

describe('dates', () => {
  it('shows the annual deadline as 18:00 China time on any machine', () => {
    expect(formatDateTime('2026-03-20T10:00:00.000Z')).toBe('2026-03-20 18:00');
  });

  it('puts a late-evening instant on the China calendar day', () => {
    expect(formatDate('2026-11-15T16:30:00.000Z')).toBe('2026-11-16');
  });
});
