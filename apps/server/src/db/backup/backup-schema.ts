import { sql } from 'kysely';
import type { Database } from '../database.ts';

/** What a backup file starts with: enough to refuse a wrong or damaged file before any row is written. */
export interface BackupHeader {
  format: 'zhibao-backup';
  formatVersion: 1;
  createdAt: string;
  /** The database kind the backup was taken from; a backup restores into either kind. */
  source: 'pglite' | 'postgres';
  /** The applied migrations, in order: a backup restores only into the same schema. */
  migrations: string[];
  /** Every table, parents before children, with its row count and the sha256 of its lines. */
  tables: Array<{ name: string; rows: number; sha256: string }>;
}

export const backupFormatVersion = 1;

/** The migrator's own bookkeeping is recreated by migrating the target, not copied. */
const migrationTables = ['schema_migrations', 'kysely_migration_lock'];

export interface TableShape {
  name: string;
  /** Columns a backup writes and a restore inserts (generated columns are computed again). */
  columns: string[];
  primaryKey: string[];
  /** A foreign key onto the table itself (users.created_by → users.id): parents must come first. */
  selfReference: { column: string; referencedColumn: string } | null;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The tables of the application schema in foreign-key order (parents first), read from the catalog. */
export async function listTablesInDependencyOrder(db: Database): Promise<TableShape[]> {
  const { rows: tables } = await sql<{ name: string }>`
    select c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r'
    order by c.relname`.execute(db);
  const { rows: columns } = await sql<{ table: string; column: string }>`
    select c.relname as table, a.attname as column
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r' and a.attnum > 0
      and not a.attisdropped and a.attgenerated = ''
    order by c.relname, a.attnum`.execute(db);
  const { rows: keys } = await sql<{ table: string; column: string }>`
    select c.relname as table, a.attname as column
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey::int2[])
    where n.nspname = current_schema() and i.indisprimary
    order by c.relname, array_position(i.indkey::int2[], a.attnum)`.execute(db);
  const { rows: foreignKeys } = await sql<{
    child: string;
    parent: string;
    width: number;
    column: string;
    referencedColumn: string;
  }>`
    select child.relname as child, parent.relname as parent, array_length(k.conkey, 1) as width,
      (select attname from pg_attribute where attrelid = k.conrelid and attnum = k.conkey[1]) as "column",
      (select attname from pg_attribute where attrelid = k.confrelid and attnum = k.confkey[1])
        as "referencedColumn"
    from pg_constraint k
    join pg_class child on child.oid = k.conrelid
    join pg_class parent on parent.oid = k.confrelid
    join pg_namespace n on n.oid = child.relnamespace
    where k.contype = 'f' and n.nspname = current_schema()`.execute(db);

  const names = tables.map((table) => table.name).filter((name) => !migrationTables.includes(name));
  const shapes = new Map<string, TableShape>(
    names.map((name) => [
      name,
      {
        name,
        columns: columns.filter((row) => row.table === name).map((row) => row.column),
        primaryKey: keys.filter((row) => row.table === name).map((row) => row.column),
        selfReference: null,
      },
    ]),
  );
  const parentsOf = new Map<string, Set<string>>(names.map((name) => [name, new Set()]));
  for (const key of foreignKeys) {
    const shape = shapes.get(key.child);
    if (!shape) continue;
    if (key.child !== key.parent) {
      parentsOf.get(key.child)!.add(key.parent);
      continue;
    }
    // One single-column self reference is what the schema has; anything more needs a different restore order.
    if (shape.selfReference || Number(key.width) !== 1) {
      throw new Error(`表 ${key.child} 的自引用外键无法按层级排序，备份不支持这种结构`);
    }
    shape.selfReference = { column: key.column, referencedColumn: key.referencedColumn };
  }

  // Kahn's algorithm, alphabetical among equals, so that the order is stable from one backup to the next.
  const ordered: TableShape[] = [];
  const pending = new Set(names);
  while (pending.size > 0) {
    const ready = [...pending].find((name) =>
      [...parentsOf.get(name)!].every((parent) => !pending.has(parent)),
    );
    if (!ready) throw new Error(`外键形成环，无法确定表的顺序：${[...pending].join('、')}`);
    pending.delete(ready);
    ordered.push(shapes.get(ready)!);
  }
  return ordered;
}

/** The names of the applied migrations, in the order they ran. */
export async function listAppliedMigrations(db: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db);
  return rows.map((row) => row.name);
}
