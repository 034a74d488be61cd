import { isWithinRegion } from '../access/region-scope.ts';
import type { RegionLevel, TaskAudience } from '../db/schema.ts';

export interface ObligationTask {
  period_type: 'month' | 'year';
  owner_region_code: string;
  owner_region_level: RegionLevel;
  /** Absent on older selects: then the rule of the period type applies. */
  audience?: TaskAudience;
  /** Divisions the task covers; absent or empty means the owner's whole region. */
  scope_region_codes?: string[];
}

/** The divisions a code prefix of a scope entry covers: '440300' covers 深圳市 and its districts. */
function scopePrefixOf(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/**
 * Whether an enterprise must file a task: the task's owner region (and scope, when one is set) contains it, and
 * it is in the survey's scope (纳统) for the annual report or a key enterprise (重点企业) for monthly reports,
 * unless the task names its audience explicitly.
 */
export function isEnterpriseObliged(
  task: ObligationTask,
  enterprise: { regionCode: string; isInScope: boolean; isKeyEnterprise: boolean },
): boolean {
  if (!isWithinRegion(task.owner_region_code, task.owner_region_level, enterprise.regionCode)) return false;
  const scope = task.scope_region_codes ?? [];
  if (scope.length > 0 && !scope.some((code) => enterprise.regionCode.startsWith(scopePrefixOf(code)))) {
    return false;
  }
  const audience = task.audience ?? 'by-period';
  if (audience === 'in-scope') return enterprise.isInScope;
  if (audience === 'key-enterprises') return enterprise.isInScope && enterprise.isKeyEnterprise;
  return task.period_type === 'year'
    ? enterprise.isInScope
    : enterprise.isInScope && enterprise.isKeyEnterprise;
}
