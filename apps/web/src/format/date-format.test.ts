import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatPeriod } from './date-format';

describe('dates', () => {
  it('shows the annual deadline as 18:00 China time on any machine', () => {
    expect(formatDateTime('2026-03-20T10:00:00.000Z')).toBe('2026-03-20 18:00');
  });

  it('puts a late-evening instant on the China calendar day', () => {
    expect(formatDate('2026-11-15T16:30:00.000Z')).toBe('2026-11-16');
  });
});

describe('report periods', () => {
  afterEach(() => {
    dayjs.locale('zh-cn');
  });

  it('writes a period code in the interface language', () => {
    dayjs.locale('zh-cn');
    expect(formatPeriod('2026-11')).toBe('2026年11月');
    expect(formatPeriod('2025')).toBe('2025年');
    dayjs.locale('en');
    expect(formatPeriod('2026-11')).toBe('Nov 2026');
    expect(formatPeriod('2025')).toBe('2025');
  });
});
