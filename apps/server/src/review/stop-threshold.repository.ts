import type { Database } from '../db/database.ts';

/** The stop threshold a region set, or null. */
export async function findStopThreshold(db: Database, regionCode: string): Promise<number | null> {
  const row = await db
    .selectFrom('editing_stop_thresholds')
    .select('stop_threshold')
    .where('region_code', '=', regionCode)
    .executeTakeFirst();
  return row ? Number(row.stop_threshold) : null;
}

export async function saveStopThreshold(
  db: Database,
  setting: { regionCode: string; stopThreshold: number; updatedBy: string },
): Promise<void> {
  await db
    .insertInto('editing_stop_thresholds')
    .values({
      region_code: setting.regionCode,
      stop_threshold: setting.stopThreshold,
      updated_by: setting.updatedBy,
    })
    .onConflict((conflict) =>
      conflict.column('region_code').doUpdateSet({
        stop_threshold: setting.stopThreshold,
        updated_by: setting.updatedBy,
        updated_at: new Date(),
      }),
    )
    .execute();
}
