import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { CellValues, DataQualityKind } from '../db/schema.ts';

/*
 * The one owner of data_quality_runs and data_quality_findings: a run is queued, claimed by one server process
 * (FOR UPDATE SKIP LOCKED plus a lease, as the outbox), advanced batch by batch with its findings and progress,
 * then finished. A process that dies leaves the run to whoever claims it when the lease has lapsed; the claim
 * clears what the run had written, so it starts again from the first filing.
 */

const runColumns = [
  'data_quality_runs.id',
  'data_quality_runs.task_id',
  'data_quality_runs.region_code',
  'data_quality_runs.region_prefix',
  'data_quality_runs.status',
  'data_quality_runs.requested_at',
  'data_quality_runs.finished_at',
  'data_quality_runs.filings_total',
  'data_quality_runs.filings_done',
  'data_quality_runs.finding_count',
  'data_quality_runs.error',
  'regions.name as region_name',
] as const;

export type DataQualityRunRow = Awaited<ReturnType<typeof findRunsCovering>>[number];

export async function insertRun(
  db: Database,
  run: { taskId: string; regionCode: string; regionPrefix: string; requestedBy: string },
): Promise<string> {
  const row = await db
    .insertInto('data_quality_runs')
    .values({
      task_id: run.taskId,
      region_code: run.regionCode,
      region_prefix: run.regionPrefix,
      requested_by: run.requestedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The task's runs whose region contains the division prefix `scopePrefix`, newest first. */
export function findRunsCovering(db: Database, options: { taskId: string; scopePrefix: string }) {
  return db
    .selectFrom('data_quality_runs')
    .innerJoin('regions', 'regions.code', 'data_quality_runs.region_code')
    .select(runColumns)
    .where('data_quality_runs.task_id', '=', options.taskId)
    .where(sql<boolean>`${options.scopePrefix} like data_quality_runs.region_prefix || '%'`)
    .orderBy('data_quality_runs.requested_at', 'desc')
    .limit(20)
    .execute();
}

export interface ClaimedRun {
  id: string;
  task_id: string;
  region_prefix: string;
}

/** Claims one queued run, or one whose lease lapsed, until `leaseUntil`; its earlier findings are cleared. */
export async function claimRun(
  db: Database,
  options: { now: Date; leaseUntil: Date },
): Promise<ClaimedRun | null> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<ClaimedRun>`
      update data_quality_runs
      set status = 'running', locked_until = ${options.leaseUntil}, started_at = ${options.now},
          filings_done = 0, finding_count = 0, filings_total = null
      where id = (
        select id from data_quality_runs
        where status = 'queued' or (status = 'running' and locked_until <= ${options.now})
        order by requested_at
        limit 1
        for update skip locked)
      returning id, task_id, region_prefix`.execute(trx);
    const run = rows[0];
    if (!run) return null;
    await trx.deleteFrom('data_quality_findings').where('run_id', '=', run.id).execute();
    return run;
  });
}

export function countFilingsToCheck(db: Database, run: ClaimedRun) {
  return db
    .selectFrom('filings')
    .innerJoin('enterprises', 'enterprises.id', 'filings.enterprise_id')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('filings.task_id', '=', run.task_id)
    .where('filings.status', 'in', ['submitted', 'approved'])
    .where('enterprises.region_code', 'like', `${run.region_prefix}%`)
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.count));
}

/** The next batch of the run's filings (submitted or approved, in the region), in id order after `afterId`. */
export function listFilingsToCheck(
  db: Database,
  run: ClaimedRun,
  options: { afterId: string | null; limit: number },
) {
  let query = db
    .selectFrom('filings')
    .innerJoin('enterprises', 'enterprises.id', 'filings.enterprise_id')
    .select([
      'filings.id',
      'filings.enterprise_id',
      'filings.cell_values',
      'filings.explanations',
      'enterprises.region_code',
      'enterprises.uscc',
      'enterprises.name',
      'enterprises.industry_code',
    ])
    .where('filings.task_id', '=', run.task_id)
    .where('filings.status', 'in', ['submitted', 'approved'])
    .where('enterprises.region_code', 'like', `${run.region_prefix}%`)
    .orderBy('filings.id')
    .limit(options.limit);
  if (options.afterId !== null) query = query.where('filings.id', '>', options.afterId);
  return query.execute();
}

