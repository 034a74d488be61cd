import { adminLevelLabel } from '../region/admin-level.ts';
import type { FilingAction } from '@zhibao/contracts';
import type { AdminLevel, FilingStatus } from '../db/schema.ts';

/** Where a filing stands in its workflow: its status and, while submitted, the level now reviewing it. */
export interface FilingState {
  status: FilingStatus | 'not_started';
  pendingLevel: AdminLevel | null;
  /** Whether any reviewer has acted on the current submission (then 取消上报 is no longer allowed). */
  hasReviewerActed: boolean;
}

export type FilingCommand =
  | { type: 'save' }
  | { type: 'submit' }
  | { type: 'cancel-submission' }
  | { type: 'approve'; level: AdminLevel }
  | { type: 'return'; level: AdminLevel }
  /** A level above returns a filing to a lower review level (退回下级), e.g. when it returns a whole region. */
  | { type: 'send-back'; level: AdminLevel; to: AdminLevel }
  /** 同意更正申请: the level that gave final acceptance reopens the locked filing for the enterprise to change. */
  | { type: 'reopen'; level: AdminLevel }
  /** 延期: an administrator moves one enterprise's deadline; a filing not started yet becomes an empty draft. */
  | { type: 'extend' };

/**
 * Why the table refuses a command, as a stable code a client can act on (the web's i18n names it); the HTTP
 * status of each lives in the one code→status table (`http/app-error.ts`).
 */
export type FilingRefusalCode =
  | 'FILING_LOCKED'
  | 'FILING_NOT_STARTED'
  | 'FILING_ALREADY_SUBMITTED'
  | 'FILING_NOT_SUBMITTED'
  | 'FILING_NOT_LOCKED'
  | 'FILING_REVIEW_STARTED'
  | 'REVIEW_OUT_OF_TURN'
  | 'REVIEW_LEVEL_NOT_BELOW'
  | 'REVIEW_CHAIN_MISSING';

export type TransitionResult =
  { ok: true; state: FilingState } | { ok: false; code: FilingRefusalCode; reason: string };

/** The status name enterprises know: 未填报, 已保存, 已上报至县级 …, 已退回, 审核通过. */
export function describeFilingState(state: Pick<FilingState, 'status' | 'pendingLevel'>): string {
  switch (state.status) {
    case 'not_started':
      return '未填报';
    case 'draft':
      return '已保存';
    case 'submitted':
      return `已上报至${adminLevelLabel[state.pendingLevel ?? 'county']}`;
    case 'returned':
      return '已退回';
    case 'approved':
      return '审核通过';
  }
}

/**
 * The one transition table of the filing workflow. `chain` is the filing's review levels, lowest first
 * (e.g. county → city → province → ministry); a pure function, so every rule of the workflow is testable alone.
 */
