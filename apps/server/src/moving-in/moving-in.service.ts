import path from 'node:path';
import { checkUscc } from '@zhibao/survey';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { storedLegacyHash, type LegacyHashFormat } from '../account/legacy-password.ts';
import { insertMovedInUsers } from '../account/registration.repository.ts';
import { findRegionsByCodes, insertEnterprises } from '../enterprise/enterprise.repository.ts';
import { AppError } from '../http/app-error.ts';
import type { PersonalDataCipher } from '../personal-data/personal-data-cipher.ts';
import {
  column,
  enterprisesOfBatch,
  missingColumns,
  type ImportCounts,
  type ImportRefusal,
  type Refuse,
  type Report,
} from './import-rows.ts';
import { importFilings } from './filings-import.ts';
import {
  finishImportRun,
  insertImportRun,
  insertRefusals,
  updateImportProgress,
} from './moving-in.repository.ts';
import {
  findOldPlatformExport,
  oldPlatformFiles,
  openExportTable,
  type ExportTable,
  type OldPlatformExport,
} from './old-platform-files.ts';

/** Where a run is: the file it reads (n of all), the rows read of it so far, and the counts so far. */
export interface ImportProgress {
  file: string;
  fileNumber: number;
  files: number;
  rows: number;
  counts: ImportCounts;
}

export interface ImportOutcome {
  runId: string;
  counts: ImportCounts;
  refusals: ImportRefusal[];
}

const batchSize = 500;
// Filings go in larger batches: each batch is one INSERT whose filings are added to the kept 汇总 totals at once, and
// a batch of a whole district's filings (or more) updates each district's totals once rather than several times.
const filingBatchSize = 2000;

/** What an import runs with: the accounts it adds get their numbers sealed (personal-data/sealed-mobile.ts). */
export type ImportContext = Pick<AppContext, 'db' | 'now'> & { cipher: PersonalDataCipher };

/**
 * 迁入: imports the old platform's exports from a folder — the enterprise directory, the accounts with their old
 * password hashes, and past filings from the 明细 workbooks as approved, migrated filings of the ministry's tasks
 * of their periods, each audited with its period's edition and the findings kept. Rows already imported (the same
 * USCC, username, or enterprise and period) are left as they are, so a second run changes nothing; every refused
 * row is listed with its file, row, column and reason. The run and its refusals are kept; progress is reported.
 */
export async function importOldPlatform(
  ctx: ImportContext,
  dir: string,
  options: { startedBy: string | null; onProgress?: (progress: ImportProgress) => void },
): Promise<ImportOutcome> {
  return (await beginOldPlatformImport(ctx, dir, options)).outcome;
}

/**
 * The same, answering as soon as the run is recorded: its id (for the administrator's page, which follows its
 * progress) and the outcome to come. The folder is checked before: an export without any of the files is refused.
 */
export async function beginOldPlatformImport(
  ctx: ImportContext,
  dir: string,
  options: { startedBy: string | null; onProgress?: (progress: ImportProgress) => void },
): Promise<{ runId: string; outcome: Promise<ImportOutcome> }> {
  const found = await findOldPlatformExport(dir);
  const files = [found.directory, found.accounts, ...found.filings].filter((file) => file !== null);
  if (files.length === 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `文件夹中没有原平台导出文件（${oldPlatformFiles.directory}.csv、${oldPlatformFiles.accounts}.csv 或 ${oldPlatformFiles.filingsFolder}/*.xlsx）`,
      [{ name: 'from', reason: '没有原平台导出文件' }],
    );
  }
  const run = await insertImportRun(ctx.db, {
    source: path.resolve(dir),
    startedBy: options.startedBy,
    at: ctx.now(),
  });
  return { runId: run.id, outcome: runImport(ctx, run.id, dir, found, files.length, options) };
}

