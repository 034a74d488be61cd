import type { DirectoryImportPreview, DirectoryImportResult, DirectoryPreviewRow } from '@zhibao/contracts';
import { checkUscc } from '@zhibao/survey';
import { authorizeActor, can } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { AppError } from '../http/app-error.ts';
import { WorkbookRejection } from '../http/xlsx-upload-guard.ts';
import { joinOpenTasks } from '../task/task-obligation.repository.ts';
import { fieldLabels, planEnterpriseChange } from './enterprise-change.ts';
import { scopeThresholdsOf } from './enterprise-scope.ts';
import {
  readImportSheetOffThread,
  type ImportColumn,
  type ImportSheet,
  type SheetRow,
} from './enterprise-workbook.ts';
import {
  deleteExpiredImportPreviews,
  findEnterpriseDetailsByUscc,
  findImportPreviewForUpdate,
  findRegionsByCodes,
  insertEnterprise,
  insertImportPreview,
  markImportPreviewApplied,
  updateEnterprise,
  type EnterpriseColumns,
  type EnterpriseDetailRow,
} from './enterprise.repository.ts';
import { enterpriseBody, type EnterpriseInput } from '@zhibao/contracts';
import { recordForeignUsccClash, unregistrableUscc } from './enterprise.service.ts';

/*
 * 名录导入 in two steps (issue 17): the file is read and every row previewed (new; updated with the fields that
 * change; 纳统 changes; refused with reasons naming row and column), and nothing changes until the administrator
 * confirms. The preview keeps what it read of each enterprise; the confirmation applies the same rows in one
 * transaction, or refuses when any of them changed meanwhile.
 */

/** How long a preview can be confirmed. */
const previewLifetimeMs = 15 * 60_000;

/** The stored plan of a preview: what the confirmation writes, and what it expects to find. */
interface PlannedRow {
  row: number;
  uscc: string;
  existingId: string | null;
  /** The enterprise's columns as previewed (null for a new one): the confirmation requires them unchanged. */
  expected: EnterpriseColumns | null;
  columns: EnterpriseColumns;
  scopeChange: { from: boolean | null; to: boolean } | null;
}

interface ImportPlan {
  rows: PlannedRow[];
  refusedRows: number[];
  total: number;
}

function parseRow(row: SheetRow): { input?: EnterpriseInput; reasons: string[] } {
  const reasons: string[] = [];
  const at = (column: ImportColumn) => `第${row.rowNumber}行“${column}”列`;
  const number = (column: ImportColumn) => {
    const text = row.cells[column] ?? '';
    if (text === '') return null;
    const value = Number(text.replace(/,/g, ''));
    if (!Number.isFinite(value)) {
      reasons.push(`${at(column)}：“${text}”不是数字`);
      return null;
    }
    return value;
  };
  const flag = (column: ImportColumn) => {
    const text = row.cells[column] ?? '';
    if (text === '' || text === '否' || text === '0') return false;
    if (text === '是' || text === '1') return true;
    reasons.push(`${at(column)}：应填“是”或“否”，实为“${text}”`);
    return false;
  };
  const raw = {
    uscc: row.cells['统一社会信用代码'] ?? '',
    name: row.cells['企业名称'] ?? '',
    regionCode: row.cells['行政区划代码'] ?? '',
    legalRepresentative: row.cells['法定代表人'] ?? '',
    industryCode: row.cells['行业代码'] ?? '',
    mainRevenue: number('主营业务收入(万元)'),
    softwareRevenue: number('软件业务收入(万元)'),
    icDesignRevenue: number('集成电路设计收入(万元)'),
    isSpecialActivity: flag('主要从事基础软件等(是/否)'),
    sizeCode: row.cells['企业规模(1-4)'] || null,
    isKeyEnterprise: flag('重点企业(是/否)'),
    hasAiBusiness: flag('人工智能业务(是/否)'),
  };
  const parsed = enterpriseBody.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]) as keyof typeof fieldLabels;
      const column = (fieldLabels[field] ?? field) as ImportColumn;
      reasons.push(`${at(column)}：${issue.message}`);
    }
  }
  return { input: parsed.success && reasons.length === 0 ? parsed.data : undefined, reasons };
}

async function readSheet(ctx: AppContext, file: { fileName: string; content: Buffer }): Promise<ImportSheet> {
  let sheet: ImportSheet;
  try {
    sheet = await readImportSheetOffThread(ctx.config.xlsxParsing, file.content);
  } catch (error) {
    if (!(error instanceof WorkbookRejection)) throw error;
    if (error.isUnreadable) {
      throw new AppError('VALIDATION_FAILED', `无法读取文件“${file.fileName}”，请使用名录导入模板（.xlsx）`, [
        { name: 'contentBase64', reason: '不是有效的 .xlsx 文件' },
      ]);
    }
    throw new AppError('VALIDATION_FAILED', `文件“${file.fileName}”被拒绝：${error.reason}`, [
      { name: 'contentBase64', reason: error.reason },
    ]);
  }
  if (sheet.missingColumns.length > 0) {
    throw new AppError('VALIDATION_FAILED', `名录文件缺少列：${sheet.missingColumns.join('、')}`, [
      { name: 'contentBase64', reason: `缺少列：${sheet.missingColumns.join('、')}` },
    ]);
  }
  return sheet;
}

