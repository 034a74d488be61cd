import type { RegionPassUpView } from '@zhibao/contracts';
import { authorizeActor } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { insertAuditEvent } from '../../audit/audit-event.repository.ts';
import { buildSummaryTableOf } from '../../aggregation/official-summary.service.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import type { RequestMeta } from '../../http/request-meta.ts';
import { adminLevelOfRegion } from '../../region/admin-level.ts';
import { regionStateOf, snapshotOf } from '../region-pass-up.ts';
import {
  findTaskInReach,
  levelDeadlineOf,
  listRegionPassUps,
  regionInReach,
} from '../region-submission.service.ts';
import { findTakeover } from '../region-workflow.repository.ts';
import { upsertRegionSubmission } from '../review.repository.ts';
import { chainSettingsCache } from '../review-scope.ts';

/** How many outstanding obligations a refusal names in its message; the rest are in invalidParams. */
const namedInMessage = 5;

/**
 * 上报至上级: the region's review is done. Allowed only when every obligation of the task in the region passed
 * the review of its level or was excused (免报); the refusal names what is missing. The pass-up freezes the
 * figures and totals as passed (its snapshot, which the level above reviews). An upper level that took the
 * region's review over (代为审核) passes it up in its place (regionCode).
 */
export async function submitRegion(
  ctx: AppContext,
  actor: Actor,
  input: { taskId: string; regionCode?: string },
  meta: RequestMeta,
): Promise<RegionPassUpView> {
  const admin = authorizeActor(actor, 'region.pass-up');
  const task = await findTaskInReach(ctx, admin, input.taskId, 'region.pass-up');
  const region = await regionInReach(ctx, admin, input.regionCode);
  const isOwn = region.code === admin.regionCode;
  if (!isOwn) {
    const takeover = await findTakeover(ctx.db, { taskId: task.id, regionCode: region.code });
    if (takeover?.by_region_code !== admin.regionCode) throw notFound('代为审核的地区');
  }
  const level = adminLevelOfRegion(region);
  if (level === 'ministry') throw new AppError('CONFLICT', '部级为最终审核层级，无需上报');
  const deadline = await levelDeadlineOf(chainSettingsCache(ctx), task, region);
  const now = ctx.now();
  const isLate = deadline !== null && now.getTime() > deadline.getTime();
  await ctx.db.transaction().execute(async (trx) => {
    const state = await regionStateOf(trx, task, region);
    if (state.outstanding.length > 0) {
      const named = state.outstanding
        .slice(0, namedInMessage)
        .map((each) => `${each.name}（${each.statusLabel}）`)
        .join('、');
      const more = state.outstanding.length > namedInMessage ? '等' : '';
      throw new AppError(
        'PASS_UP_INCOMPLETE',
        `${region.name}还有${state.outstanding.length}家企业的报表未审核通过也未免报：${named}${more}。全部审核通过或免报后才能上报`,
        state.outstanding.map((each) => ({
          name: `enterprises.${each.enterpriseId}`,
          reason: `${each.regionName} ${each.name}：${each.statusLabel}`,
        })),
      );
    }
    // The 汇总表 as sent, read in the pass-up's own transaction (so its figures are the snapshot's), counted at the
    // region's level even when an upper level passes it up in its place.
    const summaryTable = await buildSummaryTableOf({ ...ctx, db: trx, replica: undefined }, admin, {
      taskId: task.id,
      regionCode: region.code,
      includeSubmitted: false,
      countedAt: level,
    });
    const { id } = await upsertRegionSubmission(trx, {
      taskId: task.id,
      regionCode: region.code,
      level,
      submittedBy: admin.userId,
      now,
      snapshot: snapshotOf(state, now),
      summaryTable,
      takenOverByRegionCode: isOwn ? null : admin.regionCode,
    });
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'region.submit',
      subjectType: 'region-submission',
      subjectId: id,
      regionCode: region.code,
      requestId: meta.requestId,
      ip: meta.ip,
      details: {
        taskId: task.id,
        level,
        deadline: deadline?.toISOString() ?? null,
        isLate,
        figures: state.figures,
        ...(isOwn ? {} : { takenOverBy: admin.adminLevel }),
      },
    });
  });
  const list = await listRegionPassUps(ctx, admin, { taskId: task.id, regionCode: region.code });
  return list.own!;
}
