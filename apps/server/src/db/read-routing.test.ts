import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../test/server-process.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../test/test-database.ts';
import { openDatabase } from './database.ts';
import { createReadRouter, parseWalPosition, readAfterPosition } from './read-routing.ts';

// The read router's choices that need no cluster (apps/server/src/cluster.test.ts drives a real replica): a
// replica that does not answer is skipped, a server not in recovery is current, a cookie holds only a position.

const options = { maxWaitMs: 200, maxLagSeconds: 30, retryAfterMs: 60_000 };

describe('the WAL position a cookie carries', () => {
  it('is read only in the form PostgreSQL writes it', () => {
    expect(parseWalPosition('16/b374d848')).toBe('16/B374D848');
    expect(parseWalPosition('0/3000148')).toBe('0/3000148');
    for (const bad of [undefined, '', '16/', "0/1'; drop table filings; --", '123456789/1', 'x/y']) {
      expect(parseWalPosition(bad)).toBeNull();
    }
  });
});

describe.each(databaseKinds)('reading 汇总 and 报送进度 beside a replica, on %s', (kind) => {
  let primary: TestDatabase;
  afterEach(async () => {
    await primary?.drop();
  });

  it('reads the primary when the replica does not answer', async () => {
    primary = await createTestDatabase(kind);
    const nobody = await openDatabase({
      kind: 'postgres',
      url: `postgres://postgres@127.0.0.1:${await freePort()}/zhibao`,
      connectTimeoutMs: 500,
    });
    try {
      const router = createReadRouter(primary.handle.db, nobody.db, options);
      for (let i = 0; i < 2; i += 1) {
        const chosen = await router.reader();
        expect(chosen.db).toBe(primary.handle.db);
        expect(chosen.freshness.source).toBe('primary');
      }
    } finally {
      await nobody.close();
    }
  });

  it('counts a server that is not in recovery as current, whatever position the reader waits for', async () => {
    primary = await createTestDatabase(kind);
    const router = createReadRouter(primary.handle.db, primary.handle.db, options);
    const position = await router.writePosition();
    expect(parseWalPosition(position)).toBe(position.toUpperCase());
    const chosen = await readAfterPosition.run({ lsn: 'FFFF/FFFFFFFF' }, () => router.reader());
    expect(chosen.freshness.source).toBe('replica');
  });
});
