import type { StopThresholdView, UpdateStopThresholdInput } from '@zhibao/contracts';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { findRegion } from '../region/region.repository.ts';
import { findStopThreshold, saveStopThreshold } from './stop-threshold.repository.ts';

/** The largest error left in a region's total that selective editing accepts by default (SeleMix's t.sel). */
export const DEFAULT_STOP_THRESHOLD = 0.01;

/** The stop threshold of a region: its own setting, or the default. */
export async function stopThresholdOf(ctx: AppContext, regionCode: string): Promise<StopThresholdView> {
  const own = await findStopThreshold(ctx.db, regionCode);
  return { regionCode, stopThreshold: own ?? DEFAULT_STOP_THRESHOLD, isDefault: own === null };
}

/** 停审阈值: an administrator sets the stop threshold of a region within reach (its own by default). */
export async function updateStopThreshold(
  ctx: AppContext,
  actor: Actor,
  input: UpdateStopThresholdInput,
  requestId: string,
): Promise<StopThresholdView> {
  const admin = authorizeActor(actor, 'review.stop-threshold');
  const region = await findRegion(ctx.db, input.regionCode ?? admin.regionCode);
  authorize(admin, 'review.stop-threshold', region);
  const before = await stopThresholdOf(ctx, region.code);
  await ctx.db.transaction().execute(async (trx) => {
    await saveStopThreshold(trx, {
      regionCode: region.code,
      stopThreshold: input.stopThreshold,
      updatedBy: admin.userId,
    });
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'review.stop-threshold',
      subjectType: 'region',
      subjectId: region.code,
      regionCode: region.code,
      requestId,
      details: { from: before.stopThreshold, to: input.stopThreshold },
    });
  });
  return stopThresholdOf(ctx, region.code);
}
