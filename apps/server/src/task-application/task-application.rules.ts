import type { RegionLevel } from '../db/schema.ts';

/**
 * Provincial and municipal tasks (省级/市级任务) are taken up by 填报任务申请; the ministry's tasks reach
 * the enterprises of the directory without one.
 */
export function isApplicationTask(task: { owner_region_level: RegionLevel }): boolean {
  return task.owner_region_level === 'province' || task.owner_region_level === 'city';
}
