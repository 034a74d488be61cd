import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoment, formatPeriod, surveyInstantOf } from './date-format';
import 'dayjs/locale/zh-cn';

describe('dates', () => {
  const machineZone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = machineZone;
  });

  it('shows the annual deadline as 18:00 China time on any machine', () => {
    expect(formatDateTime('2026-03-20T10:00:00.000Z')).toBe('2026-03-20 18:00');
  });

  it('writes a moment of today by its time alone, one of another day with its date (China time)', () => {
    const now = dayjs('2026-11-16T02:00:00.000Z');
    expect(formatMoment('2026-11-16T01:30:12.000Z', now)).toBe('09:30:12');
    expect(formatMoment('2026-11-15T15:59:59.000Z', now)).toBe('2026-11-15 23:59:59');
  });

  it('puts a late-evening instant on the China calendar day', () => {
    expect(formatDate('2026-11-15T16:30:00.000Z')).toBe('2026-11-16');
  });

  // Issue 17, finding 11: a browser set to UTC stored a deadline picked as 18:00 as 02:00 the next day.
  it.each(['UTC', 'America/New_York', 'Asia/Shanghai'])(
    'reads a picked 18:00 as 18:00 China time on a %s machine',
    (zone) => {
      process.env.TZ = zone;
      const picked = dayjs('2026-12-10 18:00');
      expect(surveyInstantOf(picked)).toBe('2026-12-10T10:00:00.000Z');
      expect(formatDateTime(surveyInstantOf(picked))).toBe('2026-12-10 18:00');
    },
  );
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
