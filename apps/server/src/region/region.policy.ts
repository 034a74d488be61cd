import { isWithinRegion } from '../access/region-scope.ts';
import type { Actor } from '../access/actor.ts';
import { notFound } from '../http/app-error.ts';

/** A division an administrator asks about must lie inside their region; otherwise it "does not exist". */
export function assertAdminSeesRegion(admin: Actor, region: { code: string } | undefined): asserts region {
  if (!region || !isWithinRegion(admin.regionCode, admin.regionLevel, region.code)) throw notFound('地区');
}
