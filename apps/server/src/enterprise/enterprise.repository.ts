import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

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
