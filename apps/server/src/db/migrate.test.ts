import { sql, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../test/test-database.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';

// What an operator sees when a migration of a new release fails at start: its name and its error, and the database
// as it was — the migrations before it in the same start undone, no lock left behind for the next start.

const tableExists = async (database: TestDatabase, name: string) =>
  (
    await sql<{ found: string | null }>`select to_regclass(${name})::text as found`.execute(
      database.handle.db,
    )
  ).rows[0]?.found !== null;

describe.each(databaseKinds)('migrating to the latest schema (%s)', (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('names the migration that failed, undoes the whole start and leaves no lock held', async () => {
    database = await createTestDatabase(kind);
    const release: Record<string, Migration> = {
      ...migrations,
      '29991231T0000-a-good-step': {
        up: async (db) => {
          await sql`create table release_notes (id int)`.execute(db);
        },
      },
      '29991231T0100-a-broken-step': {
        up: async (db) => {
          await sql`alter table no_such_table add column id int`.execute(db);
        },
      },
    };
    await expect(migrateToLatest(database.handle.db, release)).rejects.toThrow(
      /Migration 29991231T0100-a-broken-step failed: .*no_such_table/,
    );
    expect(await tableExists(database, 'release_notes')).toBe(false);
    // Any advisory lock of this database: Kysely's session-level one, or ours had it outlived the transaction.
    const { rows } = await sql<{ held: number }>`
      select count(*)::int as held from pg_locks
      where locktype = 'advisory'
        and database = (select oid from pg_database where datname = current_database())`.execute(
      database.handle.db,
    );
    expect(rows[0]?.held).toBe(0);

    // The release fixed, the next start applies it.
    const fixed = { ...release, '29991231T0100-a-broken-step': { up: async () => {} } };
    expect(await migrateToLatest(database.handle.db, fixed)).toEqual([
      '29991231T0000-a-good-step',
      '29991231T0100-a-broken-step',
    ]);
    expect(await tableExists(database, 'release_notes')).toBe(true);
  });
});
