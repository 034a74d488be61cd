import { regionScopePrefix } from '../access/region-scope.ts';
import type { Database } from '../db/database.ts';
import type { RegionLevel } from '../db/schema.ts';
import type { TaskWithOwnerRow } from '../task/task.repository.ts';
import { listEnterpriseFilingFacts, type EnterpriseFilingFact } from './completeness.repository.ts';

/**
 * 应报 of record: the task's obligations (frozen at publication, joined later only by an administrator's decision —
 * task-obligation.repository.ts), or the enterprise has a filing of it (applied).
 */
export function isObligationOf(fact: EnterpriseFilingFact): boolean {
  return fact.filing_id !== null || fact.obliged_task_id !== null;
}

/** The obligations of a task in a region, each with the facts its completeness figures are counted from. */
export async function listRegionObligations(
  db: Database,
  task: TaskWithOwnerRow,
  region: { code: string; level: RegionLevel },
): Promise<EnterpriseFilingFact[]> {
  const facts = await listEnterpriseFilingFacts(db, {
    regionPrefix: regionScopePrefix(region.code, region.level),
    task,
  });
  return facts.filter(isObligationOf);
}
