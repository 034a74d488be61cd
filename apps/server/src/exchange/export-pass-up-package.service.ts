import { FILING_FORMAT, FILING_FORMAT_VERSION, type FilingDocument, type FilingValues } from '@zhibao/survey';
import type { PassUpPayload } from '@zhibao/contracts';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import { listCountedFilings } from '../aggregation/aggregation.repository.ts';
import type { AppContext } from '../app-context.ts';
import { AppError, notFound } from '../http/app-error.ts';
import { findRegion } from '../region/region.repository.ts';
import { findTaskInReach } from '../review/region-submission.service.ts';
import { findRegionSubmissionById } from '../review/review.repository.ts';
import { formatPeriodLabel } from '../task/period.ts';
import { signPassUpPackage } from './pass-up-package.ts';

/**
 * 导出上报包: a region's standing pass-up as a package signed with this instance's key, for another instance —
 * the 汇总表 and the snapshot as sent and, when asked (the receiver may hold them), the filings it counted in the
 * filing interchange format. A pass-up re-opened or returned since is not what the region stands by: refused.
 */
export async function exportPassUpPackage(
  ctx: AppContext,
  actor: Actor,
  submissionId: string,
  options: { withFilings: boolean },
): Promise<{ fileName: string; content: Buffer }> {
  const admin = authorizeActor(actor, 'exchange.export');
  const passUp = await findRegionSubmissionById(ctx.db, submissionId);
  // A missing pass-up answers as one out of reach does.
  if (!passUp) throw notFound('地区');
  authorize(admin, 'exchange.export', { code: passUp.region_code });
  const task = await findTaskInReach(ctx, admin, passUp.task_id);
  const signing = ctx.config.exchange.signing;
  if (!signing) {
    throw new AppError(
      'EXCHANGE_UNAVAILABLE',
      '本系统未配置上报包签名密钥（EXCHANGE_SIGNING_KEY），暂时不能导出上报包，请联系系统管理员',
    );
  }
  if (passUp.status !== 'submitted') {
    throw new AppError(
      'PASS_UP_NOT_CURRENT',
      passUp.status === 'reopened'
        ? '该地区的上报在上报后因下级变化已重新打开，须重新审核上报后才能导出上报包'
        : '该地区的上报已被退回，须重新上报后才能导出上报包',
    );
  }
  if (!passUp.summary_table || !passUp.snapshot) {
    throw new AppError('PASS_UP_NOT_CURRENT', '这次上报早于汇总表随上报保存，须重新上报后才能导出上报包');
  }
  const region = (await findRegion(ctx.db, passUp.region_code))!;
  const filings = options.withFilings
    ? await listCountedFilings(ctx.db, {
        taskId: task.id,
        regionPrefix: regionScopePrefix(region.code, region.level),
        level: passUp.level,
        includeSubmitted: false,
      })
    : null;
  const payload: PassUpPayload = {
    sender: { keyId: signing.keyId, name: ctx.config.exchange.instanceName },
    region: { code: region.code, name: region.name, level: region.level },
    task: { name: task.name, periodType: task.period_type, period: task.period, editionId: task.edition_id },
    passedUpAt: passUp.submitted_at.toISOString(),
    snapshot: passUp.snapshot,
    summaryTable: passUp.summary_table,
    filings:
      filings?.map((filing): FilingDocument => ({
        format: FILING_FORMAT,
        version: FILING_FORMAT_VERSION,
        edition: task.edition_id,
        periodType: task.period_type,
        period: task.period,
        enterprise: { uscc: filing.uscc, name: filing.enterprise_name, divisionCode: filing.region_code },
        forms: filing.cell_values as FilingValues,
      })) ?? null,
  };
  const periodLabel = formatPeriodLabel(task.period_type, task.period);
  return {
    fileName: `上报包-${region.name}-${periodLabel}.json`,
    content: Buffer.from(JSON.stringify(signPassUpPackage(payload, signing))),
  };
}
