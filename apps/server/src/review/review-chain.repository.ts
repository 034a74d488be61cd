import { sql } from 'kysely';
import { databaseIdentityOf, type Database } from '../db/database.ts';
import { findRegionLineage } from '../region/region.repository.ts';
import {
  chainForLineage,
  defaultReviewChainLevels,
  provinceCodeOf,
  type ReviewChainSettings,
} from './review-chain.ts';

export function findReviewChainConfig(db: Database, provinceCode: string) {
  return db
    .selectFrom('review_chains')
    .select(['province_code', 'levels', 'delegates', 'review_days'])
    .where('province_code', '=', provinceCode)
    .executeTakeFirst();
}

/** Every province (and municipality) with its stored chain, if any, and who changed it last. */
export function listProvincesWithChains(db: Database, provinceCode?: string) {
  let query = db
    .selectFrom('regions')
    .leftJoin('review_chains', 'review_chains.province_code', 'regions.code')
    .leftJoin('users', 'users.id', 'review_chains.updated_by')
    .select([
      'regions.code as province_code',
      'regions.name as province_name',
      'review_chains.levels',
      'review_chains.delegates',
      'review_chains.review_days',
      'review_chains.updated_at',
      'users.display_name as updated_by_name',
    ])
    .where('regions.level', '=', 'province');
  if (provinceCode) query = query.where('regions.code', '=', provinceCode);
  return query.orderBy('regions.code').execute();
}

export async function saveReviewChainConfig(
  db: Database,
  config: ReviewChainSettings & { provinceCode: string; updatedBy: string | null },
) {
  const values = {
    levels: JSON.stringify(config.levels),
    delegates: JSON.stringify(config.delegates),
    review_days: JSON.stringify(config.reviewDays),
    updated_by: config.updatedBy,
  };
  await db
    .insertInto('review_chains')
    .values({ province_code: config.provinceCode, ...values })
    .onConflict((conflict) =>
      conflict.column('province_code').doUpdateSet({ ...values, updated_at: new Date() }),
    )
    .execute();
  forgetChainSettings(db, config.provinceCode);
}

/** Submitted filings still waiting at each level, per province (the first two digits of the division code). */
export function countWaitingByProvinceAndLevel(db: Database, provinceCode?: string) {
  let query = db
    .selectFrom('filings')
    .innerJoin('enterprises', 'enterprises.id', 'filings.enterprise_id')
    .select([
      sql<string>`substring(enterprises.region_code, 1, 2)`.as('province_prefix'),
      'filings.pending_level',
      sql<number>`count(*)::int`.as('count'),
    ])
    .where('filings.status', '=', 'submitted');
  if (provinceCode) query = query.where('enterprises.region_code', 'like', `${provinceCode.slice(0, 2)}%`);
  return query.groupBy([sql`substring(enterprises.region_code, 1, 2)`, 'filings.pending_level']).execute();
}

// Every load, save and submission needs its province's chain, which the ministry edits a few times a year:
// the settings are kept in process for a short while. An edit through this process forgets them at once
// (saveReviewChainConfig, and the chain service after its commit); another instance serving the same database
// sees the edit when its copy expires, so for up to this long it may still route a submission the old way.
export const chainSettingsTtlMs = 30_000;

const chainSettingsCache = new WeakMap<
  object,
  Map<string, { settings: Promise<ReviewChainSettings>; expiresAt: number }>
>();

function chainSettingsCacheOf(db: Database) {
  const identity = databaseIdentityOf(db);
  let cache = chainSettingsCache.get(identity);
  if (!cache) chainSettingsCache.set(identity, (cache = new Map()));
  return cache;
}

/** Forgets the kept settings of a province's chain, so that the next request reads the stored ones. */
export function forgetChainSettings(db: Database, provinceCode: string): void {
  chainSettingsCacheOf(db).delete(provinceCode);
}

/** The settings of a province's chain: the stored ones, or its default when none is stored. */
export function findChainSettings(db: Database, provinceCode: string): Promise<ReviewChainSettings> {
  const cache = chainSettingsCacheOf(db);
  const now = Date.now();
  const kept = cache.get(provinceCode);
  if (kept && kept.expiresAt > now) return kept.settings;
  const settings = readChainSettings(db, provinceCode);
  const entry = { settings, expiresAt: now + chainSettingsTtlMs };
  cache.set(provinceCode, entry);
  settings.catch(() => {
    if (cache.get(provinceCode) === entry) cache.delete(provinceCode);
  });
  return settings;
}

async function readChainSettings(db: Database, provinceCode: string): Promise<ReviewChainSettings> {
  const config = await findReviewChainConfig(db, provinceCode);
  return {
    levels: config?.levels ?? defaultReviewChainLevels(provinceCode),
    delegates: config?.delegates ?? {},
    reviewDays: config?.review_days ?? {},
  };
}

/**
 * The review chain of a filing from an enterprise in this division: the province's configured levels (its
 * default when none is stored) that exist above the division, with the bodies levels are delegated to.
 */
export async function findReviewChainOfRegion(
  db: Database,
  regionCode: string,
): Promise<ReviewChainSettings> {
  const provinceCode = provinceCodeOf(regionCode);
  const [lineage, settings] = await Promise.all([
    findRegionLineage(db, regionCode),
    findChainSettings(db, provinceCode),
  ]);
  return { ...settings, levels: chainForLineage(lineage, settings.levels) };
}
