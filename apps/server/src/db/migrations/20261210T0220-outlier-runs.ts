import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// The outlier run of a survey's period, stored (issue 18): several server instances behind nginx read one result
// instead of each keeping its own in memory. `version` says which filings it was computed from (their number and
// latest update); a run whose version no longer matches is computed again and replaces the row. The run is
// deterministic, so two instances computing it at once write the same flags.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table outlier_runs (
    owner_region_code text not null,
    edition_id text not null,
    period_type text not null,
    period text not null,
    version text not null,
    flags jsonb not null,
    computed_at timestamptz not null default now(),
    primary key (owner_region_code, edition_id, period_type, period)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table outlier_runs`.execute(db);
}
