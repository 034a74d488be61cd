import { describe, expect, it } from 'vitest';
import { WorkInTurn } from './work-in-turn.ts';

// The 含推算 recomputations of one set of estimates never run two at once, and a read that arrives during one still
// has its changes looked at afterwards (once, however many reads arrived).

/** Work that records when it starts and ends, and ends when the test lets it. */
function recorder() {
  const log: string[] = [];
  const finish = new Map<string, () => void>();
  const work = (name: string) => () =>
    new Promise<void>((resolve) => {
      log.push(`start ${name}`);
      finish.set(name, () => {
        log.push(`end ${name}`);
        resolve();
      });
    });
  const end = async (name: string) => {
    finish.get(name)!();
    // Let the chained work of the key begin.
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { log, work, end };
}

describe('background work in turn', () => {
  it('runs the work of one key one at a time, and only the latest asked for meanwhile', async () => {
    const turns = new WorkInTurn();
    const { log, work, end } = recorder();
    turns.run('november', work('first'));
    turns.run('november', work('second'));
    turns.run('november', work('third'));
    expect(log).toEqual(['start first']);
    await end('first');
    expect(log).toEqual(['start first', 'end first', 'start third']);
    await end('third');
    await turns.settled();
    expect(log).toEqual(['start first', 'end first', 'start third', 'end third']);
  });

  it('runs the work of different keys side by side, and settles when all have ended', async () => {
    const turns = new WorkInTurn();
    const { log, work, end } = recorder();
    turns.run('november', work('november'));
    turns.run('october', work('october'));
    expect(log).toEqual(['start november', 'start october']);
    let isSettled = false;
    const settled = turns.settled().then(() => (isSettled = true));
    await end('october');
    expect(isSettled).toBe(false);
    await end('november');
    await settled;
    expect(isSettled).toBe(true);
  });
});
