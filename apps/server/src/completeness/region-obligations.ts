import { regionScopePrefix } from '../access/region-scope.ts';
import type { Database } from '../db/database.ts';
import type { RegionLevel } from '../db/schema.ts';
import { isEnterpriseObliged } from '../task/task-obligation.ts';
import type { TaskWithOwnerRow } from '../task/task.repository.ts';
import { listEnterpriseFilingFacts, type EnterpriseFilingFact } from './completeness.repository.ts';

/** 应报: the task obliges the enterprise (task-obligation.ts), or the enterprise has a filing of it (applied). */
export function isObligationOf(task: TaskWithOwnerRow, fact: EnterpriseFilingFact): boolean {
  return (
    fact.filing_id !== null ||
    isEnterpriseObliged(task, {
      regionCode: fact.region_code,
      isInScope: fact.is_in_scope,
      isKeyEnterprise: fact.is_key_enterprise,
    })
  );
}

/** The obligations of a task in a region, each with the facts its completeness figures are counted from. */
export async function listRegionObligations(
  db: Database,
  task: TaskWithOwnerRow,
  region: { code: string; level: RegionLevel },
): Promise<EnterpriseFilingFact[]> {
  const facts = await listEnterpriseFilingFacts(db, {
    regionPrefix: regionScopePrefix(region.code, region.level),
    taskId: task.id,
    closesAt: task.closes_at,
  });
  return facts.filter((fact) => isObligationOf(task, fact));
}
