import { sql } from 'kysely';
import { executePrepared, type Database } from '../db/database.ts';
import type { AdminLevel, CellValues, FilingStatus, MigrationFinding } from '../db/schema.ts';
import { valueChangesSelect } from './filing-history.repository.ts';
import type { ValueChange } from './filing-history.ts';

/*
 * The one writer of `filings`. Every status change of a filing reaches these statements only through the shared
 * step (commands/commit-filing-transition.ts), which takes its state from the transition table; the reads of
 * filings live in filing.repository.ts and in the repositories of the modules that show them.
 */

type Executor = Database;

/**
 * A task's first filing for an enterprise, as a draft (the state the table gives a first write): with the values
 * of a first save or submission, or empty with the enterprise's own deadline when an extension creates it.
 * Undefined when another request created it first.
 */
export function insertDraftFiling(
  db: Executor,
  filing: {
    taskId: string;
    enterpriseId: string;
    values: CellValues;
    deadlineExtendedUntil?: Date;
    userId: string;
    now: Date;
  },
) {
  return db
    .insertInto('filings')
    .values({
      task_id: filing.taskId,
      enterprise_id: filing.enterpriseId,
      status: 'draft',
      pending_level: null,
      cell_values: JSON.stringify(filing.values),
      explanations: JSON.stringify({}),
      ...(filing.deadlineExtendedUntil ? { deadline_extended_until: filing.deadlineExtendedUntil } : {}),
      updated_at: filing.now,
      updated_by: filing.userId,
    })
    .onConflict((conflict) => conflict.columns(['task_id', 'enterprise_id']).doNothing())
    .returning(['id', 'version'])
    .executeTakeFirst();
}

/**
 * What a write of a filing expects to find: the version and status whose state the service checked (never a
 * version a client claims). Every write bumps the version, so a match means nobody wrote since.
 */
export interface ExpectedFiling {
  version: number;
  status: FilingStatus;
}

/**
 * Writes the filing only if it is still as loaded (optimistic locking); answers the new version, or undefined
 * when someone else was first.
 */
