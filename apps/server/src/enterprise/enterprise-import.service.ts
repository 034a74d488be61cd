import { enterpriseBody, type EnterpriseInput, type ImportReport } from '@zhibao/contracts';
import { checkUscc } from '@zhibao/survey';
import { authorizeActor, can } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { AppError } from '../http/app-error.ts';
import { WorkbookRejection } from '../http/xlsx-upload-guard.ts';
import type { importColumns } from './enterprise-workbook.ts';
import {
  buildImportTemplate,
  readImportSheetOffThread,
  type ImportSheet,
  type SheetRow,
} from './enterprise-workbook.ts';
import {
  findEnterprisesByUscc,
  findRegionsByCodes,
  insertEnterprise,
  updateEnterprise,
} from './enterprise.repository.ts';
import { columnsOf, recordForeignUsccClash, unregistrableUscc } from './enterprise.service.ts';

/* 名录导入: the directory workbook read off-thread, each row checked like the form, accepted rows written at once. */

const fieldOfColumn: Record<string, (typeof importColumns)[number]> = {
  uscc: '统一社会信用代码',
  name: '企业名称',
  regionCode: '行政区划代码',
  legalRepresentative: '法定代表人',
  industryCode: '行业代码',
  mainRevenue: '主营业务收入(万元)',
  softwareRevenue: '软件业务收入(万元)',
  icDesignRevenue: '集成电路设计收入(万元)',
  isSpecialActivity: '主要从事基础软件等(是/否)',
  sizeCode: '企业规模(1-4)',
  isKeyEnterprise: '重点企业(是/否)',
  hasAiBusiness: '人工智能业务(是/否)',
};

function parseRow(row: SheetRow): { input?: EnterpriseInput; reasons: string[] } {
  const reasons: string[] = [];
  const number = (column: (typeof importColumns)[number]) => {
    const text = row.cells[column] ?? '';
    if (text === '') return null;
    const value = Number(text.replace(/,/g, ''));
    if (!Number.isFinite(value)) {
      reasons.push(`${column}“${text}”不是数字`);
      return null;
    }
    return value;
  };
  const flag = (column: (typeof importColumns)[number]) => {
    const text = row.cells[column] ?? '';
    if (text === '' || text === '否' || text === '0') return false;
    if (text === '是' || text === '1') return true;
    reasons.push(`${column}应填“是”或“否”，实为“${text}”`);
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
      const column = fieldOfColumn[String(issue.path[0])] ?? String(issue.path[0]);
      reasons.push(`${column}：${issue.message}`);
    }
  }
  return { input: parsed.success && reasons.length === 0 ? parsed.data : undefined, reasons };
}

/**
 * 名录导入: reads an .xlsx directory; rows that pass every check are added (or, for an enterprise of the region
 * already listed by USCC, brought up to date) and every other row is reported with all its reasons.
 */
export async function importDirectory(
  ctx: AppContext,
  actor: Actor,
  file: { fileName: string; content: Buffer },
  requestId?: string,
): Promise<ImportReport> {
  const admin = authorizeActor(actor, 'enterprise.import');
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
  const parsed = sheet.rows.map((row) => ({ row, ...parseRow(row) }));
  const usccs = parsed.flatMap((entry) => (entry.input ? [entry.input.uscc] : []));
  const [existing, regions] = await Promise.all([
    findEnterprisesByUscc(ctx.db, usccs),
    findRegionsByCodes(ctx.db, [
      ...new Set(parsed.flatMap((entry) => (entry.input ? [entry.input.regionCode] : []))),
    ]),
  ]);
  const existingByUscc = new Map(existing.map((row) => [row.uscc, row]));
  const knownRegions = new Set(regions.map((region) => region.code));
  const seen = new Map<string, number>();
  const accepted: Array<{ input: EnterpriseInput; existingId: string | null }> = [];
  const rejected: ImportReport['rejected'] = [];

  for (const entry of parsed) {
    const reasons = [...entry.reasons];
    const input = entry.input;
    if (input) {
      const uscc = checkUscc(input.uscc);
      if (!uscc.ok) reasons.push(uscc.reason);
      if (!knownRegions.has(input.regionCode) || !can(admin, 'region.read', { code: input.regionCode })) {
        reasons.push(`行政区划代码 ${input.regionCode} 不存在或不在本辖区内`);
      }
      const twin = seen.get(input.uscc);
      if (twin !== undefined) reasons.push(`统一社会信用代码与第${twin}行重复`);
      const other = existingByUscc.get(input.uscc);
      if (other && !can(admin, 'enterprise.read', { id: other.id, regionCode: other.region_code })) {
        await recordForeignUsccClash(ctx, admin, other, requestId);
        reasons.push(unregistrableUscc);
      }
      if (reasons.length === 0) {
        seen.set(input.uscc, entry.row.rowNumber);
        accepted.push({ input, existingId: other?.id ?? null });
        continue;
      }
    }
    rejected.push({
      row: entry.row.rowNumber,
      uscc: entry.row.cells['统一社会信用代码'] ?? '',
      name: entry.row.cells['企业名称'] ?? '',
      reasons,
    });
  }

  await ctx.db.transaction().execute(async (trx) => {
    for (const { input, existingId } of accepted) {
      if (existingId) await updateEnterprise(trx, existingId, columnsOf(input));
      else await insertEnterprise(trx, columnsOf(input));
    }
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'enterprise.import',
      subjectType: 'region',
      subjectId: admin.regionCode,
      regionCode: admin.regionCode,
      requestId,
      details: {
        fileName: file.fileName,
        accepted: accepted.map((entry) => entry.input.uscc),
        rejectedRows: rejected.map((entry) => entry.row),
      },
    });
  });
  return {
    total: parsed.length,
    created: accepted.filter((entry) => !entry.existingId).length,
    updated: accepted.filter((entry) => entry.existingId).length,
    rejected,
  };
}

/** 名录导入模板: the header row the import reads, with one example row. */
export async function downloadImportTemplate(actor: Actor): Promise<Buffer> {
  authorizeActor(actor, 'enterprise.import');
  return buildImportTemplate();
}
