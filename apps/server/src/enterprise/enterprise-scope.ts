import {
  decideScope,
  findScopeThresholds,
  getEdition,
  SCOPE_THRESHOLD_SETS,
  type ScopeFacts,
  type ScopeThresholds,
} from '@zhibao/survey';
import type { ScopeSettings } from '@zhibao/contracts';
import { authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { provinceCodeOf } from '../review/review-chain.ts';
import { findScopeSetting, upsertScopeSetting } from './enterprise.repository.ts';

/*
 * 纳统 (issue 17): the flag is derived from the scope thresholds a province runs, and only when the facts it
 * depends on change; an administrator may override it with a reason. An edit that leaves the facts alone (a new
 * 法定代表人), or facts too thin to decide (no 主营业务收入), keeps the flag as listed.
 */

/** The thresholds a province runs: those of the notice it chose, or the current edition's. */
export async function scopeThresholdsOf(db: Database, regionCode: string): Promise<ScopeThresholds> {
  const setting = await findScopeSetting(db, provinceCodeOf(regionCode));
  return (setting && findScopeThresholds(setting.scope_thresholds_id)) ?? getEdition().scopeThresholds;
}

export function scopeFactsOf(source: ScopeFacts): ScopeFacts {
  return {
    mainRevenue: source.mainRevenue,
    softwareRevenue: source.softwareRevenue,
    icDesignRevenue: source.icDesignRevenue,
    isSpecialActivity: source.isSpecialActivity,
  };
}

function haveFactsChanged(before: ScopeFacts, after: ScopeFacts): boolean {
  return JSON.stringify(scopeFactsOf(before)) !== JSON.stringify(scopeFactsOf(after));
}

export interface ScopeOutcome {
  isInScope: boolean;
  isOverridden: boolean;
  overrideReason: string | null;
  /** Why the flag is what it is: the override's reason, or the rule and the figures. */
  reason: string;
}

/**
 * The 纳统 flag after a change. `before` is the enterprise as listed (null for a new one); an override
 * (`override` not null) wins; `override` undefined keeps an existing override (the import has no such column).
 */
export function scopeAfterChange(
  before: (ScopeFacts & { isInScope: boolean; isOverridden: boolean; overrideReason: string | null }) | null,
  after: ScopeFacts,
  override: { value: boolean; reason: string } | null | undefined,
  thresholds: ScopeThresholds,
): ScopeOutcome {
  if (override) {
    return {
      isInScope: override.value,
      isOverridden: true,
      overrideReason: override.reason,
      reason: `管理员调整：${override.reason}`,
    };
  }
  if (override === undefined && before?.isOverridden) {
    return {
      isInScope: before.isInScope,
      isOverridden: true,
      overrideReason: before.overrideReason,
      reason: `管理员调整：${before.overrideReason ?? ''}`,
    };
  }
  const decision = decideScope(after, thresholds);
  if (before && !before.isOverridden && !haveFactsChanged(before, after)) {
    return {
      isInScope: before.isInScope,
      isOverridden: false,
      overrideReason: null,
      reason:
        decision.isInScope === before.isInScope
          ? decision.reason
          : `名录原值（判定依据未变）；${decision.reason}`,
    };
  }
  return {
    isInScope: decision.isInScope ?? before?.isInScope ?? false,
    isOverridden: false,
    overrideReason: null,
    reason: decision.isInScope === null && before ? `名录原值；${decision.reason}` : decision.reason,
  };
}

/** 纳统条件 of the administrator's province: the one in force and the notices to choose from. */
export async function getScopeSettings(ctx: AppContext, actor: Actor): Promise<ScopeSettings> {
  const admin = authorizeActor(actor, 'directory.read');
  const provinceCode = provinceCodeOf(admin.regionCode);
  const setting = await findScopeSetting(ctx.db, provinceCode);
  const active = await scopeThresholdsOf(ctx.db, admin.regionCode);
  return {
    provinceCode,
    activeId: active.id,
    isChosen: setting !== undefined,
    options: SCOPE_THRESHOLD_SETS.map((set) => ({ id: set.id, label: set.label, source: set.source })),
  };
}

/** A province chooses the thresholds of its notice; only its own administrators (or the ministry's) may. */
export async function chooseScopeThresholds(
  ctx: AppContext,
  actor: Actor,
  scopeThresholdsId: string,
  meta: RequestMeta,
): Promise<ScopeSettings> {
  const admin = authorizeActor(actor, 'directory.scope-thresholds');
  const chosen = findScopeThresholds(scopeThresholdsId);
  if (!chosen) {
    throw new AppError('VALIDATION_FAILED', '纳统条件不存在', [
      { name: 'scopeThresholdsId', reason: '请选择列出的纳统条件' },
    ]);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await upsertScopeSetting(trx, { provinceCode: admin.regionCode, id: chosen.id, userId: admin.userId });
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'directory.scope_thresholds',
      subjectType: 'region',
      subjectId: admin.regionCode,
      regionCode: admin.regionCode,
      requestId: meta.requestId,
      ip: meta.ip,
      details: { scopeThresholdsId: chosen.id },
    });
  });
  return getScopeSettings(ctx, actor);
}
