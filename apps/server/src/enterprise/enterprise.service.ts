import type { DirectoryEntry, EnterpriseDetail, Page } from '@zhibao/contracts';
import { checkUscc, getEdition } from '@zhibao/survey';
import { authorize, authorizeActor, can, type AdminActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { AppError, type InvalidParam } from '../http/app-error.ts';
import { decideScope } from './enterprise-scope.ts';
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
import type { EnterpriseInput } from '@zhibao/contracts';

export type Admin = AdminActor;

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
  authorizeActor(actor, 'enterprise.read');
  const row = await findEnterpriseById(ctx.db, enterpriseId);
  authorize(actor, 'enterprise.read', row && { id: row.id, regionCode: row.region_code });
  return toDetail(row);
}

export function columnsOf(input: EnterpriseInput): EnterpriseColumns {
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
  const admin = authorizeActor(actor, 'enterprise.create');
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
  const admin = authorizeActor(actor, 'enterprise.update');
  const row = await findEnterpriseById(ctx.db, enterpriseId);
  authorize(admin, 'enterprise.update', row && { id: row.id, regionCode: row.region_code });
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
