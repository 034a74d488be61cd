import { passUpPackageSchema, type PassUpImportSummary, type PassUpPayload } from '@zhibao/contracts';
import { FilingFormatError, getEdition, parseFilingDocument, type SurveyEdition } from '@zhibao/survey';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import { indicatorValuesOf } from '../aggregation/aggregation-indicators.ts';
import { centsOf, fromCents } from '../aggregation/exact-sum.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import type { CellValues } from '../db/schema.ts';
import { AppError } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { findRegion } from '../region/region.repository.ts';
import { formatPeriodLabel } from '../task/period.ts';
import { lockReceivedPassUp, upsertReceivedPassUp } from './received-pass-up.repository.ts';
import { payloadDigest, verifyPassUpPackage } from './pass-up-package.ts';

const refusal = (name: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, [{ name, reason: message }]);

/**
 * 导入上报包: another instance's pass-up, taken in only when a sender this instance trusts signed it, its region
 * lies within the administrator's, its parts agree (the 汇总表's 合计 and, when it carries filings, their sums
 * equal the snapshot's totals) and this instance may hold what it carries. Kept once per sender, region and
 * period: the same package again changes nothing; a newer pass-up replaces the one held; an older one is refused.
 */
export async function importPassUpPackage(
  ctx: AppContext,
  actor: Actor,
  body: unknown,
  meta: RequestMeta,
): Promise<PassUpImportSummary> {
  const admin = authorizeActor(actor, 'exchange.import');
  const pkg = passUpPackageSchema.parse(body);
  const sender = verifyPassUpPackage(pkg, ctx.config.exchange.trustedSenders);
  const { payload } = pkg;
  const region = await findRegion(ctx.db, payload.region.code);
  if (!region) {
    throw refusal('payload.region.code', `本系统没有地区代码为 ${payload.region.code} 的地区，未导入`);
  }
  authorize(admin, 'exchange.import', region);
  let edition: SurveyEdition;
  try {
    edition = getEdition(payload.task.editionId);
  } catch {
    throw refusal('payload.task.editionId', `本系统没有调查制度版本「${payload.task.editionId}」，未导入`);
  }
  if (payload.filings !== null && !sender.mayHoldFilings) {
    throw refusal(
      'payload.filings',
      `上报包带有企业明细，而本系统未获准保存「${sender.name}」所辖企业的明细；请对方导出不含明细的上报包`,
    );
  }
  checkTableAgainstSnapshot(payload);
  if (payload.filings !== null)
    checkFilingsAgainstSnapshot(payload, edition, regionScopePrefix(region.code, region.level));

  const sha256 = payloadDigest(payload);
  const passedUpAt = new Date(payload.passedUpAt);
  const now = ctx.now();
  const { id, outcome } = await ctx.db.transaction().execute(async (trx) => {
    const origin = {
      senderKeyId: sender.keyId,
      regionCode: region.code,
      periodType: payload.task.periodType,
      period: payload.task.period,
    };
    const held = await lockReceivedPassUp(trx, origin);
    if (held?.package_sha256 === sha256) return { id: held.id, outcome: 'unchanged' as const };
    if (held && held.passed_up_at.getTime() > passedUpAt.getTime()) {
      throw new AppError(
        'PASS_UP_PACKAGE_OUTDATED',
        `本系统已有${region.name}更新的上报（${held.passed_up_at.toISOString()}），此上报包较旧，未导入`,
      );
    }
    const id = await upsertReceivedPassUp(trx, {
      ...origin,
      senderName: sender.name,
      regionName: region.name,
      taskName: payload.task.name,
      editionId: edition.id,
      passedUpAt,
      sha256,
      snapshot: payload.snapshot,
      summaryTable: payload.summaryTable,
      filings: payload.filings,
      receivedBy: admin.userId,
      now,
    });
    const outcome = held ? ('updated' as const) : ('created' as const);
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'exchange.import',
      subjectType: 'received-pass-up',
      subjectId: id,
      regionCode: region.code,
      requestId: meta.requestId,
      ip: meta.ip,
      details: {
        senderKeyId: sender.keyId,
        outcome,
        period: payload.task.period,
        filingCount: payload.filings?.length ?? 0,
        sha256,
      },
    });
    return { id, outcome };
  });

  const table = payload.summaryTable;
  const total = table.rows.find((row) => row.kind === 'total');
  return {
    id,
    outcome,
    senderName: sender.name,
    region: { code: region.code, name: region.name },
    taskName: payload.task.name,
    periodLabel: formatPeriodLabel(payload.task.periodType, payload.task.period),
    passedUpAt: passedUpAt.toISOString(),
    filingCount: payload.filings?.length ?? 0,
    tableFilingCount: total?.filingCount ?? null,
    totals: table.indicators.map((indicator, index) => ({
      id: indicator.id,
      name: `${indicator.label} ${indicator.name}`,
      value: total?.figures[index]?.current ?? null,
    })),
  };
}