export function applyFilingCommand(
  state: FilingState,
  command: FilingCommand,
  chain: readonly AdminLevel[],
): TransitionResult {
  const refuse = (code: FilingRefusalCode, reason: string): TransitionResult => ({ ok: false, code, reason });
  const to = (
    status: FilingStatus,
    pendingLevel: AdminLevel | null,
    hasReviewerActed = false,
  ): TransitionResult => ({
    ok: true,
    state: { status, pendingLevel, hasReviewerActed },
  });
  const current = describeFilingState(state);

  switch (command.type) {
    case 'save':
      if (state.status === 'not_started' || state.status === 'draft') return to('draft', null);
      if (state.status === 'returned') return to('returned', null);
      // Final acceptance locks the filing; 取消上报 no longer applies, so do not suggest it.
      if (state.status === 'approved') return refuse('FILING_LOCKED', '报表已审核通过并锁定，不能修改');
      return refuse('FILING_ALREADY_SUBMITTED', `报表${current}，不能修改；如需修改，请先取消上报`);

    case 'submit':
      if (state.status === 'not_started') return refuse('FILING_NOT_STARTED', '报表尚未填写，不能上报');
      if (state.status === 'approved') return refuse('FILING_LOCKED', '报表已审核通过并锁定，不能再次上报');
      if (state.status !== 'draft' && state.status !== 'returned')
        return refuse('FILING_ALREADY_SUBMITTED', `报表${current}，不能重复上报`);
      if (chain.length === 0) return refuse('REVIEW_CHAIN_MISSING', '该地区未配置审核层级，请联系管理员');
      return to('submitted', chain[0]!);

    case 'cancel-submission':
      if (state.status === 'approved') return refuse('FILING_LOCKED', '报表已审核通过并锁定，不能取消上报');
      if (state.status !== 'submitted') return refuse('FILING_NOT_SUBMITTED', `报表${current}，无需取消上报`);
      if (state.hasReviewerActed || state.pendingLevel !== chain[0]) {
        return refuse(
          'FILING_REVIEW_STARTED',
          '审核人员已处理该报表，不能取消上报；如需修改，请联系审核人员退回',
        );
      }
      return to('draft', null);

    case 'approve': {
      if (state.status !== 'submitted') return refuse('FILING_NOT_SUBMITTED', `报表${current}，不能审核`);
      if (state.pendingLevel !== command.level)
        return refuse('REVIEW_OUT_OF_TURN', `报表${current}，不在本级审核`);
      const next = chain[chain.indexOf(command.level) + 1];
      return next ? to('submitted', next, true) : to('approved', null, true);
    }

    case 'return':
      if (state.status !== 'submitted') return refuse('FILING_NOT_SUBMITTED', `报表${current}，不能退回`);
      if (state.pendingLevel !== command.level)
        return refuse('REVIEW_OUT_OF_TURN', `报表${current}，不在本级审核`);
      return to('returned', null, true);

    case 'send-back': {
      if (state.status !== 'submitted') return refuse('FILING_NOT_SUBMITTED', `报表${current}，不能退回下级`);
      if (state.pendingLevel !== command.level)
        return refuse('REVIEW_OUT_OF_TURN', `报表${current}，不在本级审核`);
      if (!chain.includes(command.to) || chain.indexOf(command.to) >= chain.indexOf(command.level)) {
        return refuse('REVIEW_LEVEL_NOT_BELOW', `${adminLevelLabel[command.to]}不是本级的下级审核层级`);
      }
      return to('submitted', command.to, true);
    }

    case 'reopen':
      if (state.status !== 'approved')
        return refuse('FILING_NOT_LOCKED', `报表${current}，未锁定，无需更正申请`);
      if (command.level !== chain.at(-1)) {
        return refuse(
          'REVIEW_OUT_OF_TURN',
          `更正申请由终审的${adminLevelLabel[chain.at(-1) ?? 'ministry']}管理员处理`,
        );
      }
      // Back to the enterprise as 已退回: it edits and submits again through the whole chain.
      return to('returned', null, true);

    case 'extend':
      if (state.status === 'submitted' || state.status === 'approved')
        return refuse('FILING_ALREADY_SUBMITTED', '已上报该期报表，无需延期');
      // The filing row carries the enterprise's own deadline, so one not started yet is created as an empty draft.
      return to(state.status === 'not_started' ? 'draft' : state.status, null);
  }
}

const enterpriseActions: readonly FilingAction[] = ['save', 'submit', 'cancel-submission'];

/**
 * The enterprise's commands the table allows in this state, in the open window (`isWindowOpen` false allows
 * none): what the filing screen and the task list offer, so a button never shows only to be refused.
 */
export function allowedFilingActions(
  state: FilingState,
  chain: readonly AdminLevel[],
  isWindowOpen: boolean,
): FilingAction[] {
  if (!isWindowOpen) return [];
  return enterpriseActions.filter((type) => applyFilingCommand(state, { type }, chain).ok);
}
