import type { RuleSwitchDraft, RuleSwitchList } from '@zhibao/contracts';
import { authorizeActor } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { insertAuditEvent } from '../../audit/audit-event.repository.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { AppError } from '../../http/app-error.ts';
import { insertRuleSwitchPackage } from '../rule-switch.repository.ts';
import { checkedDraftEdition, listRuleSwitches } from '../rule-switch.service.ts';

/**
 * 发布规则开关包: the ministry publishes a package of dated switches as the next version, with the audit row that
 * records who, when and why; audits of the periods it reaches use it from then on.
 */
export async function publishRuleSwitch(
  ctx: AppContext,
  actor: Actor,
  draft: RuleSwitchDraft,
  requestId: string,
): Promise<RuleSwitchList> {
  const admin = authorizeActor(actor, 'rule-switch.publish');
  checkedDraftEdition(draft);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const version = await insertRuleSwitchPackage(trx, { ...draft, publishedBy: admin.userId });
      await insertAuditEvent(trx, {
        actorUserId: admin.userId,
        action: 'rule-switch.publish',
        subjectType: 'rule-switch-package',
        subjectId: String(version),
        regionCode: admin.regionCode,
        requestId,
        details: {
          editionId: draft.editionId,
          effectiveFrom: draft.effectiveFrom,
          changes: draft.changes.length,
          reason: draft.reason,
        },
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('CONFLICT', '另一位管理员刚刚发布了规则开关包，请刷新后再发布');
  }
  return listRuleSwitches(ctx, actor);
}
