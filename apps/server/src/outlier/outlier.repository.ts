import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { PeriodType } from '../db/schema.ts';

/**
 * The submitted and approved filings of a survey (tasks of one owner and period type) in the given periods, with
 * the filer's class coordinates and only the typed cells the key indicators are derived from, as the text `cells`
 * (what an outlier run reads: no JSON of whole forms to parse at national scale). The cells' texts are joined by
 * commas, '' where blank: one string a filing rather than one a cell, for the driver to make and keep (a national
 * run reads 150,000 filings). A text's own commas come as '_': it is no number either way, so the derivation reads
 * it as it reads the original. The filing's id and the filer's class coordinates come only with the filings of
 * `period` (the units tested; the other months are their history), so the driver makes no strings of them for the
 * rest.
 */
export function listFilingsForOutlierRun(
  db: Database,
  options: {
    ownerRegionCode: string;
    periodType: PeriodType;
    period: string;
    periods: string[];
    cells: ReadonlyArray<{ formId: string; key: string }>;
  },
) {
  const ofPeriod = (column: string) =>
    sql`case when t.period = ${options.period} then ${sql.ref(column)} end`;
  // Each form's values are taken out of the filing's JSON once (the offset 0 keeps PostgreSQL from repeating that
  // for every cell), then each cell out of its form's: a tenth less of the database's time than a path per cell.
  const formIds = [...new Set(options.cells.map((cell) => cell.formId))];
  const forms = sql.join(
    formIds.map((formId, index) => sql`f.cell_values -> ${sql.lit(formId)} as ${sql.ref(`form${index}`)}`),
  );
  // concat takes a null as '' (concat_ws would leave it out, and the cells after it would move).
  const cells = sql.join(
    options.cells.map(
      (cell) =>
        sql`replace(${sql.ref(`form${formIds.indexOf(cell.formId)}`)} ->> ${sql.lit(cell.key)}, ',', '_')`,
    ),
    sql`, ',', `,
  );
  return sql<{
    filing_id: string | null;
    enterprise_id: string;
    region_code: string | null;
    industry_code: string | null;
    period: string;
    cells: string;
  }>`
    select filing_id, enterprise_id, region_code, industry_code, period, concat(${cells}) as cells
    from (
      select ${ofPeriod('f.id')} as filing_id, f.enterprise_id, ${ofPeriod('e.region_code')} as region_code,
             ${ofPeriod('e.industry_code')} as industry_code, t.period, ${forms}
      from filings f
      join survey_tasks t on t.id = f.task_id
      join enterprises e on e.id = f.enterprise_id
      where t.owner_region_code = ${options.ownerRegionCode}
        and t.period_type = ${options.periodType}
        and t.period in (${sql.join(options.periods)})
        and f.status in ('submitted', 'approved')
      offset 0
    ) filings_read`
    .execute(db)
    .then((result) => result.rows);
}

/** Changes to a survey's filings of those periods since a run: their number and latest update. */
export function fingerprintOutlierRun(
  db: Database,
  options: { ownerRegionCode: string; periodType: PeriodType; periods: string[] },
) {
  return sql<{ filings: string; latest: Date | null }>`
    select count(*) as filings, max(f.updated_at) as latest
    from filings f join survey_tasks t on t.id = f.task_id
    where t.owner_region_code = ${options.ownerRegionCode}
      and t.period_type = ${options.periodType}
      and t.period in (${sql.join(options.periods)})
      and f.status in ('submitted', 'approved')`
    .execute(db)
    .then((result) => `${result.rows[0]?.filings}|${result.rows[0]?.latest?.toISOString() ?? ''}`);
}

/** Enterprise names by id, for the flags shown. */
export async function listEnterpriseNames(db: Database, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('enterprises').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

export interface RunKey {
  ownerRegionCode: string;
  editionId: string;
  periodType: PeriodType;
  period: string;
}

/** The stored run of a survey's period, if any: its version and flags. */
export function findOutlierRun(db: Database, key: RunKey) {
  return db
    .selectFrom('outlier_runs')
    .select(['version', 'flags'])
    .where('owner_region_code', '=', key.ownerRegionCode)
    .where('edition_id', '=', key.editionId)
    .where('period_type', '=', key.periodType)
    .where('period', '=', key.period)
    .executeTakeFirst();
}

/** Stores a run's flags under its version, replacing an older run of the period. */
export async function saveOutlierRun(db: Database, key: RunKey, run: { version: string; flags: unknown }) {
  const values = { version: run.version, flags: JSON.stringify(run.flags), computed_at: new Date() };
  await db
    .insertInto('outlier_runs')
    .values({
      owner_region_code: key.ownerRegionCode,
      edition_id: key.editionId,
      period_type: key.periodType,
      period: key.period,
      ...values,
    })
    .onConflict((conflict) =>
      conflict.columns(['owner_region_code', 'edition_id', 'period_type', 'period']).doUpdateSet(values),
    )
    .execute();
}
