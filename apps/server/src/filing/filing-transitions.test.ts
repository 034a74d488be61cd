import { describe, expect, it } from 'vitest';
import type { AdminLevel } from '../db/schema.ts';
import {
  applyFilingCommand,
  describeFilingState,
  type FilingCommand,
  type FilingState,
} from './filing-transitions.ts';

const guangdong: AdminLevel[] = ['county', 'city', 'province', 'ministry'];
const chongqing: AdminLevel[] = ['county', 'city', 'ministry'];

const state = (
  status: FilingState['status'],
  pendingLevel: AdminLevel | null = null,
  hasReviewerActed = false,
): FilingState => ({
  status,
  pendingLevel,
  hasReviewerActed,
});

function run(start: FilingState, commands: FilingCommand[], chain = guangdong) {
  let current = start;
  for (const command of commands) {
    const result = applyFilingCommand(current, command, chain);
    if (!result.ok) return result;
    current = result.state;
  }
  return { ok: true as const, state: current };
}

describe('filing workflow', () => {
  it('goes from nothing to 审核通过 through every level of a province', () => {
    const result = run(state('not_started'), [
      { type: 'save' },
      { type: 'submit' },
      { type: 'approve', level: 'county' },
      { type: 'approve', level: 'city' },
      { type: 'approve', level: 'province' },
      { type: 'approve', level: 'ministry' },
    ]);
    expect(result).toEqual({ ok: true, state: state('approved', null, true) });
  });

  it('skips the province for a municipality such as 重庆', () => {
    const result = run(
      state('draft'),
      [{ type: 'submit' }, { type: 'approve', level: 'county' }, { type: 'approve', level: 'city' }],
      chongqing,
    );
    expect(result.ok && result.state.pendingLevel).toBe('ministry');
    expect(result.ok && describeFilingState(result.state)).toBe('已上报至部级');
  });

  it('names the first review level after 上报, as the enterprise sees it', () => {
    const result = applyFilingCommand(state('draft'), { type: 'submit' }, guangdong);
    expect(result.ok && describeFilingState(result.state)).toBe('已上报至区县');
  });

  it('allows 取消上报 only while no reviewer has acted', () => {
    expect(run(state('draft'), [{ type: 'submit' }, { type: 'cancel-submission' }])).toEqual({
      ok: true,
      state: state('draft'),
    });
    const afterApproval = run(state('draft'), [
      { type: 'submit' },
      { type: 'approve', level: 'county' },
      { type: 'cancel-submission' },
    ]);
    expect(afterApproval).toEqual({
      ok: false,
      code: 'FILING_REVIEW_STARTED',
      reason: '审核人员已处理该报表，不能取消上报；如需修改，请联系审核人员退回',
    });
  });

  it('lets a returned filing be edited and submitted again', () => {
    const result = run(state('draft'), [
      { type: 'submit' },
      { type: 'return', level: 'county' },
      { type: 'save' },
      { type: 'submit' },
    ]);
    expect(result).toEqual({ ok: true, state: state('submitted', 'county') });
  });

  it('refuses edits of a submitted or approved filing, and review by the wrong level', () => {
    expect(applyFilingCommand(state('submitted', 'county'), { type: 'save' }, guangdong)).toEqual({
      ok: false,
      code: 'FILING_ALREADY_SUBMITTED',
      reason: '报表已上报至区县，不能修改；如需修改，请先取消上报',
    });
    expect(applyFilingCommand(state('approved'), { type: 'save' }, guangdong).ok).toBe(false);
    expect(
      applyFilingCommand(state('submitted', 'county'), { type: 'approve', level: 'city' }, guangdong),
    ).toEqual({
      ok: false,
      code: 'REVIEW_OUT_OF_TURN',
      reason: '报表已上报至区县，不在本级审核',
    });
    expect(applyFilingCommand(state('not_started'), { type: 'submit' }, guangdong).ok).toBe(false);
  });

  it('locks a filing the last level approved: no command of the enterprise or of any reviewer applies', () => {
    const final = run(state('submitted', 'ministry', true), [{ type: 'approve', level: 'ministry' }]);
    expect(final).toEqual({ ok: true, state: state('approved', null, true) });
    const locked = state('approved', null, true);
    expect(applyFilingCommand(locked, { type: 'save' }, guangdong)).toEqual({
      ok: false,
      code: 'FILING_LOCKED',
      reason: '报表已审核通过并锁定，不能修改',
    });
    expect(applyFilingCommand(locked, { type: 'submit' }, guangdong)).toEqual({
      ok: false,
      code: 'FILING_LOCKED',
      reason: '报表已审核通过并锁定，不能再次上报',
    });
    expect(applyFilingCommand(locked, { type: 'cancel-submission' }, guangdong)).toEqual({
      ok: false,
      code: 'FILING_LOCKED',
      reason: '报表已审核通过并锁定，不能取消上报',
    });
    for (const level of guangdong) {
      expect(applyFilingCommand(locked, { type: 'approve', level }, guangdong).ok).toBe(false);
      expect(applyFilingCommand(locked, { type: 'return', level }, guangdong).ok).toBe(false);
    }
  });

  it('lets a level send a filing back to a lower review level, never up or sideways', () => {
    const atCity = state('submitted', 'city', true);
    expect(applyFilingCommand(atCity, { type: 'send-back', level: 'city', to: 'county' }, guangdong)).toEqual(
      {
        ok: true,
        state: state('submitted', 'county', true),
      },
    );
    expect(
      applyFilingCommand(atCity, { type: 'send-back', level: 'city', to: 'province' }, guangdong),
    ).toEqual({
      ok: false,
      code: 'REVIEW_LEVEL_NOT_BELOW',
      reason: '省级不是本级的下级审核层级',
    });
    expect(
      applyFilingCommand(
        state('submitted', 'ministry', true),
        { type: 'send-back', level: 'ministry', to: 'province' },
        chongqing,
      ),
    ).toEqual({ ok: false, code: 'REVIEW_LEVEL_NOT_BELOW', reason: '省级不是本级的下级审核层级' });
    expect(
      applyFilingCommand(state('approved'), { type: 'send-back', level: 'city', to: 'county' }, guangdong).ok,
    ).toBe(false);
  });

  it('reopens a locked filing only when the final level grants a change, then runs the whole chain again', () => {
    const locked = state('approved', null, true);
    expect(applyFilingCommand(locked, { type: 'reopen', level: 'province' }, guangdong)).toEqual({
      ok: false,
      code: 'REVIEW_OUT_OF_TURN',
      reason: '更正申请由终审的部级管理员处理',
    });
    const result = run(locked, [{ type: 'reopen', level: 'ministry' }, { type: 'save' }, { type: 'submit' }]);
    expect(result).toEqual({ ok: true, state: state('submitted', 'county') });
    expect(
      applyFilingCommand(state('submitted', 'city', true), { type: 'reopen', level: 'ministry' }, guangdong),
    ).toEqual({ ok: false, code: 'FILING_NOT_LOCKED', reason: '报表已上报至市级，未锁定，无需更正申请' });
    expect(applyFilingCommand(locked, { type: 'reopen', level: 'ministry' }, chongqing).ok).toBe(true);
  });

  it('extends a deadline on a filing not yet submitted, creating an empty draft for one not started', () => {
    expect(applyFilingCommand(state('not_started'), { type: 'extend' }, guangdong)).toEqual({
      ok: true,
      state: state('draft'),
    });
    expect(applyFilingCommand(state('returned', null, true), { type: 'extend' }, guangdong)).toEqual({
      ok: true,
      state: state('returned'),
    });
    for (const settled of [state('submitted', 'county'), state('approved', null, true)]) {
      expect(applyFilingCommand(settled, { type: 'extend' }, guangdong)).toEqual({
        ok: false,
        code: 'FILING_ALREADY_SUBMITTED',
        reason: '已上报该期报表，无需延期',
      });
    }
  });
});
