import type { Database } from '../db/database.ts';
import type { AdminLevel } from '../db/schema.ts';
import { findRegionLineage } from '../region/region.repository.ts';
import { chainForLineage, defaultReviewChainLevels, provinceCodeOf } from './review-chain.ts';

export function findReviewChainConfig(db: Database, provinceCode: string) {
  return db
    .selectFrom('review_chains')
    .select(['province_code', 'levels', 'delegates'])
    .where('province_code', '=', provinceCode)
    .executeTakeFirst();
}

export function listReviewChainConfigs(db: Database) {
  return db
    .selectFrom('review_chains')
    .innerJoin('regions', 'regions.code', 'review_chains.province_code')
    .select([
      'review_chains.province_code',
      'regions.name',
      'review_chains.levels',
      'review_chains.delegates',
    ])
    .orderBy('review_chains.province_code')
    .execute();
}

export async function saveReviewChainConfig(
  db: Database,
  config: { provinceCode: string; levels: AdminLevel[]; delegates: Partial<Record<AdminLevel, string>> },
) {
  await db
    .insertInto('review_chains')
    .values({
      province_code: config.provinceCode,
      levels: JSON.stringify(config.levels),
      delegates: JSON.stringify(config.delegates),
    })
    .onConflict((conflict) =>
      conflict.column('province_code').doUpdateSet({
        levels: JSON.stringify(config.levels),
        delegates: JSON.stringify(config.delegates),
        updated_at: new Date(),
      }),
    )
    .execute();
}

/**
 * The review chain of a filing from an enterprise in this division: the province's configured levels (its
 * default when none is stored) that exist above the division, with the bodies levels are delegated to.
 */
export async function findReviewChainOfRegion(
  db: Database,
  regionCode: string,
): Promise<{ levels: AdminLevel[]; delegates: Partial<Record<AdminLevel, string>> }> {
  const provinceCode = provinceCodeOf(regionCode);
  const [lineage, config] = await Promise.all([
    findRegionLineage(db, regionCode),
    findReviewChainConfig(db, provinceCode),
  ]);
  const configured = config?.levels ?? defaultReviewChainLevels(provinceCode);
  return { levels: chainForLineage(lineage, configured), delegates: config?.delegates ?? {} };
}
