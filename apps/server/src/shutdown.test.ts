import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db/database.ts';
import { demoAccounts } from './db/seed/demo-accounts.ts';
import { exitCodeOf, freePort, startServerProcess, waitUntilReady } from './test/server-process.ts';

// Each acknowledged login writes one session row: the stream of writes the shutdown must not damage.
// A login is the password, then the SMS code read from the development outbox; each writer uses its
// own demo account so that the writers' codes do not supersede one another.
async function writeUntilRefused(
  base: string,
  acknowledged: { count: number },
  account: { username: string; password: string },
): Promise<void> {
  const post = (url: string, body: unknown) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  for (;;) {
    try {
      const sent = await post('/api/session/sms-code', account);
      await sent.arrayBuffer();
      if (sent.status === 503) return;
      if (sent.status !== 200) continue;
      const outbox = await fetch(`${base}/api/dev/sms-outbox?username=${account.username}&limit=1`);
      if (outbox.status === 503) return;
      const { items } = (await outbox.json()) as { items: Array<{ text: string }> };
      const smsCode = items[0]?.text.match(/\d{6}/)?.[0];
      const response = await post('/api/session', { ...account, smsCode });
      await response.arrayBuffer();
      if (response.status === 200) acknowledged.count += 1;
      else if (response.status === 503) return;
    } catch {
      return;
    }
  }
}

describe('graceful shutdown on PGlite', () => {
  const cleanup: string[] = [];
  afterAll(async () => {
    for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write and a usable data folder across SIGINT during writes', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'zhibao-shutdown-'));
    cleanup.push(dataDir);
    const acknowledged = { count: 0 };

    for (let round = 0; round < 2; round += 1) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const child = startServerProcess({ dataDir }, port);
      await waitUntilReady(base, child);
      // Each round its own accounts: a code the previous round left unused holds its account's resend for a
      // minute, which would stall that writer.
      const writers = demoAccounts
        .slice(round * 3, round * 3 + 3)
        .map((account) => writeUntilRefused(base, acknowledged, account));
      // Signal once writes flow: on a loaded machine the first login may take longer than any fixed pause.
      const countAtStart = acknowledged.count;
      while (acknowledged.count === countAtStart && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      const countBeforeSignal = acknowledged.count;
      child.kill('SIGINT');
      expect(await exitCodeOf(child)).toBe(0);
      await Promise.all(writers);
      expect(countBeforeSignal).toBeGreaterThan(countAtStart);
    }

    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const { rows } = await sql<{ count: number }>`select count(*)::int as count from sessions`.execute(
        database.db,
      );
      expect(rows[0]!.count).toBeGreaterThanOrEqual(acknowledged.count);
      const users = await database.db.selectFrom('users').select('username').execute();
      expect(users.map((user) => user.username)).toContain('qiye');
    } finally {
      await database.close();
    }
  }, 180_000);
});
