import { editionForPeriod, getEdition } from '@zhibao/survey';
import { authorizeActor, can, type AdminActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import type { AdminLevel } from '../db/schema.ts';
import { AppError, type InvalidParam } from '../http/app-error.ts';
import { adminLevelLabel } from '../region/admin-level.ts';
import { findRegion } from '../region/region.repository.ts';

// What publishing a task and generating a year's tasks share: who may publish, and the checks of a task's settings.

export type Admin = AdminActor;

export function requirePublisher(actor: Actor): Admin {
  return authorizeActor(actor, 'task.publish');
}

export async function checkScope(ctx: AppContext, admin: Admin, codes: string[]): Promise<InvalidParam[]> {
  const problems: InvalidParam[] = [];
  for (const [index, code] of codes.entries()) {
    const region = await findRegion(ctx.db, code);
    if (!region || !can(admin, 'region.read', { code })) {
      problems.push({ name: `scopeRegionCodes.${index}`, reason: `地区代码 ${code} 不存在或不在本辖区内` });
    }
  }
  return problems;
}

export function resolveEdition(editionId: string | undefined, period: string): string {
  try {
    return editionId ? getEdition(editionId).id : editionForPeriod(period).id;
  } catch {
    throw new AppError('VALIDATION_FAILED', `调查制度版本“${editionId}”不存在`, [
      { name: 'editionId', reason: '调查制度版本不存在' },
    ]);
  }
}

export const levelOrder: AdminLevel[] = ['county', 'city', 'province', 'ministry'];

export function checkReviewDeadlines(
  closesAt: Date,
  deadlines: Partial<Record<AdminLevel, Date>>,
): InvalidParam[] {
  const problems: InvalidParam[] = [];
  let previous = closesAt;
  for (const level of levelOrder) {
    const deadline = deadlines[level];
    if (!deadline) continue;
    if (deadline < previous) {
      problems.push({
        name: `reviewDeadlines.${level}`,
        reason: `${adminLevelLabel[level]}审核截止时间应晚于企业填报截止时间和下级审核截止时间`,
      });
    }
    previous = deadline;
  }
  return problems;
}

/** The tag a task's name starts with: the publisher's level — 重庆 and the other municipalities publish as 市级. */
export function ownerTag(admin: Admin): string {
  return `[${adminLevelLabel[admin.adminLevel]}]`;
}

// China Standard Time has no daylight saving, so a fixed offset is exact.
export function chinaTime(year: number, month: number, day: number, time: string): Date {
  const pad = (value: number) => String(value).padStart(2, '0');
  return new Date(`${year}-${pad(month)}-${pad(day)}T${time}+08:00`);
}
