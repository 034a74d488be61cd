import { describe, expect, it } from 'vitest';
import type { AdminLevel } from '../db/schema.ts';
import { reviewDeadlineOf, validateChainLevels } from './review-chain.ts';

const closesAt = new Date('2031-04-15T10:00:00Z');
const day = 86_400_000;

describe('review deadlines per level', () => {
  const chain = {
    levels: ['county', 'city', 'province', 'ministry'] as AdminLevel[],
    reviewDays: { county: 3, city: 4 },
  };

  it("adds each reviewing level's days to the deadline of the level below, 5 days when unset", () => {
    const task = { closesAt, reviewDeadlines: {} };
    const levels = chain;
    expect(reviewDeadlineOf(task, levels, 'county')).toEqual(new Date(closesAt.getTime() + 3 * day));
    expect(reviewDeadlineOf(task, levels, 'city')).toEqual(new Date(closesAt.getTime() + 7 * day));
    expect(reviewDeadlineOf(task, levels, 'province')).toEqual(new Date(closesAt.getTime() + 12 * day));
  });

  it('takes a date the task sets, and counts the levels above from it', () => {
    const task = { closesAt, reviewDeadlines: { county: '2031-04-30T10:00:00.000Z' } };
    const levels = chain;
    expect(reviewDeadlineOf(task, levels, 'county')).toEqual(new Date('2031-04-30T10:00:00.000Z'));
    expect(reviewDeadlineOf(task, levels, 'city')).toEqual(new Date('2031-05-04T10:00:00.000Z'));
  });

  it('reopens every level after a filing deadline later than the task’s (延期, granted 更正申请)', () => {
    const task = { closesAt, reviewDeadlines: { county: '2031-04-30T10:00:00.000Z' } };
    const reopened = new Date('2031-06-01T10:00:00.000Z');
    expect(reviewDeadlineOf(task, chain, 'county', reopened)).toEqual(new Date(reopened.getTime() + 3 * day));
    expect(reviewDeadlineOf(task, chain, 'city', reopened)).toEqual(new Date(reopened.getTime() + 7 * day));
    // A set date still later than the reopened count stands; a filing deadline not after the task's changes nothing.
    const early = new Date(closesAt.getTime() + day);
    expect(reviewDeadlineOf(task, chain, 'county', early)).toEqual(new Date('2031-04-30T10:00:00.000Z'));
    expect(reviewDeadlineOf(task, chain, 'city', closesAt)).toEqual(new Date('2031-05-04T10:00:00.000Z'));
  });

  it('gives a skipped level no deadline and does not count its days', () => {
    const task = { closesAt, reviewDeadlines: {} };
    const skipped = {
      levels: ['county' as const, 'province' as const, 'ministry' as const],
      reviewDays: chain.reviewDays,
    };
    expect(reviewDeadlineOf(task, skipped, 'city')).toBeNull();
    expect(reviewDeadlineOf(task, skipped, 'province')).toEqual(new Date(closesAt.getTime() + 8 * day));
  });
});

describe('a configured chain', () => {
  it('must start at the 区县 and end at the 部, lowest first', () => {
    expect(validateChainLevels(['county', 'province', 'ministry'])).toBeNull();
    expect(validateChainLevels(['city', 'ministry'])).toBe('审核层级的第一级应为区县，不能跳过');
    expect(validateChainLevels(['county', 'city'])).toBe('审核层级的最后一级应为部级');
    expect(validateChainLevels(['county', 'province', 'city', 'ministry'])).toBe(
      '审核层级应自下而上排列（区县 → 市 → 省 → 部）',
    );
  });
});
