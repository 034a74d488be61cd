import { isWithinRegion } from '../access/region-scope.ts';
import type { TaskWithOwnerRow } from './task.repository.ts';

/**
 * Whether an enterprise must file a task: the task's owner region contains it, and it is in the survey's
 * scope (纳统) for the annual report or a key enterprise (重点企业) for monthly reports.
 */
export function isEnterpriseObliged(
  task: Pick<TaskWithOwnerRow, 'period_type' | 'owner_region_code' | 'owner_region_level'>,
  enterprise: { regionCode: string; isInScope: boolean; isKeyEnterprise: boolean },
): boolean {
  if (!isWithinRegion(task.owner_region_code, task.owner_region_level, enterprise.regionCode)) return false;
  return task.period_type === 'year'
    ? enterprise.isInScope
    : enterprise.isInScope && enterprise.isKeyEnterprise;
}
