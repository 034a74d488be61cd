import type { RuleSwitchPackage } from '@zhibao/survey';
import type { Database } from '../db/database.ts';

/** Every published switch package, oldest first: what the engine applies (each audit reads them). */
export async function listRuleSwitchPackages(db: Database): Promise<RuleSwitchPackage[]> {
  const rows = await db
    .selectFrom('rule_switch_packages')
    .select(['version', 'edition_id', 'effective_from', 'changes'])
    .orderBy('version')
    .execute();
  return rows.map((row) => ({
    version: row.version,
    editionId: row.edition_id,
    effectiveFrom: row.effective_from,
    changes: row.changes,
  }));
}

/** The published packages with who published them, when and why, newest first (制度维护). */
export function listRuleSwitchRecords(db: Database) {
  return db
    .selectFrom('rule_switch_packages')
    .innerJoin('users', 'users.id', 'rule_switch_packages.published_by')
    .select([
      'rule_switch_packages.version',
      'rule_switch_packages.edition_id',
      'rule_switch_packages.effective_from',
      'rule_switch_packages.changes',
      'rule_switch_packages.reason',
      'rule_switch_packages.published_at',
      'users.display_name as published_by_name',
    ])
    .orderBy('rule_switch_packages.version', 'desc')
    .execute();
}

/** Adds a package as the next version; two publishing at once collide on the version (a unique violation). */
export async function insertRuleSwitchPackage(
  db: Database,
  draft: Omit<RuleSwitchPackage, 'version'> & { reason: string; publishedBy: string },
): Promise<number> {
  const latest = await db
    .selectFrom('rule_switch_packages')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  const version = Number(latest?.version ?? 0) + 1;
  await db
    .insertInto('rule_switch_packages')
    .values({
      version,
      edition_id: draft.editionId,
      effective_from: draft.effectiveFrom,
      changes: JSON.stringify(draft.changes),
      reason: draft.reason,
      published_by: draft.publishedBy,
    })
    .execute();
  return version;
}

/** The filings of a task with values, in a region (by code prefix), with their enterprise: what a trial audits. */
export function listTrialFilings(db: Database, taskId: string, regionPrefix: string, limit: number) {
  return db
    .selectFrom('filings')
    .innerJoin('enterprises', 'enterprises.id', 'filings.enterprise_id')
    .select([
      'filings.id',
      'filings.enterprise_id',
      'filings.cell_values',
      'enterprises.name as enterprise_name',
      'enterprises.region_code',
    ])
    .where('filings.task_id', '=', taskId)
    .where('enterprises.region_code', 'like', `${regionPrefix}%`)
    .orderBy('enterprises.region_code')
    .orderBy('filings.id')
    .limit(limit)
    .execute();
}
