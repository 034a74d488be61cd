import type { DirectoryFieldChange } from '@zhibao/contracts';
import type { ScopeThresholds } from '@zhibao/survey';
import { scopeAfterChange, type ScopeOutcome } from './enterprise-scope.ts';
import type { EnterpriseColumns, EnterpriseDetailRow } from './enterprise.repository.ts';
import type { EnterpriseInput } from '@zhibao/contracts';

/** The directory fields a person changes, with their Chinese names (the import's columns say the same). */
export const fieldLabels = {
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
} as const satisfies Partial<Record<keyof EnterpriseInput, string>>;

type Field = keyof typeof fieldLabels;

function shown(value: string | number | boolean | null): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value);
}

/** The listed enterprise in the fields of the form. */
export function inputFieldsOf(row: EnterpriseDetailRow): Record<Field, string | number | boolean | null> {
  return {
    uscc: row.uscc,
    name: row.name,
    regionCode: row.region_code,
    legalRepresentative: row.legal_representative,
    industryCode: row.industry_code,
    mainRevenue: row.main_revenue,
    softwareRevenue: row.software_revenue,
    icDesignRevenue: row.ic_design_revenue,
    isSpecialActivity: row.is_special_activity,
    sizeCode: row.size_code,
    isKeyEnterprise: row.is_key_enterprise,
    hasAiBusiness: row.has_ai_business,
  };
}

export interface EnterpriseChange {
  columns: EnterpriseColumns;
  /** Each field that changes, old → new (empty for a new enterprise). */
  changes: DirectoryFieldChange[];
  scope: ScopeOutcome;
  /** The 纳统 flag before (null for a new enterprise) when the change sets or changes it. */
  scopeChange: { from: boolean | null; to: boolean } | null;
}

/**
 * What a form save or an import row does to an enterprise: its new columns, the fields that change, and the 纳统
 * flag (derived only when the facts behind it change; `override` undefined keeps an existing override).
 */
export function planEnterpriseChange(
  before: EnterpriseDetailRow | null,
  input: EnterpriseInput,
  override: { value: boolean; reason: string } | null | undefined,
  thresholds: ScopeThresholds,
): EnterpriseChange {
  const scope = scopeAfterChange(
    before && {
      mainRevenue: before.main_revenue,
      softwareRevenue: before.software_revenue,
      icDesignRevenue: before.ic_design_revenue,
      isSpecialActivity: before.is_special_activity,
      isInScope: before.is_in_scope,
      isOverridden: before.is_scope_overridden,
      overrideReason: before.scope_override_reason,
    },
    input,
    override,
    thresholds,
  );
  const old = before && inputFieldsOf(before);
  const changes = old
    ? (Object.keys(fieldLabels) as Field[])
        .filter((field) => old[field] !== input[field])
        .map((field) => ({
          field,
          label: fieldLabels[field],
          from: shown(old[field]),
          to: shown(input[field]),
        }))
    : [];
  return {
    columns: {
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
      is_in_scope: scope.isInScope,
      is_scope_overridden: scope.isOverridden,
      scope_override_reason: scope.overrideReason,
      is_key_enterprise: input.isKeyEnterprise,
      has_ai_business: input.hasAiBusiness,
    },
    changes,
    scope,
    scopeChange:
      before === null
        ? { from: null, to: scope.isInScope }
        : before.is_in_scope !== scope.isInScope
          ? { from: before.is_in_scope, to: scope.isInScope }
          : null,
  };
}
