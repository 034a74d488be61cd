import type { DirectoryDivisions, DirectoryEntry, EnterpriseDetail, Page } from '@zhibao/contracts';
import { checkUscc, decideScope, type ScopeThresholds } from '@zhibao/survey';
import { authorize, authorizeActor, can, type AdminActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { AppError, type InvalidParam } from '../http/app-error.ts';
import { planEnterpriseChange } from './enterprise-change.ts';
import { scopeThresholdsOf } from './enterprise-scope.ts';
import { buildImportTemplate } from './enterprise-workbook.ts';
import {
  findEnterpriseById,
  findEnterprisesByUscc,
  findRegionsByCodes,
  insertEnterprise,
  listEnterprisesInRegion,
  listRegionsUnder,
  updateEnterprise,
  type EnterpriseDetailRow,
} from './enterprise.repository.ts';
import type { EnterpriseInput } from '@zhibao/contracts';

/** 企业名录库: the enterprises of the administrator's region, searchable by name or USCC. */
export async function listDirectory(
  ctx: AppContext,
  actor: Actor,
  query: { keyword?: string; page: number; pageSize: number },
): Promise<Page<DirectoryEntry>> {
  const admin = authorizeActor(actor, 'enterprise.list');
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

function toDetail(row: EnterpriseDetailRow, thresholds: ScopeThresholds): EnterpriseDetail {
  const facts = {
    mainRevenue: row.main_revenue,
    softwareRevenue: row.software_revenue,
    icDesignRevenue: row.ic_design_revenue,
    isSpecialActivity: row.is_special_activity,
  };
  const computedScope = decideScope(facts, thresholds);
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
    computedScope,
    scopeReason: row.is_scope_overridden
      ? `管理员调整：${row.scope_override_reason ?? ''}`
      : computedScope.isInScope === row.is_in_scope
        ? computedScope.reason
        : `名录原值；${computedScope.reason}`,
  };
}

async function detailOf(ctx: AppContext, enterpriseId: string): Promise<EnterpriseDetail> {
  const row = (await findEnterpriseById(ctx.db, enterpriseId))!;
  return toDetail(row, await scopeThresholdsOf(ctx.db, row.region_code));
}

export async function getEnterprise(
  ctx: AppContext,
  actor: Actor,
  enterpriseId: string,
): Promise<EnterpriseDetail> {
  const admin = authorizeActor(actor, 'enterprise.read');
  const row = await findEnterpriseById(ctx.db, enterpriseId);
  authorize(admin, 'enterprise.read', row && { id: row.id, regionCode: row.region_code });
  return toDetail(row, await scopeThresholdsOf(ctx.db, row.region_code));
}

/** The form's manual 纳统 decision: null follows the rules (withdrawing an override). */
function overrideOf(input: EnterpriseInput): { value: boolean; reason: string } | null {
  return input.scopeOverride === null
    ? null
    : { value: input.scopeOverride, reason: input.scopeOverrideReason ?? '' };
}

/** USCC and division checks shared by the form and the import; each problem names its field. */
async function checkEnterprise(
  ctx: AppContext,
  admin: AdminActor,
  input: EnterpriseInput,
  selfId: string | null,
  requestId: string | undefined,
): Promise<InvalidParam[]> {
  const problems: InvalidParam[] = [];
  const uscc = checkUscc(input.uscc);
  if (!uscc.ok) problems.push({ name: 'uscc', reason: uscc.reason });
  const [region] = await findRegionsByCodes(ctx.db, [input.regionCode]);
  if (!region || !can(admin, 'region.read', { code: input.regionCode })) {
    problems.push({ name: 'regionCode', reason: `行政区划代码 ${input.regionCode} 不存在或不在本辖区内` });
  }
  if (uscc.ok) {
    const [existing] = await findEnterprisesByUscc(ctx.db, [input.uscc]);
    if (existing && existing.id !== selfId) {
      if (can(admin, 'enterprise.read', { id: existing.id, regionCode: existing.region_code })) {
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
export const unregistrableUscc = '该统一社会信用代码无法在本辖区登记，请联系上级管理员';

export async function recordForeignUsccClash(
  ctx: AppContext,
  admin: AdminActor,
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
  const admin = authorizeActor(actor, 'enterprise.create');
  const problems = await checkEnterprise(ctx, admin, input, null, requestId);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', '企业信息有误，请检查标出的项', problems);
  const change = planEnterpriseChange(
    null,
    input,
    overrideOf(input),
    await scopeThresholdsOf(ctx.db, input.regionCode),
  );
  const id = await ctx.db.transaction().execute(async (trx) => {
    const { id } = await insertEnterprise(trx, change.columns);
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'enterprise.create',
      subjectType: 'enterprise',
      subjectId: id,
      regionCode: input.regionCode,
      requestId,
      details: { uscc: input.uscc, name: input.name, isInScope: change.scope.isInScope },
    });
    if (change.scope.isOverridden) {
      await insertAuditEvent(trx, {
        actorUserId: admin.userId,
        action: 'enterprise.scope_override',
        subjectType: 'enterprise',
        subjectId: id,
        regionCode: input.regionCode,
        requestId,
        details: {
          from: false,
          to: change.scope.isInScope,
          reason: change.scope.overrideReason,
          withdrawn: false,
        },
      });
    }
    return id;
  });
  return detailOf(ctx, id);
}

/**
 * 编辑企业: changes an enterprise of the region. The 纳统 flag is derived again only when the facts behind it
 * change (and decide), unless an administrator overrides it with a reason (recorded on its own in the trail).
 */
export async function editEnterprise(
  ctx: AppContext,
  actor: Actor,
  enterpriseId: string,
  input: EnterpriseInput,
  requestId?: string,
): Promise<EnterpriseDetail> {
  const admin = authorizeActor(actor, 'enterprise.update');
  const row = await findEnterpriseById(ctx.db, enterpriseId);
  authorize(admin, 'enterprise.update', row && { id: row.id, regionCode: row.region_code });
  const problems = await checkEnterprise(ctx, admin, input, row.id, requestId);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', '企业信息有误，请检查标出的项', problems);
  const change = planEnterpriseChange(
    row,
    input,
    overrideOf(input),
    await scopeThresholdsOf(ctx.db, input.regionCode),
  );
  const overrideChanged =
    change.scope.isOverridden !== row.is_scope_overridden ||
    (change.scope.isOverridden &&
      (change.scope.isInScope !== row.is_in_scope ||
        change.scope.overrideReason !== row.scope_override_reason));
  await ctx.db.transaction().execute(async (trx) => {
    await updateEnterprise(trx, row.id, change.columns);
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'enterprise.update',
      subjectType: 'enterprise',
      subjectId: row.id,
      regionCode: input.regionCode,
      requestId,
      details: {
        changes: Object.fromEntries(
          change.changes.map((item) => [item.field, { from: item.from, to: item.to }]),
        ),
        ...(change.scopeChange ? { scope: { ...change.scopeChange, reason: change.scope.reason } } : {}),
      },
    });
    if (overrideChanged) {
      await insertAuditEvent(trx, {
        actorUserId: admin.userId,
        action: 'enterprise.scope_override',
        subjectType: 'enterprise',
        subjectId: row.id,
        regionCode: input.regionCode,
        requestId,
        details: {
          from: row.is_in_scope,
          to: change.scope.isInScope,
          reason: change.scope.overrideReason,
          withdrawn: !change.scope.isOverridden,
        },
      });
    }
  });
  return detailOf(ctx, row.id);
}

/** 名录导入模板: the header row the import reads, with one example row. */
export async function downloadImportTemplate(actor: Actor): Promise<Buffer> {
  authorizeActor(actor, 'enterprise.import');
  return buildImportTemplate();
}

/** The divisions of the administrator's region, for the 行政区划代码 cascader of the directory form. */
export async function listDivisions(ctx: AppContext, actor: Actor): Promise<DirectoryDivisions> {
  const admin = authorizeActor(actor, 'directory.read');
  const rows = await listRegionsUnder(ctx.db, regionScopePrefix(admin.regionCode, admin.regionLevel));
  return {
    divisions: rows
      .filter((row) => row.level !== 'nation')
      .map((row) => ({ code: row.code, name: row.name, parentCode: row.parent_code, level: row.level })),
  };
}
