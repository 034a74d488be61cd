import { createSampleFiling, explanationKey, getEdition } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValues } from '../db/schema.ts';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  userIdOf,
} from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

const sample = (seed: number, withWarning = false): CellValues =>
  createSampleFiling(getEdition(), {
    periodType: 'month',
    seed,
    scale: 1,
    monthIndex: 3,
    ...(withWarning ? { withIssues: ['warning' as const] } : {}),
  }) as CellValues;

/**
 * Issue 17, finding 9 and item 7: approving a filing with serious warnings needed no decision on its 审核说明 and
 * the history showed none; bulk approval passed filings flagged 疑似代报; cell comments and verdicts were missing
 * from the history.
 */
describe.each(databaseKinds)('explicit review decisions on %s', (kind) => {
  let t: TestApp;
  let taskId: string;
  let county: SignedIn;
  let filerUserId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    taskId = (await createTask(t.ctx.db, { period: '2026-03' })).id;
    const admin = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    county = await signIn(t.app, admin.username, admin.password);
    const own = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山决定测试有限公司' });
    filerUserId = await userIdOf(t.ctx.db, (await createFiler(t.ctx.db, own)).username);
  });
  afterAll(() => t.close());

  async function submittedFiling(
    name: string,
    values: CellValues,
    explanations: Record<string, string> = {},
  ) {
    const enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305', name });
    const filing = await createFiling(t.ctx.db, {
      taskId,
      enterpriseId: enterprise.id,
      status: 'submitted',
      pendingLevel: 'county',
      values,
      userId: filerUserId,
    });
    if (Object.keys(explanations).length > 0) {
      await t.ctx.db
        .updateTable('filings')
        .set({ explanations: JSON.stringify(explanations) })
        .where('id', '=', filing.id)
        .execute();
    }
    return filing.id;
  }

  it('refuses to approve a filing with a serious warning until its 审核说明 is accepted, and records the verdict', async () => {
    const values = sample(11, true);
    const probe = await submittedFiling('南山警告探测有限公司', values);
    const findings = (await getAs(t.app, county, `/api/admin/review/filings/${probe}`)).json()
      .findings as Array<{
      ruleId: string;
      severity: string;
      message: string;
      cells: string[];
    }>;
    const warnings = findings.filter((finding) => finding.severity === 'warning');
    expect(warnings.length).toBeGreaterThan(0);
    const filingId = await submittedFiling(
      '南山严重警告软件有限公司',
      values,
      Object.fromEntries(
        warnings.map((warning) => [explanationKey(warning as never), '本月签订大额合同，情况属实']),
      ),
    );

    const undecided = await sendAs(
      t.app,
      county,
      'POST',
      `/api/admin/review/filings/${filingId}/approve`,
      {},
    );
    expect(undecided.statusCode).toBe(409);
    expect(undecided.json().code).toBe('REVIEW_EXPLANATION_UNDECIDED');
    expect(undecided.json().invalidParams).toEqual(
      [...new Set(warnings.map((warning) => warning.ruleId))].map((ruleId) => ({
        name: `explanationVerdicts.${ruleId}`,
        reason: '请判断是否接受该审核说明',
      })),
    );
    const still = (await getAs(t.app, county, `/api/admin/review/filings/${filingId}`)).json();
    expect(still.status).toBe('submitted');

    const verdicts = Object.fromEntries(warnings.map((warning) => [warning.ruleId, 'accepted']));
    const approved = await sendAs(t.app, county, 'POST', `/api/admin/review/filings/${filingId}/approve`, {
      explanationVerdicts: verdicts,
    });
    expect(approved.statusCode).toBe(200);
    const history = (await getAs(t.app, county, `/api/filings/${filingId}/history`)).json();
    const approval = history.items.find((entry: { action: string }) => entry.action === 'filing.approve');
    expect(approval.explanationVerdicts).toEqual(
      Object.keys(verdicts).map((ruleId) => ({ ruleId, verdict: 'accepted' })),
    );
  });

  it('shows a return’s cell comments in the history', async () => {
    const filingId = await submittedFiling('南山退回批注软件有限公司', sample(12));
    const returned = await sendAs(t.app, county, 'POST', `/api/admin/review/filings/${filingId}/return`, {
      reason: '请核实收入',
      cellComments: [{ formId: 'monthly', key: '2020', comment: '与上月相比增长过快' }],
    });
    expect(returned.statusCode).toBe(200);
    const history = (await getAs(t.app, county, `/api/filings/${filingId}/history`)).json();
    const entry = history.items.find((item: { action: string }) => item.action === 'filing.return');
    expect(entry.reason).toBe('请核实收入');
    expect(entry.cellComments).toEqual([
      expect.objectContaining({ formId: 'monthly', key: '2020', comment: '与上月相比增长过快' }),
    ]);
    expect(entry.cellComments[0].name).not.toBe('');
  });

  it('leaves filings flagged 疑似代报 out of bulk approval and says why', async () => {
    const twins = sample(13);
    const first = await submittedFiling('南山代报甲软件有限公司', twins);
    const second = await submittedFiling('南山代报乙软件有限公司', twins);
    const clean = await submittedFiling('南山批量干净软件有限公司', sample(14));
    const response = await sendAs(t.app, county, 'POST', '/api/admin/review/bulk-approve', {
      filingIds: [first, second, clean],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().approved).toEqual([clean]);
    expect(response.json().skipped).toEqual([
      {
        filingId: first,
        enterpriseName: '南山代报甲软件有限公司',
        reason: '有疑似代报提示，请逐份审核：与南山代报乙软件有限公司填报的数值完全相同，请核实是否代报',
      },
      {
        filingId: second,
        enterpriseName: '南山代报乙软件有限公司',
        reason: '有疑似代报提示，请逐份审核：与南山代报甲软件有限公司填报的数值完全相同，请核实是否代报',
      },
    ]);
  });
});