async function runImport(
  ctx: ImportContext,
  runId: string,
  dir: string,
  found: OldPlatformExport,
  files: number,
  options: { startedBy: string | null; onProgress?: (progress: ImportProgress) => void },
): Promise<ImportOutcome> {
  const counts: ImportCounts = {
    enterprisesAdded: 0,
    enterprisesUnchanged: 0,
    accountsAdded: 0,
    accountsUnchanged: 0,
    filingsAdded: 0,
    filingsUnchanged: 0,
    refusedRows: 0,
  };
  const refusals: ImportRefusal[] = [];
  const refuse = (table: ExportTable, row: number, columnName: string | null, reason: string) =>
    refusals.push({ file: table.file, row, column: columnName, reason });
  let fileNumber = 0;
  const open = async (file: string, relativeName: string, size = batchSize) => {
    fileNumber += 1;
    const table = await openExportTable(file, relativeName, size);
    const report: Report = async (rows) => {
      const progress = { file: table.file, fileNumber, files, rows, counts: { ...counts } };
      options.onProgress?.(progress);
      await updateImportProgress(ctx.db, runId, progress);
    };
    await report(0);
    return { table, report };
  };

  try {
    if (found.directory) {
      const { table, report } = await open(found.directory, path.basename(found.directory));
      await importDirectory(ctx, table, counts, refuse, report);
    }
    if (found.accounts) {
      const { table, report } = await open(found.accounts, path.basename(found.accounts));
      await importAccounts(ctx, table, found.digest, counts, refuse, report);
    }
    for (const file of found.filings) {
      const { table, report } = await open(
        file,
        path.join(oldPlatformFiles.filingsFolder, path.basename(file)),
        filingBatchSize,
      );
      await importFilings(ctx, table, counts, refuse, report);
    }
  } catch (error) {
    await finishImportRun(ctx.db, runId, { status: 'failed', counts: { ...counts }, at: ctx.now() });
    throw error;
  }
  counts.refusedRows = new Set(refusals.map((refusal) => `${refusal.file}#${refusal.row}`)).size;
  await ctx.db.transaction().execute(async (trx) => {
    await insertRefusals(trx, runId, refusals);
    await finishImportRun(trx, runId, { status: 'finished', counts: { ...counts }, at: ctx.now() });
    await insertAuditEvent(trx, {
      actorUserId: options.startedBy,
      action: 'migration.import',
      subjectType: 'migration_import_run',
      subjectId: runId,
      regionCode: null,
      details: { source: path.resolve(dir), ...counts },
      at: ctx.now(),
    });
  });
  return { runId, counts, refusals };
}

async function importDirectory(
  ctx: ImportContext,
  table: ExportTable,
  counts: ImportCounts,
  refuse: Refuse,
  report: Report,
): Promise<void> {
  if (missingColumns(table, [column.uscc, column.name, column.region], refuse)) return;
  const seen = new Set<string>();
  let rows = 0;
  for await (const batch of table.batches) {
    const existing = new Set((await enterprisesOfBatch(ctx.db, batch)).keys());
    const regionCodes = new Set(
      (
        await findRegionsByCodes(ctx.db, [...new Set(batch.map((row) => row.cells.get(column.region) ?? ''))])
      ).map((region) => region.code),
    );
    const enterprises: Parameters<typeof insertEnterprises>[1] = [];
    for (const { rowNumber, cells } of batch) {
      const uscc = (cells.get(column.uscc) ?? '').toUpperCase();
      const checked = checkUscc(uscc);
      if (!checked.ok) {
        refuse(table, rowNumber, column.uscc, checked.reason);
        continue;
      }
      const name = cells.get(column.name);
      if (!name) {
        refuse(table, rowNumber, column.name, '企业名称为空');
        continue;
      }
      const regionCode = cells.get(column.region) ?? '';
      if (!regionCodes.has(regionCode)) {
        refuse(table, rowNumber, column.region, `行政区划代码“${regionCode}”不存在`);
        continue;
      }
      if (seen.has(uscc)) {
        refuse(table, rowNumber, column.uscc, `统一社会信用代码 ${uscc} 在本文件中重复`);
        continue;
      }
      seen.add(uscc);
      if (existing.has(uscc)) {
        counts.enterprisesUnchanged += 1;
        continue;
      }
      enterprises.push({
        uscc,
        name,
        region_code: regionCode,
        legal_representative: cells.get(column.legalRepresentative) ?? '',
        industry_code: cells.get(column.industry) ?? '6510',
        is_in_scope: true,
        is_key_enterprise: cells.get(column.isKey) === '是',
        has_ai_business: false,
        main_revenue: null,
        software_revenue: null,
        ic_design_revenue: null,
        is_special_activity: false,
        size_code: null,
        is_scope_overridden: false,
        scope_override_reason: null,
      });
    }
    const added = await insertEnterprises(ctx.db, enterprises);
    counts.enterprisesAdded += added;
    counts.enterprisesUnchanged += enterprises.length - added;
    rows += batch.length;
    await report(rows);
  }
}

