import { translateNotice, type MessageLanguage } from '../http/message-language.ts';
import {
  excusalReasonLabel,
  type ExcusalView,
  type RegionNotice,
  type RegionPassUpList,
  type RegionPassUpView,
  type TakeoverView,
} from '@zhibao/contracts';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { figuresOf } from '../completeness/completeness-figures.ts';
import { countObligationFacts } from '../completeness/completeness.repository.ts';
import type { RegionLevel } from '../db/schema.ts';
import { adminLevelOfRegion } from '../region/admin-level.ts';
import { findRegion, listChildRegions } from '../region/region.repository.ts';
import { findTaskWithOwnerRegion, type TaskWithOwnerRow } from '../task/task.repository.ts';
import { reviewDeadlineOf, type ReviewChainSettings } from './review-chain.ts';
import { isLevelAbove } from './review-level.ts';
import {
  countActiveAdmins,
  listExcusals,
  listRegionNotices,
  listTakeovers,
} from './region-workflow.repository.ts';
import {
  countPendingByLevel,
  listRegionSubmissions as listRegionSubmissionRows,
} from './review.repository.ts';
import { chainSettingsCache, type Admin } from './review-scope.ts';

/*
 * The pass-up list of a task (上报情况): a region's own pass-up and those of its direct children in the review
 * chain (a city's districts; a province's cities, or its districts when the province skips the city), each with
 * its live figures, the snapshot it passed, takeovers and excusals. A level sees its direct children only and
 * drills down (regionCode) for more.
 */

export interface RegionRef {
  code: string;
  name: string;
  level: RegionLevel;
}

/**
 * A task the administrator works on: one owned by a region that contains theirs (the ministry's, their
 * province's) or by a region inside theirs. Another city's task is "not found", its deadlines included.
 */
export async function findTaskInReach(
  ctx: AppContext,
  admin: Admin,
  taskId: string,
  action: 'task.read' | 'region.pass-up' | 'obligation.excuse' = 'task.read',
) {
  const task = await findTaskWithOwnerRegion(ctx.db, taskId);
  authorize(admin, action === 'obligation.excuse' ? 'task.read' : action, task);
  return task;
}

/** The administrator's own region, or a region inside it they drill into; others' "do not exist". */
export async function regionInReach(
  ctx: AppContext,
  admin: Admin,
  regionCode?: string,
  action: 'region.read' | 'region.take-over' | 'region.remind' = 'region.read',
): Promise<RegionRef> {
  const region = await findRegion(ctx.db, regionCode ?? admin.regionCode);
  authorize(admin, action, region);
  return region;
}

/**
 * The regions whose pass-ups go straight to `region` in the chain: its children that review, and for a child
 * whose level the province skips, that child's own such children.
 */
export async function chainChildrenOf(
  ctx: AppContext,
  settingsOf: (regionCode: string) => Promise<ReviewChainSettings>,
  region: { code: string },
): Promise<RegionRef[]> {
  const children: RegionRef[] = [];
  for (const child of await listChildRegions(ctx.db, region.code)) {
    const reviews = (await settingsOf(child.code)).levels.includes(adminLevelOfRegion(child));
    if (reviews) children.push(child);
    else if (child.level !== 'county') children.push(...(await chainChildrenOf(ctx, settingsOf, child)));
  }
  return children;
}

/** Whether `region` passes up straight to the administrator's region (a direct child in the chain). */
export async function isDirectChildInChain(
  ctx: AppContext,
  admin: Admin,
  region: RegionRef,
): Promise<boolean> {
  if (region.code === admin.regionCode) return false;
  const levels = (await chainSettingsCache(ctx)(region.code)).levels;
  const level = adminLevelOfRegion(region);
  return levels.includes(level) && levels[levels.indexOf(level) + 1] === admin.adminLevel;
}

/** A region's level deadline for the task in its province. */
export async function levelDeadlineOf(
  settingsOf: (regionCode: string) => Promise<ReviewChainSettings>,
  task: Pick<TaskWithOwnerRow, 'closes_at' | 'review_deadlines'>,
  region: RegionRef,
): Promise<Date | null> {
  return reviewDeadlineOf(
    { closesAt: task.closes_at, reviewDeadlines: task.review_deadlines },
    await settingsOf(region.code),
    adminLevelOfRegion(region),
  );
}

