import type { ReviewChainView } from '@zhibao/contracts';
import { authorize, authorizeActor, type AdminActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import type { AdminLevel } from '../db/schema.ts';
import { AppError, notFound, type InvalidParam } from '../http/app-error.ts';
import { adminLevelLabel, isMunicipality } from '../region/admin-level.ts';
import {
  countWaitingByProvinceAndLevel,
  listProvincesWithChains,
  forgetChainSettings,
  saveReviewChainConfig,
} from './review-chain.repository.ts';
import {
  defaultReviewChainLevels,
  defaultReviewDays,
  possibleChainLevels,
  provinceCodeOf,
  validateChainLevels,
  type ReviewChainSettings,
} from './review-chain.ts';
import type { UpdateReviewChainInput } from '@zhibao/contracts';

type Admin = AdminActor;

function isRequiredLevel(level: AdminLevel): boolean {
  return level === 'county' || level === 'ministry';
}

type ProvinceRow = Awaited<ReturnType<typeof listProvincesWithChains>>[number];

function settingsOf(row: ProvinceRow): ReviewChainSettings {
  return {
    levels: row.levels ?? defaultReviewChainLevels(row.province_code),
    delegates: row.delegates ?? {},
    reviewDays: row.review_days ?? {},
  };
}

function toView(
  admin: Admin,
  row: ProvinceRow,
  waiting: Awaited<ReturnType<typeof countWaitingByProvinceAndLevel>>,
): ReviewChainView {
  const settings = settingsOf(row);
  const prefix = row.province_code.slice(0, 2);
  return {
    provinceCode: row.province_code,
    provinceName: row.province_name,
    isMunicipality: isMunicipality(row.province_code),
    isDefault: row.updated_by_name === null,
    canEdit: admin.adminLevel === 'ministry',
    updatedAt: row.updated_by_name ? (row.updated_at?.toISOString() ?? null) : null,
    updatedBy: row.updated_by_name,
    levels: possibleChainLevels(row.province_code).map((level) => ({
      level,
      isEnabled: settings.levels.includes(level),
      isRequired: isRequiredLevel(level),
      delegatedTo: settings.delegates[level] ?? null,
      reviewDays: settings.reviewDays[level] ?? defaultReviewDays,
      waitingFilings: waiting
        .filter((count) => count.province_prefix === prefix && count.pending_level === level)
        .reduce((sum, count) => sum + count.count, 0),
    })),
  };
}

/** 审核层级设置: every province's chain for the ministry, the administrator's own province for the others. */
export async function listReviewChains(ctx: AppContext, actor: Actor): Promise<{ items: ReviewChainView[] }> {
  const admin = authorizeActor(actor, 'review-chain.list');
  const only = admin.adminLevel === 'ministry' ? undefined : provinceCodeOf(admin.regionCode);
  const [rows, waiting] = await Promise.all([
    listProvincesWithChains(ctx.db, only),
    countWaitingByProvinceAndLevel(ctx.db, only),
  ]);
  return { items: rows.map((row) => toView(admin, row, waiting)) };
}

/** One province's chain, level by level. */
export async function getReviewChain(
  ctx: AppContext,
  actor: Actor,
  provinceCode: string,
): Promise<ReviewChainView> {
  const admin = authorizeActor(actor, 'review-chain.read');
  authorize(admin, 'review-chain.read', { provinceCode });
  const [rows, waiting] = await Promise.all([
    listProvincesWithChains(ctx.db, provinceCode),
    countWaitingByProvinceAndLevel(ctx.db, provinceCode),
  ]);
  const row = rows[0];
  if (!row) throw notFound('审核层级设置');
  return toView(admin, row, waiting);
}

function checkLevels(provinceCode: string, input: UpdateReviewChainInput): InvalidParam[] {
  const possible = possibleChainLevels(provinceCode);
  if (input.levels.map((each) => each.level).join() !== possible.join()) {
    return [
      {
        name: 'levels',
        reason: `应依次设置${possible.map((level) => adminLevelLabel[level]).join(' → ')}各级`,
      },
    ];
  }
  const problems: InvalidParam[] = [];
  input.levels.forEach((each, index) => {
    if (isRequiredLevel(each.level) && !each.isEnabled) {
      problems.push({
        name: `levels.${index}.isEnabled`,
        reason: `${adminLevelLabel[each.level]}审核不能跳过：审核链须从区县开始、到部级结束`,
      });
    }
    if (each.level === 'ministry' && each.delegatedTo) {
      problems.push({ name: `levels.${index}.delegatedTo`, reason: '部级审核不能委托' });
    }
  });
  return problems;
}

/**
 * 修改审核层级: the ministry turns levels on or off, delegates a level to a park or an industry association and
 * sets each level's review days. A level with filings waiting at it cannot be skipped: they would be stranded.
 */
export async function updateReviewChain(
  ctx: AppContext,
  actor: Actor,
  provinceCode: string,
  input: UpdateReviewChainInput,
  requestId?: string,
): Promise<ReviewChainView> {
  const admin = authorizeActor(actor, 'review-chain.update');
  const before = await getReviewChain(ctx, admin, provinceCode);
  const problems = checkLevels(provinceCode, input);
  if (problems.length > 0)
    throw new AppError('VALIDATION_FAILED', '审核层级设置有误，请检查标出的项', problems);
  const settings: ReviewChainSettings = {
    levels: input.levels.filter((each) => each.isEnabled).map((each) => each.level),
    delegates: Object.fromEntries(
      input.levels
        .filter((each) => each.isEnabled && each.delegatedTo)
        .map((each) => [each.level, each.delegatedTo!]),
    ),
    reviewDays: Object.fromEntries(input.levels.map((each) => [each.level, each.reviewDays])),
  };
  const invalid = validateChainLevels(settings.levels);
  if (invalid) throw new AppError('VALIDATION_FAILED', invalid, [{ name: 'levels', reason: invalid }]);

  const stranded = before.levels
    .map((view, index) => ({ view, index }))
    .filter(({ view }) => view.waitingFilings > 0 && !settings.levels.includes(view.level));
  if (stranded.length > 0) {
    throw new AppError(
      'CONFLICT',
      stranded
        .map(
          ({ view }) =>
            `有${view.waitingFilings}份报表正在等待${adminLevelLabel[view.level]}审核，暂不能跳过${adminLevelLabel[view.level]}；请先审核完这些报表再调整`,
        )
        .join('；'),
      stranded.map(({ view, index }) => ({
        name: `levels.${index}.isEnabled`,
        reason: `${view.waitingFilings}份报表等待${adminLevelLabel[view.level]}审核`,
      })),
    );
  }

  await ctx.db.transaction().execute(async (trx) => {
    await saveReviewChainConfig(trx, { provinceCode, ...settings, updatedBy: admin.userId });
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'review-chain.update',
      subjectType: 'review-chain',
      subjectId: provinceCode,
      regionCode: provinceCode,
      requestId,
      details: {
        from: {
          levels: before.levels.filter((view) => view.isEnabled).map((view) => view.level),
          delegates: Object.fromEntries(
            before.levels.filter((view) => view.delegatedTo).map((view) => [view.level, view.delegatedTo]),
          ),
          reviewDays: Object.fromEntries(before.levels.map((view) => [view.level, view.reviewDays])),
        },
        to: settings,
      },
    });
  });
  // A request between the save and the commit may have kept the old settings again.
  forgetChainSettings(ctx.db, provinceCode);
  return getReviewChain(ctx, admin, provinceCode);
}
