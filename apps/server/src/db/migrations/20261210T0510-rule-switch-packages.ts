import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.

// The ministry's dated rule switches (制度维护), in the manner of the EBA's validation-rule packages: each row is
// one published package of changes to an edition's rules (off, back on, severity) and parameters, in force for
// the periods from its effective month on. Rows are only ever added: the version of a package, in the order
// published, is what an audit records, so that the audit can be run again exactly so later.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rule_switch_packages')
    .addColumn('version', 'integer', (column) => column.primaryKey())
    .addColumn('edition_id', 'text', (column) => column.notNull())
    .addColumn('effective_from', 'text', (column) =>
      column.notNull().check(sql`effective_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    )
    .addColumn('changes', 'jsonb', (column) => column.notNull())
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('published_by', 'uuid', (column) => column.notNull().references('users.id'))
    .addColumn('published_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rule_switch_packages').execute();
}
