import { describe, expect, it } from 'vitest';
import { auditActions, checkAuditDetails } from './audit-actions.ts';

describe('the closed list of audit actions', () => {
  it('names every status change of a filing', () => {
    for (const action of [
      'filing.save',
      'filing.submit',
      'filing.cancel-submission',
      'filing.approve',
      'filing.return',
      'filing.send-back',
      'filing.extend',
      'change-request.grant',
    ]) {
      expect(auditActions).toContain(action);
    }
  });

  it('accepts the details a 退回 records and refuses a key its schema does not know', () => {
    const details = {
      level: 'county' as const,
      from: { status: 'submitted' as const, pendingLevel: 'county' as const },
      to: { status: 'returned' as const, pendingLevel: null },
      reason: '营业收入填写有误',
      cellComments: [{ formId: 'monthly', key: '2020', comment: '请核对' }],
      explanationVerdicts: {},
    };
    expect(() => checkAuditDetails('filing.return', details)).not.toThrow();
    expect(() => checkAuditDetails('filing.return', { ...details, password: 'x' } as typeof details)).toThrow(
      /filing\.return/,
    );
    expect(() =>
      checkAuditDetails('filing.extend', { until: '2026-12-31T10:00:00.000Z', reason: '停电' } as never),
    ).toThrow(/filing\.extend/);
  });

  it('gives every action a details schema of its own: none takes a key it does not know', () => {
    const open = auditActions.filter((action) => {
      try {
        checkAuditDetails(action, { password: 'secret' } as never);
        return true;
      } catch {
        return false;
      }
    });
    expect(open).toEqual([]);
  });

  it('accepts what the account and directory modules record', () => {
    expect(() => checkAuditDetails('account.login', {})).not.toThrow();
    expect(() =>
      checkAuditDetails('account.login_failed', { username: 'zhangsan', reason: 'password' }),
    ).not.toThrow();
    expect(() =>
      checkAuditDetails('enterprise.update', { changes: { name: { from: '甲', to: '乙' } } }),
    ).not.toThrow();
    expect(() =>
      checkAuditDetails('task-application.apply', { taskId: 't', status: 'pending', isAutomatic: false }),
    ).not.toThrow();
  });
});
