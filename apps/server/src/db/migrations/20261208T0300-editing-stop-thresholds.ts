import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.

// Selective editing's stop threshold of a region: the largest error left in its totals that its reviewers accept
// when they stop reviewing in score order (a share, 0 < t < 1). A region without a row uses the default (0.01).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('editing_stop_thresholds')
    .addColumn('region_code', 'text', (column) => column.primaryKey().references('regions.code'))
    .addColumn('stop_threshold', 'numeric', (column) =>
      column.notNull().check(sql`stop_threshold > 0 and stop_threshold < 1`),
    )
    .addColumn('updated_by', 'uuid', (column) => column.references('users.id'))
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('editing_stop_thresholds').execute();
}
