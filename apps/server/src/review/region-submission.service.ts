import type { RegionSubmissionView, RegionSubmissions } from '@zhibao/contracts';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import type { AdminLevel } from '../db/schema.ts';
import { AppError } from '../http/app-error.ts';
import { findTaskWithOwnerRegion } from '../task/task.repository.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { findChainSettings } from './review-chain.repository.ts';
import { provinceCodeOf, reviewDeadlineOf } from './review-chain.ts';
import { isLevelAbove } from './review-level.ts';
import {
  countPendingByLevel,
  listRegionSubmissions as listRegionSubmissionRows,
  upsertRegionSubmission,
} from './review.repository.ts';
import { chainSettingsCache, type Admin } from './review-scope.ts';

const levelRank: Record<AdminLevel, number> = { county: 1, city: 2, province: 3, ministry: 4 };

/**
 * A task the administrator works on: one owned by a region that contains theirs (the ministry's, their
 * province's) or by a region inside theirs. Another city's task is "not found", its deadlines included.
 */
async function findTaskInReach(
  ctx: AppContext,
  admin: Admin,
  taskId: string,
  action: 'task.read' | 'region.pass-up',
) {
  const task = await findTaskWithOwnerRegion(ctx.db, taskId);
  authorize(admin, action, task);
  return task;
}

/** 上报: the administrator's review of the region is done; the level above sees the region as complete. */
export async function submitRegion(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  meta: RequestMeta,
): Promise<RegionSubmissionView> {
  const admin = authorizeActor(actor, 'region.pass-up');
  if (admin.adminLevel === 'ministry') throw new AppError('CONFLICT', '部级为最终审核层级，无需上报');
  const task = await findTaskInReach(ctx, admin, taskId, 'region.pass-up');
  const prefix = regionScopePrefix(admin.regionCode, admin.regionLevel);
  const pending = await countPendingByLevel(ctx.db, { taskId, regionPrefix: prefix });
  const waiting = pending
    .filter((row) => row.pending_level && levelRank[row.pending_level] <= levelRank[admin.adminLevel])
    .reduce((sum, row) => sum + Number(row.count), 0);
  if (waiting > 0) {
    throw new AppError('CONFLICT', `本地区还有${waiting}份报表待本级或下级审核，审核完成后才能上报`);
  }
  const now = ctx.now();
  const deadline = reviewDeadlineOf(
    { closesAt: task.closes_at, reviewDeadlines: task.review_deadlines },
    await findChainSettings(ctx.db, provinceCodeOf(admin.regionCode)),
    admin.adminLevel,
  );
  const isLate = deadline !== null && now.getTime() > deadline.getTime();
  await ctx.db.transaction().execute(async (trx) => {
    const { id } = await upsertRegionSubmission(trx, {
      taskId,
      regionCode: admin.regionCode,
      level: admin.adminLevel,
      submittedBy: admin.userId,
      now,
    });
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'region.submit',
      subjectType: 'region-submission',
      subjectId: id,
      regionCode: admin.regionCode,
      requestId: meta.requestId,
      ip: meta.ip,
      details: { taskId, level: admin.adminLevel, deadline: deadline?.toISOString() ?? null, isLate },
    });
  });
  const rows = await listRegionSubmissionRows(ctx.db, { taskId, regionPrefix: admin.regionCode });
  const view = await submissionViewer(ctx, task);
  return view(rows.find((row) => row.region_code === admin.regionCode)!);
}

type RegionSubmissionRow = Awaited<ReturnType<typeof listRegionSubmissionRows>>[number];

/** Presents pass-ups of a task, each judged against its level's review deadline in its province. */
async function submissionViewer(
  ctx: AppContext,
  task: { closes_at: Date; review_deadlines: Partial<Record<AdminLevel, string>> },
): Promise<(row: RegionSubmissionRow) => Promise<RegionSubmissionView>> {
  const settingsOf = chainSettingsCache(ctx);
  return async (row) => {
    const deadline = reviewDeadlineOf(
      { closesAt: task.closes_at, reviewDeadlines: task.review_deadlines },
      await settingsOf(row.region_code),
      row.level,
    );
    return {
      ...toSubmissionView(row),
      deadline: deadline?.toISOString() ?? null,
      isLate: deadline !== null && row.submitted_at.getTime() > deadline.getTime(),
    };
  };
}

function toSubmissionView(row: RegionSubmissionRow): Omit<RegionSubmissionView, 'deadline' | 'isLate'> {
  return {
    id: row.id,
    regionCode: row.region_code,
    regionName: row.region_name,
    level: row.level,
    status: row.status,
    submittedAt: row.submitted_at.toISOString(),
    submittedBy: row.submitted_by_name,
    returnReason: row.return_reason,
  };
}

/** The pass-up state of a task: the administrator's own region and the lower regions inside it. */
export async function listRegionSubmissions(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
): Promise<RegionSubmissions> {
  const admin = authorizeActor(actor, 'task.read');
  const prefix = regionScopePrefix(admin.regionCode, admin.regionLevel);
  const [rows, pending, task] = await Promise.all([
    listRegionSubmissionRows(ctx.db, { taskId, regionPrefix: prefix }),
    countPendingByLevel(ctx.db, { taskId, regionPrefix: prefix }),
    findTaskInReach(ctx, admin, taskId, 'task.read'),
  ]);
  const view = await submissionViewer(ctx, task);
  const own = rows.find((row) => row.region_code === admin.regionCode);
  const reviewDeadline =
    // The ministry's deadline differs by province; its queue rows carry each one.
    admin.adminLevel === 'ministry'
      ? null
      : reviewDeadlineOf(
          { closesAt: task.closes_at, reviewDeadlines: task.review_deadlines },
          await findChainSettings(ctx.db, provinceCodeOf(admin.regionCode)),
          admin.adminLevel,
        );
  return {
    reviewDeadline: reviewDeadline?.toISOString() ?? null,
    own: own ? await view(own) : null,
    lower: await Promise.all(
      rows
        .filter((row) => row.region_code !== admin.regionCode && isLevelAbove(admin.adminLevel, row.level))
        .map(view),
    ),
    waitingHere: pending
      .filter((row) => row.pending_level === admin.adminLevel)
      .reduce((sum, row) => sum + Number(row.count), 0),
  };
}
