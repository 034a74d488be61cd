import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgresDatabase } from '../../test/server-process.ts';
import { testPersonalDataCipher } from '../../test/test-app.ts';
import { createTestDatabase, databaseKinds, type DatabaseKind } from '../../test/test-database.ts';
import { openDatabase, type DatabaseHandle } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { seedDemoData } from '../seed/seed.ts';
import { listTablesInDependencyOrder } from './backup-schema.ts';
import { writeBackup } from './backup.ts';
import { restoreBackup } from './restore.ts';

/** A migrated database with no rows at all: what `npm run db:restore` restores into. */
async function createEmptyDatabase(
  kind: DatabaseKind,
): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ kind: 'pglite', dataDir: null });
    await migrateToLatest(handle.db);
    return { handle, drop: () => handle.close() };
  }
  const scratch = await createScratchPostgresDatabase('zhibao_restore');
  const handle = await openDatabase({ kind: 'postgres', url: scratch.url });
  await migrateToLatest(handle.db);
  return {
    handle,
    drop: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

/** One table's rows as comparable text, whichever driver read them (pg and PGlite type a few values apart). */
async function tableContents(handle: DatabaseHandle, table: string): Promise<string[]> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(handle.db);
  const normalize = (value: unknown): unknown => {
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('hex')}`;
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    return value;
  };
  return rows
    .map((row) => JSON.stringify(Object.entries(row).map(([key, value]) => [key, normalize(value)])))
    .sort();
}

async function allContents(handle: DatabaseHandle): Promise<Record<string, string[]>> {
  const contents: Record<string, string[]> = {};
  for (const table of await listTablesInDependencyOrder(handle.db)) {
    contents[table.name] = await tableContents(handle, table.name);
  }
  return contents;
}

async function rowCount(handle: DatabaseHandle): Promise<number> {
  let total = 0;
  for (const rows of Object.values(await allContents(handle))) total += rows.length;
  return total;
}

// Every byte value, and longer than one decompressed chunk once written as hex: a row split across chunks.
const document = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, index) => index)),
  randomBytes(300_000),
]);

/** The demo data, plus an uploaded document so that binary columns travel too. */
async function createSourceDatabase(kind: DatabaseKind) {
  const source = await createTestDatabase(kind);
  const db = source.handle.db;
  await seedDemoData(db, new Date('2026-11-20T02:00:00Z'), testPersonalDataCipher);
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'qiye')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('account_documents')
    .values({
      user_id: user.id,
      kind: 'business_license',
      file_name: '营业执照.png',
      media_type: 'image/png',
      byte_size: document.length,
      content: document,
    })
    .execute();
  return source;
}

const pairs: Array<[DatabaseKind, DatabaseKind]> = databaseKinds.includes('postgres')
  ? [
      ['pglite', 'pglite'],
      ['pglite', 'postgres'],
      ['postgres', 'pglite'],
    ]
  : [['pglite', 'pglite']];

describe('database backup and restore', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'zhibao-backup-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  describe.each(pairs)('from %s to %s', (sourceKind, targetKind) => {
    it('restores every row of every table as it was backed up', { timeout: 120_000 }, async () => {
      const source = await createSourceDatabase(sourceKind);
      const target = await createEmptyDatabase(targetKind);
      try {
        const file = path.join(folder, `${sourceKind}-to-${targetKind}.jsonl.gz`);
        const written = await writeBackup(source.handle, file);
        const restored = await restoreBackup(target.handle, file);

        expect(restored.tables).toEqual(written.tables);
        const expected = await allContents(source.handle);
        expect(expected.filings!.length).toBeGreaterThan(0);
        expect(expected.regions!.length).toBeGreaterThan(100);
        expect(await allContents(target.handle)).toEqual(expected);
        // Regions and users refer to rows of their own table: those parents had to go in first.
        expect(written.tables.map((table) => table.name).indexOf('regions')).toBeLessThan(
          written.tables.map((table) => table.name).indexOf('users'),
        );
      } finally {
        await target.drop();
        await source.drop();
      }
    });
  });

  it('refuses to back up a PGlite data folder another process has open, and backs it up once it is closed', async () => {
    const dataDir = path.join(folder, 'in-use');
    const out = path.join(folder, 'in-use.jsonl.gz');
    const runBackup = () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'src/db/backup/backup.cli.ts', '--out', out],
          {
            cwd: path.resolve(import.meta.dirname, '../../..'),
            env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir },
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.once('exit', (code) => resolve({ code, stderr }));
      });
    // As the running server would: this process holds the folder open.
    const server = await openDatabase({ kind: 'pglite', dataDir });
    await migrateToLatest(server.db);
    const refused = await runBackup();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('正被另一个进程使用');
    await expect(stat(out)).rejects.toThrow();
    await server.close();
    const done = await runBackup();
    expect(done.code).toBe(0);
    expect((await stat(out)).size).toBeGreaterThan(0);
  }, 120_000);

  describe('refusals', () => {
    let source: Awaited<ReturnType<typeof createSourceDatabase>>;
    let file: string;
    beforeAll(async () => {
      source = await createSourceDatabase('pglite');
      file = path.join(folder, 'whole.jsonl.gz');
      await writeBackup(source.handle, file);
    }, 120_000);
    afterAll(() => source.drop());

    async function expectRefusedAndEmpty(damaged: string, message: RegExp) {
      const target = await createEmptyDatabase('pglite');
      try {
        await expect(restoreBackup(target.handle, damaged)).rejects.toThrow(message);
        expect(await rowCount(target.handle)).toBe(0);
      } finally {
        await target.drop();
      }
    }

    it('refuses a truncated file and leaves the target empty', async () => {
      const damaged = path.join(folder, 'truncated.jsonl.gz');
      await writeFile(damaged, await readFile(file));
      await truncate(damaged, Math.floor((await stat(file)).size * 0.6));
      await expectRefusedAndEmpty(damaged, /备份文件不完整或已损坏.*未恢复任何数据/);
    });

    it('refuses a file whose rows were altered, by the checksum of the table', async () => {
      const text = gunzipSync(await readFile(file)).toString('utf8');
      const altered = text.replace(/("username" ?: ?)"qiye"/, '$1"qiyf"');
      expect(altered).not.toBe(text);
      const damaged = path.join(folder, 'altered.jsonl.gz');
      await writeFile(damaged, gzipSync(altered));
      await expectRefusedAndEmpty(damaged, /表 users 的校验值不符/);
    });

    it('refuses a backup of another schema version', async () => {
      const [header, ...rows] = gunzipSync(await readFile(file))
        .toString('utf8')
        .split('\n');
      const older = JSON.parse(header!) as { migrations: string[] };
      older.migrations = older.migrations.slice(0, -1);
      const damaged = path.join(folder, 'older.jsonl.gz');
      await writeFile(damaged, gzipSync([JSON.stringify(older), ...rows].join('\n')));
      await expectRefusedAndEmpty(damaged, /备份来自不同版本的数据库结构.*此数据库有而备份没有的迁移/);
    });

    it('refuses a file that is not a backup', async () => {
      const damaged = path.join(folder, 'not-a-backup.jsonl.gz');
      await writeFile(damaged, gzipSync('{"hello":"world"}\n'));
      await expectRefusedAndEmpty(damaged, /不是直报系统的备份文件/);
    });

    it('refuses a database that already has data, and changes nothing in it', async () => {
      const target = await createTestDatabase('pglite');
      try {
        const before = await allContents(target.handle);
        await expect(restoreBackup(target.handle, file)).rejects.toThrow(
          /目标数据库不是空的（表 \w+ 已有数据）/,
        );
        expect(await allContents(target.handle)).toEqual(before);
      } finally {
        await target.drop();
      }
    });
  });
});
