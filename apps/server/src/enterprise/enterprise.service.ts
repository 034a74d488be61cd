import type { DirectoryEntry, EnterpriseDetail, ImportReport, Page } from '@zhibao/contracts';
import { checkUscc, getEdition } from '@zhibao/survey';
import { assertCanAccessEnterprise, requireAdminActor } from '../access/access.policy.ts';
import type { Actor } from '../access/actor.ts';
import { isWithinRegion, regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { AppError, type InvalidParam } from '../http/app-error.ts';
import { WorkbookRejection } from '../http/xlsx-upload-guard.ts';
import { decideScope } from './enterprise-scope.ts';
import type { importColumns } from './enterprise-workbook.ts';
import {
  buildImportTemplate,
  readImportSheetOffThread,
  type ImportSheet,
  type SheetRow,
} from './enterprise-workbook.ts';
import {
  findEnterpriseById,
  findEnterprisesByUscc,
  findRegionsByCodes,
  insertEnterprise,
  listEnterprisesInRegion,
  updateEnterprise,
  type EnterpriseColumns,
  type EnterpriseDetailRow,
} from './enterprise.repository.ts';
import { enterpriseBody, type EnterpriseInput } from '@zhibao/contracts';

type Admin = ReturnType<typeof requireAdminActor>;

/** 企业名录库: the enterprises of the administrator's region, searchable by name or USCC. */
export async function listDirectory(
  ctx: AppContext,
  actor: Actor,
  query: { keyword?: string; page: number; pageSize: number },
): Promise<Page<DirectoryEntry>> {
  const admin = requireAdminActor(actor);
  const { rows, total } = await listEnterprisesInRegion(ctx.db, {
    regionPrefix: regionScopePrefix(admin.regionCode, admin.regionLevel),
    keyword: query.keyword || undefined,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  return {
    total,
    items: rows.map((row) => ({
      id: row.id,
      uscc: row.uscc,
      name: row.name,
      regionCode: row.region_code,
      regionName: row.region_name,
      industryCode: row.industry_code,
      sizeCode: row.size_code,
      isInScope: row.is_in_scope,
      isScopeOverridden: row.is_scope_overridden,
      isKeyEnterprise: row.is_key_enterprise,
    })),
  };
}

function toDetail(row: EnterpriseDetailRow): EnterpriseDetail {
  const facts = {
    mainRevenue: row.main_revenue,
    softwareRevenue: row.software_revenue,
    icDesignRevenue: row.ic_design_revenue,
    isSpecialActivity: row.is_special_activity,
  };
  return {
    id: row.id,
    uscc: row.uscc,
    name: row.name,
    regionCode: row.region_code,
    regionName: row.region_name,
    legalRepresentative: row.legal_representative,
    industryCode: row.industry_code,
    ...facts,
    sizeCode: row.size_code as EnterpriseInput['sizeCode'],
    isKeyEnterprise: row.is_key_enterprise,
    hasAiBusiness: row.has_ai_business,
    isInScope: row.is_in_scope,
    scopeOverride: row.is_scope_overridden ? row.is_in_scope : null,
    scopeOverrideReason: row.scope_override_reason,
    computedScope: decideScope(facts, getEdition().parameters),
  };
}

export async function getEnterprise(
  ctx: AppContext,
  actor: Actor,
  enterpriseId: string,
): Promise<EnterpriseDetail> {
  const admin = requireAdminActor(actor);
  const row = await findEnterpriseById(ctx.db, enterpriseId);
  assertCanAccessEnterprise(admin, row && { id: row.id, regionCode: row.region_code });
  return toDetail(row);
}

function columnsOf(input: EnterpriseInput): EnterpriseColumns {
  const computed = decideScope(input, getEdition().parameters);
  return {
    uscc: input.uscc,
    name: input.name,
    region_code: input.regionCode,
    legal_representative: input.legalRepresentative,
    industry_code: input.industryCode,
    main_revenue: input.mainRevenue,
    software_revenue: input.softwareRevenue,
    ic_design_revenue: input.icDesignRevenue,
    is_special_activity: input.isSpecialActivity,
    size_code: input.sizeCode,
    is_in_scope: input.scopeOverride ?? computed.isInScope,
    is_scope_overridden: input.scopeOverride !== null,
    scope_override_reason: input.scopeOverride !== null ? input.scopeOverrideReason : null,
    is_key_enterprise: input.isKeyEnterprise,
    has_ai_business: input.hasAiBusiness,
  };
}

/** USCC and division checks shared by the form and the import; each problem names its field. */
async function checkEnterprise(
  ctx: AppContext,
  admin: Admin,
  input: EnterpriseInput,
  selfId: string | null,
  requestId: string | undefined,
): Promise<InvalidParam[]> {
  const problems: InvalidParam[] = [];
  const uscc = checkUscc(input.uscc);
  if (!uscc.ok) problems.push({ name: 'uscc', reason: uscc.reason });
  const [region] = await findRegionsByCodes(ctx.db, [input.regionCode]);
  if (!region || !isWithinRegion(admin.regionCode, admin.regionLevel, input.regionCode)) {
    problems.push({ name: 'regionCode', reason: `行政区划代码 ${input.regionCode} 不存在或不在本辖区内` });
  }
  if (uscc.ok) {
    const [existing] = await findEnterprisesByUscc(ctx.db, [input.uscc]);
    if (existing && existing.id !== selfId) {
      if (isWithinRegion(admin.regionCode, admin.regionLevel, existing.region_code)) {
        problems.push({ name: 'uscc', reason: '该统一社会信用代码已在名录库中' });
      } else {
        await recordForeignUsccClash(ctx, admin, existing, requestId);
        problems.push({ name: 'uscc', reason: unregistrableUscc });
      }
    }
  }
  return problems;
}

/**
 * The refusal of a USCC held by a region outside the caller's reach. It says neither that the enterprise is
 * listed nor where, and it is the same on the form, on edit and in the import; only the levels that see both
 * regions learn more, from the audit trail (the region recorded is the holder's).
 */
const unregistrableUscc = '该统一社会信用代码无法在本辖区登记，请联系上级管理员';

async function recordForeignUsccClash(
  ctx: AppContext,
  admin: Admin,
  holder: { id: string; uscc: string; region_code: string },
  requestId: string | undefined,
): Promise<void> {
  await insertAuditEvent(ctx.db, {
    actorUserId: admin.userId,
    action: 'enterprise.uscc_refused',
    subjectType: 'enterprise',
    subjectId: holder.id,
    regionCode: holder.region_code,
    requestId,
    details: { uscc: holder.uscc, requestedBy: admin.regionCode },
  });
}

/** 新增企业: adds an enterprise to the directory of the administrator's region. */
export async function createEnterprise(
  ctx: AppContext,
  actor: Actor,
  input: EnterpriseInput,
  requestId?: string,
): Promise<EnterpriseDetail> {
  const admin = requireAdminActor(actor);
  const problems = await checkEnterprise(ctx, admin, input, null, requestId);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', '企业信息有误，请检查标出的项', problems);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const { id } = await insertEnterprise(trx, columnsOf(input));
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'enterprise.create',
      subjectType: 'enterprise',
      subjectId: id,
      regionCode: input.regionCode,
      requestId,
      details: { uscc: input.uscc, name: input.name },
    });
    return id;
  });
  return toDetail((await findEnterpriseById(ctx.db, id))!);
}

