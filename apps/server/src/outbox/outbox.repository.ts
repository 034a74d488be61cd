import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { NewNotice } from '../notice/notice.repository.ts';
import type { NewRegionNotice } from '../review/region-workflow.repository.ts';

/** What a state change asks the worker to do after commit; written with the change, in its transaction. */
export type OutboxMessage =
  | { kind: 'notice'; payload: NewNotice }
  | { kind: 'region-notice'; payload: NewRegionNotice }
  | { kind: 'sms'; payload: SmsPayload };

/**
 * An SMS waiting to be sent: the number sealed as its table keeps it (personal-data/sealed-mobile.ts), under
 * `mobileKeyId`; without one (null, or absent in rows of an earlier version) the number is in the clear.
 */
export interface SmsPayload {
  mobile: string;
  mobileKeyId?: string | null;
  text: string;
}

export interface ClaimedMessage {
  id: string;
  created_at: Date;
  kind: OutboxMessage['kind'];
  payload: unknown;
  attempts: number;
}

export async function insertOutboxMessages(db: Database, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await db
    .insertInto('outbox')
    .values(messages.map((message) => ({ kind: message.kind, payload: JSON.stringify(message.payload) })))
    .execute();
}

/**
 * Claims up to `limit` due messages for one worker until `leaseUntil`: rows another worker holds (its lock, or its
 * unexpired lease) are skipped, never waited on, so several processes share the queue without sending one row
 * twice. A worker that dies holding a lease leaves its rows to whoever claims after the lease ends. Its SQL is
 * committed in apps/server/sql/outbox-claim.sql.
 */
export async function claimDueMessages(
  db: Database,
  options: { now: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedMessage[]> {
  const result = await claimStatement(options).execute(db);
  // UPDATE … RETURNING keeps no order: done in the order the changes committed, a person's texts arrive in it.
  return result.rows.sort(
    (a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime() || a.id.localeCompare(b.id),
  );
}

export function claimStatement(options: { now: Date; leaseUntil: Date; limit: number }) {
  return sql<ClaimedMessage>`
    update outbox set attempts = attempts + 1, locked_until = ${options.leaseUntil}
    where id in (
      select id from outbox
      where processed_at is null and failed_at is null
        and available_at <= ${options.now}
        and (locked_until is null or locked_until <= ${options.now})
      order by available_at, created_at
      limit ${options.limit}
      for update skip locked)
    returning id, created_at, kind, payload, attempts`;
}

/** Marks a message done; false when it was done already (by a worker that took it over after a lapsed lease). */
export async function markMessageProcessed(db: Database, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ processed_at: now, locked_until: null, last_error: null })
    .where('id', '=', id)
    .where('processed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Puts a failed message back for a later attempt, or gives it up (failed_at) after its last attempt. */
export async function markMessageAttemptFailed(
  db: Database,
  id: string,
  outcome: { error: string; retryAt: Date | null; now: Date },
): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      locked_until: null,
      last_error: outcome.error.slice(0, 500),
      ...(outcome.retryAt ? { available_at: outcome.retryAt } : { failed_at: outcome.now }),
    })
    .where('id', '=', id)
    .where('processed_at', 'is', null)
    .execute();
}

// ---- Sealing in place (personal-data/seal-personal-data.ts) -----------------------------------------------

/** SMS whose number is in the clear or under another key than the active one. */
export async function listSmsPayloadsToSeal(db: Database, activeKeyId: string, limit: number) {
  const { rows } = await sql<{ id: string; payload: SmsPayload }>`
    select id, payload from outbox
    where kind = 'sms' and (payload->>'mobileKeyId') is distinct from ${activeKeyId}
    order by id
    limit ${limit}`.execute(db);
  return rows;
}

/** Writes an SMS's number sealed again, only if it is still as it was read. */
export async function updateSealedSmsPayload(
  db: Database,
  id: string,
  read: SmsPayload,
  payload: SmsPayload,
): Promise<void> {
  await sql`update outbox set payload = ${JSON.stringify(payload)}::jsonb
    where id = ${id} and payload->>'mobile' = ${read.mobile}`.execute(db);
}

/** Forgets messages done before `before`: the notice or the text itself is the record, the row only its receipt. */
export async function deleteProcessedMessagesBefore(db: Database, before: Date): Promise<void> {
  await db.deleteFrom('outbox').where('processed_at', '<', before).execute();
}

export interface OutboxHealth {
  pending: number;
  /** Seconds the oldest message not yet done has waited; 0 when none waits. */
  oldestPendingSeconds: number;
  /** Messages waiting for another attempt after a failure. */
  retrying: number;
  /** Messages given up after their last attempt. */
  failed: number;
  /** Aggregation deltas not yet folded into the kept totals. */
  unfoldedDeltas: number;
}

export async function readOutboxHealth(db: Database, now: Date): Promise<OutboxHealth> {
  const result = await sql<{
    pending: number;
    oldest: Date | null;
    retrying: number;
    failed: number;
    deltas: number;
  }>`
    select count(*) filter (where processed_at is null and failed_at is null)::int as pending,
           min(created_at) filter (where processed_at is null and failed_at is null) as oldest,
           count(*) filter (where processed_at is null and failed_at is null and attempts > 0)::int as retrying,
           count(*) filter (where failed_at is not null)::int as failed,
           (select count(*)::int from aggregation_deltas) as deltas
    from outbox`.execute(db);
  const row = result.rows[0]!;
  const oldest = row.oldest ? new Date(row.oldest) : null;
  return {
    pending: row.pending,
    oldestPendingSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : 0,
    retrying: row.retrying,
    failed: row.failed,
    unfoldedDeltas: row.deltas,
  };
}

/** Whether the filings trigger left deltas to fold (a cheap look before taking the fold's lock). */
export async function hasUnfoldedDeltas(db: Database): Promise<boolean> {
  const result = await sql<{
    found: boolean;
  }>`select exists (select 1 from aggregation_deltas) as found`.execute(db);
  return result.rows[0]?.found ?? false;
}
