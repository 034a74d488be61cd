import type { Database } from '../db/database.ts';

// Owns migration_import_runs and migration_import_refusals.

export function insertImportRun(db: Database, run: { source: string; startedBy: string | null; at: Date }) {
  return db
    .insertInto('migration_import_runs')
    .values({ source: run.source, started_by: run.startedBy, status: 'running', started_at: run.at })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updateImportProgress(db: Database, runId: string, progress: Record<string, unknown>) {
  return db
    .updateTable('migration_import_runs')
    .set({ progress: JSON.stringify(progress) })
    .where('id', '=', runId)
    .execute();
}

export function finishImportRun(
  db: Database,
  runId: string,
  finish: { status: 'finished' | 'failed'; counts: Record<string, number>; at: Date },
) {
  return db
    .updateTable('migration_import_runs')
    .set({ status: finish.status, counts: JSON.stringify(finish.counts), finished_at: finish.at })
    .where('id', '=', runId)
    .execute();
}

export async function insertRefusals(
  db: Database,
  runId: string,
  refusals: Array<{ file: string; row: number; column: string | null; reason: string }>,
): Promise<void> {
  for (let start = 0; start < refusals.length; start += 1000) {
    await db
      .insertInto('migration_import_refusals')
      .values(
        refusals.slice(start, start + 1000).map((refusal) => ({
          run_id: runId,
          file: refusal.file,
          row_number: refusal.row,
          column_name: refusal.column,
          reason: refusal.reason,
        })),
      )
      .execute();
  }
}

export function findImportRun(db: Database, runId: string) {
  return db.selectFrom('migration_import_runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

export function listRefusals(db: Database, runId: string, limit: number) {
  return db
    .selectFrom('migration_import_refusals')
    .select(['file', 'row_number', 'column_name', 'reason'])
    .where('run_id', '=', runId)
    .orderBy('file')
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

export function listImportRuns(db: Database, limit: number) {
  return db
    .selectFrom('migration_import_runs')
    .selectAll()
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
}

export async function countRefusals(db: Database, runId: string): Promise<number> {
  const row = await db
    .selectFrom('migration_import_refusals')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