const algorithms = new Set(['md5', 'sha1', 'sha256', 'bcrypt']);

async function importAccounts(
  ctx: ImportContext,
  table: ExportTable,
  digest: { salt: 'none' | 'prefix' | 'suffix'; encoding: 'hex' | 'base64' },
  counts: ImportCounts,
  refuse: Refuse,
  report: Report,
): Promise<void> {
  if (missingColumns(table, [column.username, column.hash, column.algorithm, column.uscc], refuse)) return;
  let rows = 0;
  for await (const batch of table.batches) {
    const enterprises = await enterprisesOfBatch(ctx.db, batch);
    const users: Parameters<typeof insertMovedInUsers>[2] = [];
    for (const { rowNumber, cells } of batch) {
      const username = cells.get(column.username) ?? '';
      if (!/^[A-Za-z0-9_.@-]{2,64}$/.test(username)) {
        refuse(table, rowNumber, column.username, `用户名“${username}”为空或含有不允许的字符`);
        continue;
      }
      const algorithm = (cells.get(column.algorithm) ?? '').toLowerCase().replace(/-/g, '');
      if (!algorithms.has(algorithm)) {
        refuse(table, rowNumber, column.algorithm, `加密方式“${cells.get(column.algorithm) ?? ''}”无法识别`);
        continue;
      }
      const hash = cells.get(column.hash);
      if (!hash) {
        refuse(table, rowNumber, column.hash, '密码哈希为空');
        continue;
      }
      const uscc = (cells.get(column.uscc) ?? '').toUpperCase();
      const enterprise = enterprises.get(uscc);
      if (!enterprise) {
        refuse(table, rowNumber, column.uscc, `统一社会信用代码 ${uscc} 不在企业名录中`);
        continue;
      }
      const mobile = cells.get(column.mobile) ?? null;
      if (mobile !== null && !/^1[3-9]\d{9}$/.test(mobile)) {
        refuse(table, rowNumber, column.mobile, `手机号“${mobile}”不是11位中国大陆手机号`);
        continue;
      }
      const format: LegacyHashFormat =
        algorithm === 'bcrypt'
          ? { algorithm }
          : { algorithm: algorithm as 'md5' | 'sha1' | 'sha256', ...digest };
      users.push({
        username,
        passwordHash: storedLegacyHash(format, hash, cells.get(column.salt) ?? ''),
        displayName: cells.get(column.displayName) ?? username,
        mobile,
        enterpriseId: enterprise.id,
        regionCode: enterprise.region_code,
        now: ctx.now(),
      });
    }
    const added = await insertMovedInUsers(ctx.db, ctx.cipher, users);
    counts.accountsAdded += added;
    counts.accountsUnchanged += users.length - added;
    rows += batch.length;
    await report(rows);
  }
}
