import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { EnterpriseTable } from '../db/schema.ts';

/** One page of the enterprise directory of a region, by name, with the total for paging. */
export async function listEnterprisesInRegion(
  db: Database,
  options: { regionPrefix: string; keyword?: string; offset: number; limit: number },
) {
  let query = db
    .selectFrom('enterprises')
    .innerJoin('regions', 'regions.code', 'enterprises.region_code')
    .where('enterprises.region_code', 'like', `${options.regionPrefix}%`);
  if (options.keyword) {
    const pattern = `%${options.keyword.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('enterprises.name', 'like', pattern), eb('enterprises.uscc', 'like', pattern)]),
    );
  }
  const [rows, total] = await Promise.all([
    query
      .select([
        'enterprises.id',
        'enterprises.uscc',
        'enterprises.name',
        'enterprises.region_code',
        'regions.name as region_name',
        'enterprises.is_in_scope',
        'enterprises.is_key_enterprise',
        'enterprises.is_scope_overridden',
        'enterprises.industry_code',
        'enterprises.size_code',
      ])
      .orderBy('enterprises.region_code')
      .orderBy('enterprises.name')
      .offset(options.offset)
      .limit(options.limit)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.count };
}

const detailColumns = [
  'enterprises.id',
  'enterprises.uscc',
  'enterprises.name',
  'enterprises.region_code',
  'regions.name as region_name',
  'enterprises.legal_representative',
  'enterprises.industry_code',
  'enterprises.main_revenue',
  'enterprises.software_revenue',
  'enterprises.ic_design_revenue',
  'enterprises.is_special_activity',
  'enterprises.size_code',
  'enterprises.is_in_scope',
  'enterprises.is_scope_overridden',
  'enterprises.scope_override_reason',
  'enterprises.is_key_enterprise',
  'enterprises.has_ai_business',
] as const;

export function findEnterpriseById(db: Database, id: string) {
  return db
    .selectFrom('enterprises')
    .innerJoin('regions', 'regions.code', 'enterprises.region_code')
    .select(detailColumns)
    .where('enterprises.id', '=', id)
    .executeTakeFirst();
}

export type EnterpriseDetailRow = NonNullable<Awaited<ReturnType<typeof findEnterpriseById>>>;

export function findEnterprisesByUscc(db: Database, usccs: string[]) {
  if (usccs.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('enterprises')
    .select(['id', 'uscc', 'region_code'])
    .where('uscc', 'in', usccs)
    .execute();
}

export type EnterpriseColumns = Omit<
  EnterpriseTable,
  'id' | 'created_at' | 'is_special_activity' | 'is_scope_overridden'
> & {
  is_special_activity: boolean;
  is_scope_overridden: boolean;
};

export async function insertEnterprise(db: Database, values: EnterpriseColumns) {
  return db.insertInto('enterprises').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updateEnterprise(db: Database, id: string, values: EnterpriseColumns) {
  await db.updateTable('enterprises').set(values).where('id', '=', id).execute();
}

export function findRegionsByCodes(db: Database, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('regions').select(['code', 'name', 'level']).where('code', 'in', codes).execute();
}
