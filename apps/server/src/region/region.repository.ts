import { sql } from 'kysely';
import { databaseIdentityOf, type Database } from '../db/database.ts';
import type { RegionLevel } from '../db/schema.ts';

type RegionLineage = Array<{ code: string; name: string; level: RegionLevel }>;

// Regions are reference data that never change while the server runs (they are seeded before it serves),
// and every load, save and submission asks for a lineage through its review chain: one query per database
// and division for the life of the process. Keyed per database so that tests' databases stay apart.
const lineageCache = new WeakMap<object, Map<string, Promise<RegionLineage>>>();

/** The division and its ancestors, nearest first (南山区, 深圳市, 广东省, 全国). */
export function findRegionLineage(db: Database, code: string): Promise<RegionLineage> {
  const identity = databaseIdentityOf(db);
  let cache = lineageCache.get(identity);
  if (!cache) lineageCache.set(identity, (cache = new Map()));
  const cached = cache.get(code);
  if (cached) return cached;
  const loading = queryRegionLineage(db, code);
  cache.set(code, loading);
  // Neither a failed query nor an unknown division (it may be seeded later) is remembered.
  loading.then(
    (rows) => rows.length === 0 && cache.delete(code),
    () => cache.delete(code),
  );
  return loading;
}

async function queryRegionLineage(db: Database, code: string): Promise<RegionLineage> {
  // One recursive query instead of one query per level.
  const { rows } = await sql<{ code: string; name: string; level: RegionLevel }>`
    with recursive lineage as (
      select code, name, level, parent_code, 0 as depth from regions where code = ${code}
      union all
      select region.code, region.name, region.level, region.parent_code, lineage.depth + 1
      from regions region join lineage on region.code = lineage.parent_code
    )
    select code, name, level from lineage order by depth`.execute(db);
  return rows;
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