const differs = (a: number | null | undefined, b: number | null | undefined) =>
  Math.abs((a ?? 0) - (b ?? 0)) >= 0.005;

/** The 汇总表's 合计 must be the snapshot's totals: a table edited after it was signed by its sender is refused. */
function checkTableAgainstSnapshot(payload: PassUpPayload) {
  const table = payload.summaryTable;
  const total = table.rows.find((row) => row.kind === 'total');
  if (!total) throw refusal('payload.summaryTable.rows', '上报包内的汇总表没有合计行，未导入');
  table.indicators.forEach((indicator, index) => {
    const inTable = total.figures[index]?.current ?? null;
    const inSnapshot = payload.snapshot.totals[indicator.id];
    if (differs(inTable, inSnapshot)) {
      throw refusal(
        `payload.summaryTable.rows.0.figures.${index}.current`,
        `上报包内汇总表的合计与上报快照不符：${indicator.name} 汇总表为 ${inTable ?? '空'}，快照为 ${inSnapshot ?? '空'}，未导入`,
      );
    }
  });
}

/**
 * Each filing must follow the interchange format, be of the package's period and region, and together they must
 * add up to the snapshot's totals, indicator by indicator.
 */
function checkFilingsAgainstSnapshot(payload: PassUpPayload, edition: SurveyEdition, regionPrefix: string) {
  const { periodType, period } = payload.task;
  const typedCents: Record<string, Record<string, number>> = {};
  payload.filings!.forEach((json, index) => {
    const at = `payload.filings.${index}`;
    let document;
    try {
      document = parseFilingDocument(json, edition).document;
    } catch (error) {
      if (!(error instanceof FilingFormatError)) throw error;
      const issue = error.issues[0]!;
      throw refusal(
        `${at}.${issue.path}`,
        `上报包第${index + 1}份企业报表格式有误（${issue.path}：${issue.message}），未导入`,
      );
    }
    const name = document.enterprise?.name ?? `第${index + 1}份`;
    if (document.periodType !== periodType || document.period !== period) {
      throw refusal(`${at}.period`, `上报包内${name}的报表不是本期（${period}）的报表，未导入`);
    }
    if (!document.enterprise?.divisionCode?.startsWith(regionPrefix)) {
      throw refusal(`${at}.enterprise.divisionCode`, `上报包内${name}不在${payload.region.name}，未导入`);
    }
    for (const [formId, cells] of Object.entries(document.forms)) {
      for (const [key, value] of Object.entries(cells ?? {})) {
        const cents = typeof value === 'number' ? centsOf(value) : null;
        if (cents === null) continue;
        const form = (typedCents[formId] ??= {});
        form[key] = (form[key] ?? 0) + cents;
      }
    }
  });
  const typed: CellValues = Object.fromEntries(
    Object.entries(typedCents).map(([formId, cells]) => [
      formId,
      Object.fromEntries(Object.entries(cells).map(([key, cents]) => [key, fromCents(cents)])),
    ]),
  );
  const sums = indicatorValuesOf({ edition_id: edition.id, period_type: periodType }, typed);
  for (const [id, inSnapshot] of Object.entries(payload.snapshot.totals)) {
    if (!differs(sums[id], inSnapshot)) continue;
    throw refusal(
      'payload.filings',
      `上报包内企业明细的合计与上报快照不符：指标 ${id} 明细合计为 ${sums[id] ?? '空'}，快照为 ${inSnapshot ?? '空'}，未导入`,
    );
  }
}
