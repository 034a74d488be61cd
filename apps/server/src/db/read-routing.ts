import { AsyncLocalStorage } from 'node:async_hooks';
import type { ReadFreshness } from '@zhibao/contracts';
import { sql } from 'kysely';
import type { AppContext } from '../app-context.ts';
import type { Database } from './database.ts';

/**
 * Where the heavy reads of 汇总 and 报送进度 go when a streaming replica is configured (DATABASE_READ_URL).
 *
 * A replica lags the primary, so a person who has just approved, returned or passed up must still see their own
 * change: every write answers with the primary's WAL position in a cookie, and a later read waits — at most
 * `maxWaitMs` — until the replica has replayed that position; otherwise it reads the primary. A replica that does
 * not answer is skipped for `retryAfterMs`, and one whose figures are older than `maxLagSeconds` is skipped too, so
 * a replica never makes a page slow or wrong. What a read served from the replica shows is dated (数据截至).
 */
export interface ReadRouter {
  /** The database this request's heavy reads use, and how fresh the figures read there are. */
  reader(): Promise<{ db: Database; freshness: ReadFreshness }>;
  /** The primary's WAL position now: every transaction committed before the call is at or before it. */
  writePosition(): Promise<string>;
}

export interface ReadRoutingOptions {
  /** How long a read waits for the replica to replay the reader's own last write before reading the primary. */
  maxWaitMs: number;
  /** Figures older than this on the replica (its WAL receiver stopped, replay stuck) send reads to the primary. */
  maxLagSeconds: number;
  /** How long a replica that failed to answer is left out before it is asked again. */
  retryAfterMs: number;
}

/** The WAL position the person's last write reached (from their cookie), for the request under way. */
export const readAfterPosition = new AsyncLocalStorage<{ lsn: string | null }>();

/** The cookie that carries a person's last write position from one request (and instance) to the next. */
export const readAfterCookieName = 'zhibao_read_after';

const lsnPattern = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;

/** A WAL position as PostgreSQL writes it ('16/B374D848'), or null for anything else a cookie may hold. */
export function parseWalPosition(value: string | undefined): string | null {
  return value && lsnPattern.test(value) ? value.toUpperCase() : null;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createReadRouter(
  primary: Database,
  replica: Database,
  options: ReadRoutingOptions,
  clock: () => Date = () => new Date(),
): ReadRouter {
  let skipUntil = 0;
  const fromPrimary = () => ({
    db: primary,
    freshness: { source: 'primary', asOf: clock().toISOString() } satisfies ReadFreshness,
  });

  // One round trip: whether the replica has replayed the position asked for, and the moment its figures are
  // current to — now while its WAL receiver streams and has replayed all it received, else its last replay. (A
  // server that is not in recovery — a promoted replica, or the primary itself named as the reader — is current.)
  const replicaState = async (lsn: string | null) => {
    const { rows } = await sql<{ replayed: boolean; as_of: Date }>`
      select
        coalesce(
          not pg_is_in_recovery() or ${lsn}::pg_lsn is null or pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn,
          false
        ) as replayed,
        case
          when not pg_is_in_recovery() then now()
          when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
            and exists (select 1 from pg_stat_wal_receiver where status = 'streaming') then now()
          else coalesce(pg_last_xact_replay_timestamp(), now())
        end as as_of
    `.execute(replica);
    return rows[0]!;
  };

  return {
    async reader() {
      if (Date.now() < skipUntil) return fromPrimary();
      const lsn = readAfterPosition.getStore()?.lsn ?? null;
      const deadline = Date.now() + options.maxWaitMs;
      for (;;) {
        let state: Awaited<ReturnType<typeof replicaState>>;
        try {
          state = await replicaState(lsn);
        } catch {
          skipUntil = Date.now() + options.retryAfterMs;
          return fromPrimary();
        }
        const asOf = new Date(state.as_of);
        if ((clock().getTime() - asOf.getTime()) / 1000 > options.maxLagSeconds) return fromPrimary();
        if (state.replayed) {
          return { db: replica, freshness: { source: 'replica', asOf: asOf.toISOString() } };
        }
        if (Date.now() >= deadline) return fromPrimary();
        await pause(10);
      }
    },
    async writePosition() {
      const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(primary);
      return rows[0]!.lsn;
    },
  };
}

/** The reader of a heavy read: the replica when one is configured and fresh enough for this person, else the primary. */
export async function heavyReader(ctx: AppContext): Promise<{ db: Database; freshness: ReadFreshness }> {
  return ctx.replica
    ? ctx.replica.reader()
    : { db: ctx.db, freshness: { source: 'primary', asOf: ctx.now().toISOString() } };
}
