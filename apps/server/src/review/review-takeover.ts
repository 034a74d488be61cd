import type { Database } from '../db/database.ts';
import type { AdminLevel } from '../db/schema.ts';
import { findRegionLineage } from '../region/region.repository.ts';
import { isLevelAbove } from './review-level.ts';
import { listTakeoversBy } from './region-workflow.repository.ts';
import type { Admin } from './review-scope.ts';

/**
 * The level an administrator decides a filing at: their own, or — when their region took over the review of the
 * region the filing waits in (代为审核) — the level it waits at, recorded as taken over by theirs.
 */
export async function actingLevelFor(
  db: Database,
  admin: Admin,
  row: { task_id: string; region_code: string; status: string; pending_level: AdminLevel | null },
): Promise<{ level: AdminLevel; takenOverBy?: AdminLevel }> {
  const waiting = row.status === 'submitted' ? row.pending_level : null;
  if (!waiting || !isLevelAbove(admin.adminLevel, waiting)) return { level: admin.adminLevel };
  const takeovers = await listTakeoversBy(db, admin.regionCode, row.task_id);
  if (takeovers.length === 0) return { level: admin.adminLevel };
  const lineage = await findRegionLineage(db, row.region_code);
  const isTakenOver = takeovers.some(
    (takeover) =>
      takeover.level === waiting && lineage.some((region) => region.code === takeover.region_code),
  );
  return isTakenOver ? { level: waiting, takenOverBy: admin.adminLevel } : { level: admin.adminLevel };
}