export async function updateFilingIfUnchanged(
  db: Executor,
  filingId: string,
  expected: ExpectedFiling,
  change: {
    status: FilingStatus;
    pendingLevel: AdminLevel | null;
    values?: CellValues;
    explanations?: Record<string, string>;
    submittedAt?: Date | null;
    deadlineExtendedUntil?: Date;
    userId: string;
    now: Date;
  },
): Promise<number | undefined> {
  const row = await db
    .updateTable('filings')
    .set({
      status: change.status,
      pending_level: change.pendingLevel,
      ...(change.values === undefined ? {} : { cell_values: JSON.stringify(change.values) }),
      ...(change.explanations === undefined ? {} : { explanations: JSON.stringify(change.explanations) }),
      ...(change.submittedAt === undefined ? {} : { submitted_at: change.submittedAt }),
      ...(change.deadlineExtendedUntil === undefined
        ? {}
        : { deadline_extended_until: change.deadlineExtendedUntil }),
      version: sql<number>`version + 1`,
      updated_at: change.now,
      updated_by: change.userId,
    })
    .where('id', '=', filingId)
    .where('version', '=', expected.version)
    .where('status', '=', expected.status)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

/**
 * A save over the filing as loaded, with the history of the cells it changes, in one statement: atomic
 * by itself, so a save needs no transaction (BEGIN, two statements, COMMIT were four round trips). Answers the
 * new version, or undefined when someone else wrote first (then no history is written either).
 */
export async function updateFilingValuesWithHistory(
  db: Executor,
  filingId: string,
  expected: ExpectedFiling,
  change: {
    status: FilingStatus;
    pendingLevel: AdminLevel | null;
    values: CellValues;
    userId: string;
    now: Date;
  },
  history: { changes: ValueChange[]; action: 'filing.save'; ip: string | null },
): Promise<number | undefined> {
  const rows = await executePrepared(
    db,
    sql<{ version: number }>`
    with written as (
      update filings
         set status = ${change.status}, pending_level = ${change.pendingLevel},
             cell_values = ${JSON.stringify(change.values)}::jsonb, version = version + 1,
             updated_at = ${change.now}, updated_by = ${change.userId}
       where id = ${filingId} and version = ${expected.version} and status = ${expected.status}
      returning version
    ), changed as (
      insert into filing_value_changes
        (filing_id, form_id, cell_key, old_value, new_value, action, actor_user_id, changed_at, ip_address)
      ${valueChangesSelect(filingId, history.changes, { ...history, actorUserId: change.userId, at: change.now })}
       where exists (select 1 from written)
    )
    select version from written`,
  );
  return rows[0]?.version;
}

/** What 上报 writes on the filing row. */
interface SubmissionChange {
  status: FilingStatus;
  pendingLevel: AdminLevel | null;
  values: CellValues;
  explanations: Record<string, string>;
  userId: string;
  now: Date;
}

/** What 上报 records beside it: the value history and the audit-trail row. */
interface SubmissionRecord {
  changes: ValueChange[];
  regionCode: string;
  auditDetails: Record<string, unknown>;
  requestId: string | null;
  ip: string | null;
}

/**
 * 上报's write, in one statement (atomic by itself, so the common submission needs no transaction): the filing
 * as loaded; its submission frozen as an immutable revision numbered after the previous
 * one; the history of the cells it changes; and its audit-trail row (with the revision number). Nothing is
 * written unless the version matched; the version update locks the filing row, so no other submission of this
 * filing can number its revision concurrently. Answers the new version, or undefined when someone else wrote
 * first.
 */
export async function submitFilingIfVersion(
  db: Executor,
  filingId: string,
  expected: ExpectedFiling,
  change: SubmissionChange,
  record: SubmissionRecord,
): Promise<number | undefined> {
  const rows = await executePrepared(db, submissionStatement(filingId, expected, change, record));
  return rows[0]?.version;
}

/** The statement of 上报 (see submitFilingIfVersion); its SQL is committed in apps/server/sql/submission.sql. */
export function submissionStatement(
  filingId: string,
  expected: ExpectedFiling,
  change: SubmissionChange,
  record: SubmissionRecord,
) {
  return sql<{ version: number }>`
    with written as (
      update filings
         set status = ${change.status}, pending_level = ${change.pendingLevel},
             cell_values = ${JSON.stringify(change.values)}::jsonb,
             explanations = ${JSON.stringify(change.explanations)}::jsonb, submitted_at = ${change.now}, version = version + 1,
             updated_at = ${change.now}, updated_by = ${change.userId}
       where id = ${filingId} and version = ${expected.version} and status = ${expected.status}
      returning id, version, cell_values, explanations, updated_by, submitted_at
    ), frozen as (
      -- The revision copies the row just written, so the values travel to the database once.
      insert into filing_revisions (filing_id, revision_no, cell_values, explanations, submitted_by, submitted_at)
      select written.id,
             coalesce((select max(revision_no) from filing_revisions where filing_id = written.id), 0) + 1,
             written.cell_values, written.explanations, written.updated_by, written.submitted_at
        from written
      returning revision_no
    ), changed as (
      insert into filing_value_changes
        (filing_id, form_id, cell_key, old_value, new_value, action, actor_user_id, changed_at, ip_address)
      ${valueChangesSelect(filingId, record.changes, { action: 'filing.submit', actorUserId: change.userId, at: change.now, ip: record.ip })}
       where exists (select 1 from written)
    ), logged as (
      insert into audit_events
        (actor_user_id, action, subject_type, subject_id, region_code, details, request_id, ip_address)
      select written.updated_by, 'filing.submit', 'filing', written.id::text, ${record.regionCode}::text,
             ${JSON.stringify(record.auditDetails)}::jsonb || jsonb_build_object('revisionNo', frozen.revision_no),
             ${record.requestId}::text, ${record.ip}::text
        from written, frozen
    )
    select written.version from written, frozen`;
}

/**
 * 延期 of a filing that exists: only its deadline moves, and only while it is in the status the command checked.
 * The version stays, because the deadline is not part of what the filer edits: a page open on the filing saves on.
 * Answers whether it was written.
 */
export async function extendFilingDeadlineIfStatus(
  db: Executor,
  filingId: string,
  expected: Pick<ExpectedFiling, 'status'>,
  until: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('filings')
    .set({ deadline_extended_until: until })
    .where('id', '=', filingId)
    .where('status', '=', expected.status)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Which of these tasks' filings exist for these enterprises (the pairs of a batch of moved-in rows). */
export function findFilingKeys(db: Database, taskIds: string[], enterpriseIds: string[]) {
  if (taskIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('filings')
    .select(['task_id', 'enterprise_id'])
    .where('task_id', 'in', [...new Set(taskIds)])
    .where('enterprise_id', 'in', [...new Set(enterpriseIds)])
    .execute();
}

/**
 * Past filings moved in from the old platform: approved, flagged as migrated, with the findings of their period's
 * audit. A filing the task already has is left as it is, so a second import changes nothing; answers how many
 * were added.
 */
export async function insertMigratedFilings(
  db: Executor,
  filings: Array<{
    taskId: string;
    enterpriseId: string;
    values: CellValues;
    findings: MigrationFinding[];
    submittedAt: Date;
  }>,
  now: Date,
): Promise<number> {
  if (filings.length === 0) return 0;
  // The batch as one JSON parameter: one round trip and no limit on bind parameters, on PGlite as on PostgreSQL.
  const rows = JSON.stringify(
    filings.map((filing) => ({
      task_id: filing.taskId,
      enterprise_id: filing.enterpriseId,
      cell_values: filing.values,
      migration_findings: filing.findings,
      submitted_at: filing.submittedAt.toISOString(),
    })),
  );
  return db.transaction().execute(async (trx) => {
    // The statement's filings are added to the kept 汇总 totals at once (migration 20261211T0500), not queued one
    // by one for the fold: the same totals, a fraction of the work.
    await sql`select set_config('zhibao.fold_inserted_filings', 'on', true)`.execute(trx);
    const result = await sql<{ added: number }>`
      with added as (
        insert into filings (task_id, enterprise_id, status, pending_level, cell_values, explanations,
                             submitted_at, updated_at, updated_by, is_migrated, migration_findings)
        select r.task_id, r.enterprise_id, 'approved', null, r.cell_values, '{}'::jsonb,
               r.submitted_at, ${now}, null, true, r.migration_findings
        from jsonb_to_recordset(${rows}::jsonb)
          as r(task_id uuid, enterprise_id uuid, cell_values jsonb, migration_findings jsonb, submitted_at timestamptz)
        on conflict (task_id, enterprise_id) do nothing
        returning 1
      )
      select count(*)::int as added from added`.execute(trx);
    return result.rows[0]?.added ?? 0;
  });
}