/** 上报情况: the pass-up of a region and of its direct children, with figures, snapshots, excusals, takeovers. */
export async function listRegionPassUps(
  ctx: AppContext,
  actor: Actor,
  query: { taskId: string; regionCode?: string },
): Promise<RegionPassUpList> {
  const admin = authorizeActor(actor, 'task.read');
  const region = await regionInReach(ctx, admin, query.regionCode);
  const task = await findTaskInReach(ctx, admin, query.taskId);
  const settingsOf = chainSettingsCache(ctx);
  const prefix = regionScopePrefix(region.code, region.level);
  const [children, rows, pending, obligations, excusals, takeovers] = await Promise.all([
    chainChildrenOf(ctx, settingsOf, region),
    listRegionSubmissionRows(ctx.db, { taskId: task.id, regionPrefix: prefix }),
    countPendingByLevel(ctx.db, { taskId: task.id, regionPrefix: prefix }),
    countObligationFacts(ctx.db, { regionPrefix: prefix, task }),
    listExcusals(ctx.db, { taskId: task.id, regionPrefix: prefix }),
    listTakeovers(ctx.db, { taskId: task.id, regionPrefix: prefix }),
  ]);
  const admins = await countActiveAdmins(ctx.db, [region.code, ...children.map((child) => child.code)]);
  const grandchildren = new Map(
    await Promise.all(
      children.map(
        async (child) => [child.code, (await chainChildrenOf(ctx, settingsOf, child)).length > 0] as const,
      ),
    ),
  );
  const now = ctx.now();

  const viewOf = async (each: RegionRef, isChild: boolean): Promise<RegionPassUpView> => {
    const row = rows.find((candidate) => candidate.region_code === each.code);
    const level = adminLevelOfRegion(each);
    const childPrefix = regionScopePrefix(each.code, each.level);
    const deadline = await levelDeadlineOf(settingsOf, task, each);
    const takeover = takeovers.find((candidate) => candidate.region_code === each.code);
    const hasActiveAdmin = (admins.get(each.code) ?? 0) > 0;
    const isPassedUp = row?.status === 'submitted';
    return {
      id: row?.id ?? null,
      regionCode: each.code,
      regionName: each.name,
      level,
      status: row?.status ?? 'not_submitted',
      submittedAt: row?.submitted_at.toISOString() ?? null,
      submittedBy: row?.submitted_by_name ?? null,
      returnReason: row?.status === 'returned' ? row.return_reason : null,
      deadline: deadline?.toISOString() ?? null,
      isLate: deadline !== null && (row ? row.submitted_at : now).getTime() > deadline.getTime(),
      figures: figuresOf(
        obligations.filter((row) => row.region_code.startsWith(childPrefix)),
        level,
      ),
      snapshot: row?.snapshot ?? null,
      reopenedAt: row?.status === 'reopened' ? (row.reopened_at?.toISOString() ?? null) : null,
      reopenDifference: row?.status === 'reopened' ? row.reopen_difference : null,
      takeover: takeover ? toTakeoverView(takeover) : null,
      hasActiveAdmin,
      canTakeOver:
        isChild &&
        !takeover &&
        !isPassedUp &&
        isLevelAbove(admin.adminLevel, level) &&
        (!hasActiveAdmin || (deadline !== null && deadline.getTime() < now.getTime())),
      hasChildren: grandchildren.get(each.code) ?? false,
    };
  };

  const childViews = await Promise.all(children.map((child) => viewOf(child, true)));
  return {
    region: { code: region.code, name: region.name, level: adminLevelOfRegion(region) },
    own: adminLevelOfRegion(region) === 'ministry' ? null : await viewOf(region, false),
    // Divisions with nothing to file and no pass-up are left out (a city lists only districts with 应报 or 待申请).
    children: childViews.filter(
      (view) => view.figures.expected > 0 || view.figures.awaitingApplication > 0 || view.id !== null,
    ),
    excusals: excusals.map(toExcusalView),
    waitingHere: pending
      .filter((row) => row.pending_level === admin.adminLevel)
      .reduce((sum, row) => sum + Number(row.count), 0),
    reviewDeadline:
      region.level === 'nation'
        ? null
        : ((await levelDeadlineOf(settingsOf, task, region))?.toISOString() ?? null),
  };
}

function toTakeoverView(row: Awaited<ReturnType<typeof listTakeovers>>[number]): TakeoverView {
  return {
    byRegionCode: row.by_region_code,
    byRegionName: row.by_region_name,
    byLevel: row.by_level,
    byUser: row.by_user_name,
    reason: row.reason,
    at: row.created_at.toISOString(),
  };
}

export function toExcusalView(row: Awaited<ReturnType<typeof listExcusals>>[number]): ExcusalView {
  return {
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    regionName: row.region_name,
    reason: row.reason,
    reasonLabel: excusalReasonLabel[row.reason],
    note: row.note,
    excusedBy: row.excused_by_name,
    excusedLevel: row.excused_level,
    excusedAt: row.created_at.toISOString(),
  };
}

/** The notices to the administrator's region (reminders and returns from above, re-opened pass-ups). */
export async function listMyRegionNotices(
  ctx: AppContext,
  actor: Actor,
  language: MessageLanguage = 'zh',
): Promise<{ items: RegionNotice[] }> {
  const admin = authorizeActor(actor, 'region-notice.read');
  const rows = await listRegionNotices(ctx.db, admin.regionCode, 50);
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: translateNotice(row.title, language),
      body: translateNotice(row.body, language),
      taskId: row.task_id,
      createdAt: row.created_at.toISOString(),
      isRead: row.read_at !== null,
    })),
  };
}