/** 编辑企业: changes an enterprise of the region; the 纳统 flag follows the rules unless overridden with a reason. */
export async function editEnterprise(
  ctx: AppContext,
  actor: Actor,
  enterpriseId: string,
  input: EnterpriseInput,
  requestId?: string,
): Promise<EnterpriseDetail> {
  const admin = requireAdminActor(actor);
  const row = await findEnterpriseById(ctx.db, enterpriseId);
  assertCanAccessEnterprise(admin, row && { id: row.id, regionCode: row.region_code });
  const problems = await checkEnterprise(ctx, admin, input, row.id, requestId);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', '企业信息有误，请检查标出的项', problems);
  const before = toDetail(row);
  await ctx.db.transaction().execute(async (trx) => {
    await updateEnterprise(trx, row.id, columnsOf(input));
    const changed = (Object.keys(input) as Array<keyof EnterpriseInput>).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(input[key]),
    );
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'enterprise.update',
      subjectType: 'enterprise',
      subjectId: row.id,
      regionCode: input.regionCode,
      requestId,
      details: {
        changes: Object.fromEntries(changed.map((key) => [key, { from: before[key], to: input[key] }])),
      },
    });
  });
  return toDetail((await findEnterpriseById(ctx.db, row.id))!);
}

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
  const admin = requireAdminActor(actor);
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
      if (
        !knownRegions.has(input.regionCode) ||
        !isWithinRegion(admin.regionCode, admin.regionLevel, input.regionCode)
      ) {
        reasons.push(`行政区划代码 ${input.regionCode} 不存在或不在本辖区内`);
      }
      const twin = seen.get(input.uscc);
      if (twin !== undefined) reasons.push(`统一社会信用代码与第${twin}行重复`);
      const other = existingByUscc.get(input.uscc);
      if (other && !isWithinRegion(admin.regionCode, admin.regionLevel, other.region_code)) {
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
  requireAdminActor(actor);
  return buildImportTemplate();
}
