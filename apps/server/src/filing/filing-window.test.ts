import { describe, expect, it } from 'vitest';
import { filingWindowOf, filingWindowRefusal, formatChinaDateTime } from './filing-window.ts';

const task = {
  opens_at: new Date('2026-11-01T00:00:00+08:00'),
  closes_at: new Date('2026-11-15T18:00:00+08:00'),
};

describe('filing window', () => {
  it('writes deadlines in China time, as the ministry announces them', () => {
    expect(formatChinaDateTime(new Date('2026-11-15T10:00:00Z'))).toBe('2026年11月15日18:00');
  });

  it('is open between opening and closing, inclusive of the closing minute', () => {
    const window = filingWindowOf(task, undefined);
    expect(filingWindowRefusal(window, new Date('2026-11-15T18:00:00+08:00'))).toBeNull();
    expect(filingWindowRefusal(window, new Date('2026-11-02T09:00:00+08:00'))).toBeNull();
  });

  it('says why and since when after closing', () => {
    const window = filingWindowOf(task, { deadline_extended_until: null });
    expect(filingWindowRefusal(window, new Date('2026-11-15T18:01:00+08:00'))).toMatch(
      /^填报期已于2026年11月15日18:00截止，不能修改或上报/,
    );
  });

  it('says when it opens before opening', () => {
    expect(filingWindowRefusal(filingWindowOf(task, undefined), new Date('2026-10-31T12:00:00+08:00'))).toBe(
      '填报期将于2026年11月01日00:00开始，目前不能填报',
    );
  });

  it('keeps a filing with an extension open until the extension ends', () => {
    const window = filingWindowOf(task, { deadline_extended_until: new Date('2026-11-22T18:00:00+08:00') });
    expect(window.isExtended).toBe(true);
    expect(filingWindowRefusal(window, new Date('2026-11-20T12:00:00+08:00'))).toBeNull();
    expect(filingWindowRefusal(window, new Date('2026-11-23T12:00:00+08:00'))).toMatch(
      /^延期填报期已于2026年11月22日18:00截止/,
    );
  });
});
