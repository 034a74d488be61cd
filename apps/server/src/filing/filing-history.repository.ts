import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { CellValues } from '../db/schema.ts';
import { diffCellValues, type ValueChange } from './filing-history.ts';

/**
 * Records every cell a write changes, in the write's own transaction (so a rolled-back save leaves no history),
 * with one multi-row insert however many cells changed. Answers how many cells changed.
 */
export async function recordValueChanges(
  trx: Database,
  write: {
    filingId: string;
    before: CellValues | null;
    after: CellValues;
    action: 'filing.save' | 'filing.submit';
    actorUserId: string;
    at: Date;
    ip: string | null;
  },
): Promise<number> {
  const changes = diffCellValues(write.before, write.after);
  if (changes.length === 0) return 0;
  await sql`
    insert into filing_value_changes
      (filing_id, form_id, cell_key, old_value, new_value, action, actor_user_id, changed_at, ip_address)
    ${valueChangesSelect(write.filingId, changes, write)}`.execute(trx);
  return changes.length;
}

/**
 * The rows of `filing_value_changes` for a write, as a SELECT over one JSON parameter: a save changes a
 * hundred cells or more, and nine bound parameters per cell cost more to build and send than the rows.
 */
export function valueChangesSelect(
  filingId: string,
  changes: ValueChange[],
  write: { action: 'filing.save' | 'filing.submit'; actorUserId: string; at: Date; ip: string | null },
) {
  const rows = changes.map((change) => ({
    f: change.formId,
    k: change.key,
    o: change.before,
    n: change.after,
  }));
  return sql`
    select ${filingId}::uuid, change ->> 'f', change ->> 'k', change -> 'o', change -> 'n', ${write.action}::text,
           ${write.actorUserId}::uuid, ${write.at}::timestamptz, ${write.ip}::text
      from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) as change`;
}

export interface TimelineRow {
  kind: 'status' | 'value';
  id: string;
  at: Date;
  action: string;
  actor_name: string | null;
  ip_address: string | null;
  details: Record<string, unknown> | null;
  form_id: string | null;
  cell_key: string | null;
  old_value: number | string | null;
  new_value: number | string | null;
}

/**
 * One page of a filing's history, newest first: its audit rows (status changes, reviews, change requests) and
 * its changed cells merged into one timeline, with the total count for paging.
 */
export async function listFilingTimeline(
  db: Database,
  options: { filingId: string; offset: number; limit: number },
): Promise<{ rows: TimelineRow[]; total: number }> {
  const merged = sql`
    select 'status' as kind, e.id, e.created_at as at, e.action, e.actor_user_id, e.ip_address, e.details,
           null::text as form_id, null::text as cell_key, null::jsonb as old_value, null::jsonb as new_value
      from audit_events e
     where e.subject_type = 'filing' and e.subject_id = ${options.filingId}
    union all
    select 'value' as kind, v.id, v.changed_at as at, v.action, v.actor_user_id, v.ip_address, null::jsonb,
           v.form_id, v.cell_key, v.old_value, v.new_value
      from filing_value_changes v
     where v.filing_id = ${options.filingId}`;
  const [page, count] = await Promise.all([
    sql<TimelineRow>`
      select t.kind, t.id, t.at, t.action, u.display_name as actor_name, t.ip_address, t.details,
             t.form_id, t.cell_key, t.old_value, t.new_value
        from (${merged}) t
        left join users u on u.id = t.actor_user_id
       order by t.at desc, t.kind, t.form_id, t.cell_key, t.id
       offset ${options.offset} limit ${options.limit}`.execute(db),
    sql<{ total: number }>`select count(*)::int as total from (${merged}) t`.execute(db),
  ]);
  return {
    rows: page.rows.map((row) => ({ ...row, at: new Date(row.at) })),
    total: count.rows[0]?.total ?? 0,
  };
}

/** The frozen submissions of a filing, oldest first, with who submitted each. */
export function listRevisionsOfFiling(db: Database, filingId: string) {
  return db
    .selectFrom('filing_revisions')
    .leftJoin('users', 'users.id', 'filing_revisions.submitted_by')
    .select([
      'filing_revisions.revision_no',
      'filing_revisions.submitted_at',
      'users.display_name as submitted_by_name',
    ])
    .where('filing_revisions.filing_id', '=', filingId)
    .orderBy('filing_revisions.revision_no')
    .execute();
}

/** The values of two submissions of a filing, by number. */
export function findRevisionValues(db: Database, filingId: string, revisionNos: number[]) {
  return db
    .selectFrom('filing_revisions')
    .select(['revision_no', 'cell_values'])
    .where('filing_id', '=', filingId)
    .where('revision_no', 'in', revisionNos)
    .execute();
}
