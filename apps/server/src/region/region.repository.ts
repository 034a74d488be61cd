import type { Database } from '../db/database.ts';
import type { RegionLevel } from '../db/schema.ts';

/** The division and its ancestors, nearest first (南山区, 深圳市, 广东省, 全国). */
export async function findRegionLineage(db: Database, code: string) {
  const lineage: Array<{ code: string; name: string; level: RegionLevel }> = [];
  let next: string | null = code;
  while (next) {
    const region = await db
      .selectFrom('regions')
      .select(['code', 'name', 'level', 'parent_code'])
      .where('code', '=', next)
      .executeTakeFirst();
    if (!region) break;
    lineage.push({ code: region.code, name: region.name, level: region.level });
    next = region.parent_code;
  }
  return lineage;
}

export function findRegion(db: Database, code: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** The divisions directly under a region, by code. */
export function listChildRegions(db: Database, code: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'level'])
    .where('parent_code', '=', code)
    .orderBy('code')
    .execute();
}