/** Each enterprise's counted values of one period of the same survey (the audit's comparison periods). */
export async function findValuesOfPeriod(
  db: Database,
  options: { enterpriseIds: string[]; ownerRegionCode: string; periodType: string; period: string | null },
): Promise<Map<string, CellValues>> {
  if (options.enterpriseIds.length === 0 || options.period === null) return new Map();
  const rows = await db
    .selectFrom('filings')
    .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id')
    .select(['filings.enterprise_id', 'filings.cell_values'])
    .where('filings.enterprise_id', 'in', options.enterpriseIds)
    .where('survey_tasks.owner_region_code', '=', options.ownerRegionCode)
    .where('survey_tasks.period_type', '=', options.periodType as 'month' | 'year')
    .where('survey_tasks.period', '=', options.period)
    .where('filings.status', 'in', ['submitted', 'approved'])
    .execute();
  return new Map(rows.map((row) => [row.enterprise_id, row.cell_values]));
}

export interface NewFinding {
  filing_id: string;
  enterprise_id: string;
  region_code: string;
  kind: DataQualityKind;
  form_id: string | null;
  cell_key: string | null;
  rule_id: string | null;
  message: string;
  explanation: string | null;
}

/**
 * Writes a batch of findings (numbered on from `firstSeq`) and the run's progress in one transaction, while the
 * run is still this claim's (its lease is extended): false when another process has taken the run over.
 */
export async function recordBatch(
  db: Database,
  run: { id: string; leaseUntil: Date; now: Date },
  batch: { findings: NewFinding[]; firstSeq: number; filingsDone: number; filingsTotal: number },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('data_quality_runs')
      .set({
        filings_done: batch.filingsDone,
        filings_total: batch.filingsTotal,
        finding_count: batch.firstSeq + batch.findings.length,
        locked_until: run.leaseUntil,
      })
      .where('id', '=', run.id)
      .where('status', '=', 'running')
      .where('locked_until', '>', run.now)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return false;
    // Rows in chunks: PostgreSQL takes at most 65,535 parameters per statement.
    for (let start = 0; start < batch.findings.length; start += 5000) {
      await trx
        .insertInto('data_quality_findings')
        .values(
          batch.findings.slice(start, start + 5000).map((finding, index) => ({
            ...finding,
            run_id: run.id,
            seq: batch.firstSeq + start + index,
          })),
        )
        .execute();
    }
    return true;
  });
}

export async function finishRun(
  db: Database,
  runId: string,
  outcome: { now: Date; error: string | null },
): Promise<void> {
  await db
    .updateTable('data_quality_runs')
    .set({
      status: outcome.error === null ? 'done' : 'failed',
      finished_at: outcome.now,
      locked_until: null,
      error: outcome.error?.slice(0, 500) ?? null,
    })
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .execute();
}

export interface FindingFilter {
  runId: string;
  scopePrefix: string;
  kind?: DataQualityKind;
  search?: string;
}

function filteredFindings(db: Database, filter: FindingFilter) {
  let query = db
    .selectFrom('data_quality_findings as d')
    .innerJoin('enterprises as e', 'e.id', 'd.enterprise_id')
    .innerJoin('regions as r', 'r.code', 'd.region_code')
    .where('d.run_id', '=', filter.runId)
    .where('d.region_code', 'like', `${filter.scopePrefix}%`);
  if (filter.kind) query = query.where('d.kind', '=', filter.kind);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (found) => `\\${found}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('e.name', 'like', pattern), eb('d.message', 'like', pattern), eb('e.uscc', 'like', pattern)]),
    );
  }
  return query;
}

export function countFindingsByKind(db: Database, filter: Pick<FindingFilter, 'runId' | 'scopePrefix'>) {
  return db
    .selectFrom('data_quality_findings')
    .select(['kind', (eb) => eb.fn.countAll<string>().as('count')])
    .where('run_id', '=', filter.runId)
    .where('region_code', 'like', `${filter.scopePrefix}%`)
    .groupBy('kind')
    .execute();
}

export function countFindings(db: Database, filter: FindingFilter) {
  return filteredFindings(db, filter)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.count));
}

/** The filtered findings in the order found; all of them when no page is given (the export). */
export function listFindings(db: Database, filter: FindingFilter, page?: { offset: number; limit: number }) {
  let query = filteredFindings(db, filter)
    .select([
      'd.filing_id',
      'd.enterprise_id',
      'e.name as enterprise_name',
      'e.uscc',
      'd.region_code',
      'r.name as region_name',
      'd.kind',
      'd.form_id',
      'd.cell_key',
      'd.rule_id',
      'd.message',
      'd.explanation',
    ])
    .orderBy('d.seq');
  if (page) query = query.offset(page.offset).limit(page.limit);
  return query.execute();
}
