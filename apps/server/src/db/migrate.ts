import { Migrator, sql, type Migration } from 'kysely';
import type { Database } from './database.ts';
import { migrations } from './migrations/index.ts';

/** The advisory lock every instance takes to migrate, one at a time. */
const migrationLock = 20_261_206;

/**
 * Brings the schema up to date (the registry's migrations, by default Zhibao's); throws with the failing migration's name and error. All pending migrations run in
 * one transaction that first takes a transaction-level advisory lock: instances starting together migrate one
 * after another, and nothing outlives the transaction. (Kysely's own lock is session-level, taken and released
 * outside its transaction: behind PgBouncer in transaction mode the release can reach another server connection
 * than the lock, which then stays held and makes the next instance wait at its start for an hour. Here Kysely's
 * lock and release run inside this transaction, on the one server connection PgBouncer gives it.)
 */
export async function migrateToLatest(
  db: Database,
  registry: Record<string, Migration> = migrations,
): Promise<string[]> {
  let failure: { name: string; error: unknown } | undefined;
  // Each migration's own error, kept: in the aborted transaction Kysely's release of its lock fails too.
  const watched = Object.fromEntries(
    Object.entries(registry).map(([name, migration]): [string, Migration] => [
      name,
      {
        ...migration,
        up: async (connection) => {
          try {
            await migration.up(connection);
          } catch (error) {
            failure = { name, error };
            throw error;
          }
        },
      },
    ]),
  );
  return db.connection().execute(async (connection) => {
    await sql`begin`.execute(connection);
    try {
      await sql`select pg_advisory_xact_lock(${migrationLock})`.execute(connection);
      const migrator = new Migrator({
        db: connection,
        provider: { getMigrations: async () => watched },
        migrationTableName: 'schema_migrations',
        disableTransactions: true,
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error;
      await sql`commit`.execute(connection);
      return (results ?? [])
        .filter((result) => result.status === 'Success')
        .map((result) => result.migrationName);
    } catch (error) {
      await sql`rollback`.execute(connection);
      // Kysely's session-level lock, when its release could not run in the aborted transaction.
      await sql`select pg_advisory_unlock_all()`.execute(connection);
      throw new Error(
        `Migration ${failure?.name ?? '(unknown)'} failed: ${String(failure?.error ?? error)}`,
        { cause: failure?.error ?? error },
      );
    }
  });
}
