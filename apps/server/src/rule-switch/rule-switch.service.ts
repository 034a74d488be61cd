import type { RuleSwitchDraft, RuleSwitchList } from '@zhibao/contracts';
import { checkRuleSwitchChanges, listEditions, type SurveyEdition } from '@zhibao/survey';
import { authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import { listRuleSwitchRecords } from './rule-switch.repository.ts';

/** 制度维护: every published switch package with who published it, when and why, newest first. */
export async function listRuleSwitches(ctx: AppContext, actor: Actor): Promise<RuleSwitchList> {
  authorizeActor(actor, 'rule-switch.list');
  const rows = await listRuleSwitchRecords(ctx.db);
  return {
    packages: rows.map((row) => ({
      version: row.version,
      editionId: row.edition_id,
      effectiveFrom: row.effective_from,
      changes: row.changes,
      reason: row.reason,
      publishedBy: row.published_by_name,
      publishedAt: row.published_at.toISOString(),
    })),
    switchVersion: rows[0]?.version ?? 0,
  };
}

/** The edition a draft names, with its changes checked against it; a clear refusal naming the change otherwise. */
export function checkedDraftEdition(draft: Pick<RuleSwitchDraft, 'editionId' | 'changes'>): SurveyEdition {
  const edition = listEditions().find((candidate) => candidate.id === draft.editionId);
  if (!edition) {
    throw new AppError('VALIDATION_FAILED', `没有调查制度版本“${draft.editionId}”`, [
      {
        name: 'editionId',
        reason: `可选: ${listEditions()
          .map((each) => each.id)
          .join('、')}`,
      },
    ]);
  }
  const problems = checkRuleSwitchChanges(edition, draft.changes);
  if (problems.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `规则开关包有误：${problems.join('；')}`,
      problems.map((reason) => ({ name: 'changes', reason })),
    );
  }
  return edition;
}