/** 名录导入预览: reads the file and says what each row would do; nothing in the directory changes. */
export async function previewDirectoryImport(
  ctx: AppContext,
  actor: Actor,
  file: { fileName: string; content: Buffer },
  requestId?: string,
): Promise<DirectoryImportPreview> {
  const admin = authorizeActor(actor, 'enterprise.import');
  const sheet = await readSheet(ctx, file);
  const parsed = sheet.rows.map((row) => ({ row, ...parseRow(row) }));
  const usccs = [...new Set(parsed.flatMap((entry) => (entry.input ? [entry.input.uscc] : [])))];
  const [existing, regions] = await Promise.all([
    findEnterpriseDetailsByUscc(ctx.db, usccs),
    findRegionsByCodes(ctx.db, [
      ...new Set(parsed.flatMap((entry) => (entry.input ? [entry.input.regionCode] : []))),
    ]),
  ]);
  const existingByUscc = new Map(existing.map((row) => [row.uscc, row]));
  const knownRegions = new Set(regions.map((region) => region.code));
  const thresholdsByProvince = new Map<string, Awaited<ReturnType<typeof scopeThresholdsOf>>>();
  const thresholdsOf = async (regionCode: string) => {
    const key = regionCode.slice(0, 2);
    if (!thresholdsByProvince.has(key))
      thresholdsByProvince.set(key, await scopeThresholdsOf(ctx.db, regionCode));
    return thresholdsByProvince.get(key)!;
  };
  const seen = new Map<string, number>();
  const previewRows: DirectoryPreviewRow[] = [];
  const plan: ImportPlan = { rows: [], refusedRows: [], total: parsed.length };

  for (const entry of parsed) {
    const reasons = [...entry.reasons];
    const input = entry.input;
    const at = (column: ImportColumn) => `第${entry.row.rowNumber}行“${column}”列`;
    let other: EnterpriseDetailRow | undefined;
    if (input) {
      const uscc = checkUscc(input.uscc);
      if (!uscc.ok) reasons.push(`${at('统一社会信用代码')}：${uscc.reason}`);
      if (!knownRegions.has(input.regionCode) || !can(admin, 'region.read', { code: input.regionCode })) {
        reasons.push(`${at('行政区划代码')}：${input.regionCode} 不存在或不在本辖区内`);
      }
      const twin = seen.get(input.uscc);
      if (twin !== undefined) reasons.push(`${at('统一社会信用代码')}：与第${twin}行重复`);
      other = existingByUscc.get(input.uscc);
      if (other && !can(admin, 'enterprise.read', { id: other.id, regionCode: other.region_code })) {
        await recordForeignUsccClash(ctx, admin, { ...other, id: other.id }, requestId);
        reasons.push(`${at('统一社会信用代码')}：${unregistrableUscc}`);
      }
    }
    if (!input || reasons.length > 0) {
      plan.refusedRows.push(entry.row.rowNumber);
      previewRows.push({
        row: entry.row.rowNumber,
        uscc: entry.row.cells['统一社会信用代码'] ?? '',
        name: entry.row.cells['企业名称'] ?? '',
        kind: 'refused',
        changes: [],
        scopeChange: null,
        reasons,
      });
      continue;
    }
    seen.set(input.uscc, entry.row.rowNumber);
    // The import has no 纳统 column: an existing override stands (undefined), the facts decide the rest.
    const change = planEnterpriseChange(
      other ?? null,
      input,
      undefined,
      await thresholdsOf(input.regionCode),
    );
    const kind = !other ? 'new' : change.changes.length > 0 || change.scopeChange ? 'updated' : 'unchanged';
    previewRows.push({
      row: entry.row.rowNumber,
      uscc: input.uscc,
      name: input.name,
      kind,
      changes: change.changes,
      scopeChange: change.scopeChange && { ...change.scopeChange, reason: change.scope.reason },
      reasons: [],
    });
    if (kind === 'unchanged') continue;
    plan.rows.push({
      row: entry.row.rowNumber,
      uscc: input.uscc,
      existingId: other?.id ?? null,
      expected: other ? columnsOfRow(other) : null,
      columns: change.columns,
      scopeChange: change.scopeChange,
    });
  }

  const now = ctx.now();
  await deleteExpiredImportPreviews(ctx.db, new Date(now.getTime() - 86_400_000));
  const expiresAt = new Date(now.getTime() + previewLifetimeMs);
  const { id } = await insertImportPreview(ctx.db, {
    userId: admin.userId,
    regionCode: admin.regionCode,
    fileName: file.fileName,
    plan,
    expiresAt,
  });
  const count = (kind: DirectoryPreviewRow['kind']) => previewRows.filter((row) => row.kind === kind).length;
  return {
    previewId: id,
    fileName: file.fileName,
    expiresAt: expiresAt.toISOString(),
    total: parsed.length,
    counts: {
      new: count('new'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      refused: count('refused'),
      scopeChanged: previewRows.filter((row) => row.kind === 'updated' && row.scopeChange).length,
    },
    rows: previewRows,
  };
}

/** Column by column: the stored plan is JSON, whose key order the database does not keep. */
function isSameEnterprise(current: EnterpriseColumns, expected: EnterpriseColumns): boolean {
  return (Object.keys(current) as Array<keyof EnterpriseColumns>).every(
    (key) => current[key] === expected[key],
  );
}

function columnsOfRow(row: EnterpriseDetailRow): EnterpriseColumns {
  return {
    uscc: row.uscc,
    name: row.name,
    region_code: row.region_code,
    legal_representative: row.legal_representative,
    industry_code: row.industry_code,
    main_revenue: row.main_revenue,
    software_revenue: row.software_revenue,
    ic_design_revenue: row.ic_design_revenue,
    is_special_activity: row.is_special_activity,
    size_code: row.size_code,
    is_in_scope: row.is_in_scope,
    is_scope_overridden: row.is_scope_overridden,
    scope_override_reason: row.scope_override_reason,
    is_key_enterprise: row.is_key_enterprise,
    has_ai_business: row.has_ai_business,
  };
}

/**
 * 确认导入: applies a preview of the caller's, in one transaction, exactly as previewed. Refused when it expired
 * or was applied, or when an enterprise it touches changed (or one it adds was listed) since. With `joinOpenTasks`
 * (加入本期应报, the administrator's recorded decision) the new and newly 纳统 enterprises join the open tasks.
 */
export async function confirmDirectoryImport(
  ctx: AppContext,
  actor: Actor,
  previewId: string,
  options: { joinOpenTasks: boolean },
  requestId?: string,
): Promise<DirectoryImportResult> {
  const admin = authorizeActor(actor, 'enterprise.import');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const preview = await findImportPreviewForUpdate(trx, previewId, admin.userId);
    if (!preview || preview.region_code !== admin.regionCode) {
      throw new AppError('NOT_FOUND', '导入预览不存在');
    }
    if (preview.applied_at !== null || new Date(preview.expires_at) <= now) {
      throw new AppError(
        'DIRECTORY_PREVIEW_EXPIRED',
        preview.applied_at !== null ? '该导入已确认过，无需重复导入' : '导入预览已过期，请重新上传文件预览',
      );
    }
    const plan = preview.plan as ImportPlan;
    const current = new Map(
      (
        await findEnterpriseDetailsByUscc(
          trx,
          plan.rows.map((row) => row.uscc),
          { forUpdate: true },
        )
      ).map((row) => [row.uscc, row]),
    );
    const stale = plan.rows.filter((row) => {
      const listed = current.get(row.uscc);
      if (row.expected === null) return listed !== undefined;
      return !listed || listed.id !== row.existingId || !isSameEnterprise(columnsOfRow(listed), row.expected);
    });
    if (stale.length > 0) {
      throw new AppError(
        'DIRECTORY_CHANGED',
        `预览后名录已有变动（第${stale.map((row) => row.row).join('、')}行的企业），请重新上传文件预览`,
      );
    }
    const created: Array<{ id: string; uscc: string }> = [];
    for (const row of plan.rows) {
      if (row.existingId) await updateEnterprise(trx, row.existingId, row.columns);
      else created.push({ id: (await insertEnterprise(trx, row.columns)).id, uscc: row.uscc });
    }
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'enterprise.import',
      subjectType: 'region',
      subjectId: admin.regionCode,
      regionCode: admin.regionCode,
      requestId,
      details: {
        fileName: preview.file_name,
        previewId,
        created: created.map((row) => row.uscc),
        updated: plan.rows.filter((row) => row.existingId).map((row) => row.uscc),
        refusedRows: plan.refusedRows,
        scopeChanges: plan.rows.flatMap((row) =>
          row.scopeChange ? [{ uscc: row.uscc, from: row.scopeChange.from, to: row.scopeChange.to }] : [],
        ),
      },
    });
    let joined: Array<{ task_id: string; enterprise_id: string }> = [];
    if (options.joinOpenTasks) {
      const enterpriseIds = [
        ...created.map((row) => row.id),
        ...plan.rows.flatMap((row) => (row.existingId && row.scopeChange?.to ? [row.existingId] : [])),
      ];
      joined = await joinOpenTasks(trx, { enterpriseIds, now, decidedBy: admin.userId });
      if (joined.length > 0) {
        await insertAuditEvent(trx, {
          actorUserId: admin.userId,
          action: 'enterprise.join_open_tasks',
          subjectType: 'region',
          subjectId: admin.regionCode,
          regionCode: admin.regionCode,
          requestId,
          details: {
            enterpriseIds: [...new Set(joined.map((row) => row.enterprise_id))],
            taskIds: [...new Set(joined.map((row) => row.task_id))],
            via: 'import',
          },
        });
      }
    }
    await markImportPreviewApplied(trx, previewId, now);
    return {
      total: plan.total,
      created: created.length,
      updated: plan.rows.length - created.length,
      refused: plan.refusedRows.length,
      joinedObligations: joined.length,
    };
  });
}
