import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { ActiveKeys } from './personal-data-cipher.ts';
import type { SealedMobile } from './sealed-mobile.ts';

// Sealing in place (seal-personal-data.ts) of the tables that keep a number as sealed-mobile.ts's three columns:
// their owners write new numbers; this rewrites stored ones under the active keys, and nothing else.

export const tablesWithMobiles = ['users', 'sms_codes', 'sms_outbox'] as const;
export type TableWithMobiles = (typeof tablesWithMobiles)[number];

/** Numbers still in the clear, under another key than the active one, or hashed under another lookup key. */
export async function listMobilesToSeal(
  db: Database,
  table: TableWithMobiles,
  active: ActiveKeys,
  limit: number,
) {
  const { rows } = await sql<{ id: string; mobile: string; mobile_key_id: string | null }>`
    select id, mobile, mobile_key_id from ${sql.table(table)}
    where mobile is not null
      and (mobile_key_id is null or mobile_key_id <> ${active.activeKeyId}
           or not coalesce(starts_with(mobile_hash, ${active.activeLookupPrefix}), false))
    order by id
    limit ${limit}`.execute(db);
  return rows;
}

/** Writes a number sealed again, only if it is still as it was read (a change meanwhile wins). */
export async function updateSealedMobile(
  db: Database,
  table: TableWithMobiles,
  row: { id: string; mobile: string },
  columns: SealedMobile,
): Promise<void> {
  await sql`update ${sql.table(table)}
    set mobile = ${columns.mobile}, mobile_key_id = ${columns.mobile_key_id}, mobile_hash = ${columns.mobile_hash}
    where id = ${row.id} and mobile = ${row.mobile}`.execute(db);
}
