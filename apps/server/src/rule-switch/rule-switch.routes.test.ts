import type { FilingView, RuleSwitchList, RuleSwitchTrialResult } from '@zhibao/contracts';
import { createSampleFiling, deriveComputedCells, getEdition } from '@zhibao/survey';
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
import { createTestApp, getAs, sendAs, signInEach, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

// The factories' tasks run the 2021 edition, which governs the annual reports 2021–2023.
const edition = getEdition('2021');
const values = createSampleFiling(edition, { periodType: 'year', seed: 7 }) as CellValues;
const derived = deriveComputedCells(edition, 'year', values);
const profitRate = ((derived.finance!.F55 as number) / 10 / (derived.business!.A10 as number)) * 100;
// A national average a tenth of the filing's rate puts it far outside W-MAN-03's band.
const lowAverage = Math.round(profitRate / 10);

const newAverage = {
  editionId: '2021',
  effectiveFrom: '2023-12',
  changes: [{ kind: 'parameter', name: 'nationalAverageProfitRate', value: lowAverage }],
  reason: '2023年全国软件业务利润率平均值更新',
};

describe.each(databaseKinds)('rule switches (制度维护) on %s', (kind) => {
  let t: TestApp;
  let who: Record<'miit' | 'yubei' | 'filer', SignedIn>;
  let older: { id: string };
  let newer: { id: string };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    const enterprise = await createEnterprise(db, { regionCode: '500112', name: '渝北开关测试软件有限公司' });
    const accounts = {
      miit: await createAdmin(db, { adminLevel: 'ministry', regionCode: '000000' }),
      yubei: await createAdmin(db, { adminLevel: 'county', regionCode: '500112' }),
      filer: await createFiler(db, enterprise),
    };
    const userId = await userIdOf(db, accounts.filer.username);
    older = await createTask(db, { periodType: 'year', period: '2022' });
    newer = await createTask(db, { periodType: 'year', period: '2023' });
    for (const task of [older, newer]) {
      await createFiling(db, { taskId: task.id, enterpriseId: enterprise.id, userId, values });
    }
    who = await signInEach(t.app, accounts);
  });
  afterAll(() => t.close());

  const filingOf = async (taskId: string) =>
    (await getAs(t.app, who.filer, `/api/enterprise/tasks/${taskId}/filing`)).json() as FilingView;
  const ruleIds = (view: FilingView) => view.findings.map((finding) => finding.ruleId);

  it('tries a parameter change on the filings of a task before it is published, changing nothing', async () => {
    const trial = await sendAs(t.app, who.miit, 'POST', '/api/admin/rule-switches/trial', {
      ...newAverage,
      taskId: newer.id,
      regionCode: '500112',
    });
    expect(trial.statusCode).toBe(200);
    const result = trial.json() as RuleSwitchTrialResult;
    expect(result).toMatchObject({ filingsTried: 1, isInForce: true, newlyFailing: 1, newlyPassing: 0 });
    expect(result.examples[0]!.enterpriseName).toBe('渝北开关测试软件有限公司');
    expect(result.examples[0]!.gained.map((finding) => finding.ruleId)).toEqual(['W-MAN-03']);
    expect(result.examples[0]!.gained[0]!.message).toContain(`偏离全国平均值${lowAverage}%`);
    // The older task's period is before the package's month: nothing would change there.
    const before = await sendAs(t.app, who.miit, 'POST', '/api/admin/rule-switches/trial', {
      ...newAverage,
      taskId: older.id,
    });
    expect(before.json()).toMatchObject({ filingsTried: 1, isInForce: false, changed: 0 });
    expect(ruleIds(await filingOf(newer.id))).toEqual([]);
  });

  it('refuses the trial and the publication to a county administrator and to an enterprise', async () => {
    for (const [path, body] of [
      ['/api/admin/rule-switches/trial', { ...newAverage, taskId: newer.id }],
      ['/api/admin/rule-switches', newAverage],
    ] as const) {
      const county = await sendAs(t.app, who.yubei, 'POST', path, body);
      expect(county.statusCode).toBe(403);
      expect(county.json().detail).toContain('由部级管理员试算和发布');
      expect((await sendAs(t.app, who.filer, 'POST', path, body)).statusCode).toBe(403);
    }
    expect((await getAs(t.app, who.filer, '/api/admin/rule-switches')).statusCode).toBe(403);
  });

  it('names an unknown rule of the package and refuses it', async () => {
    const response = await sendAs(t.app, who.miit, 'POST', '/api/admin/rule-switches', {
      ...newAverage,
      changes: [{ kind: 'rule-off', ruleId: 'W-NONE' }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toContain('2021版制度中没有审核规则“W-NONE”');
  });

  it('applies a published package from its period on, records who and why, and the version audits ran with', async () => {
    const submitted = await sendAs(
      t.app,
      who.filer,
      'POST',
      `/api/enterprise/tasks/${newer.id}/filing/submit`,
      {
        version: (await filingOf(newer.id)).version,
        values,
        explanations: {},
      },
    );
    expect(submitted.statusCode).toBe(200);
    const { filingId } = submitted.json() as FilingView;

    const published = await sendAs(t.app, who.miit, 'POST', '/api/admin/rule-switches', newAverage);
    expect(published.statusCode).toBe(200);
    const list = published.json() as RuleSwitchList;
    expect(list.switchVersion).toBe(1);
    expect(list.packages[0]).toMatchObject({
      version: 1,
      reason: newAverage.reason,
      effectiveFrom: '2023-12',
    });
    // Every administrator sees what was published.
    expect(
      ((await getAs(t.app, who.yubei, '/api/admin/rule-switches')).json() as RuleSwitchList).packages,
    ).toHaveLength(1);

    // A new audit of the period uses the new value.
    const newView = await filingOf(newer.id);
    expect(ruleIds(newView)).toEqual(['W-MAN-03']);
    expect(newView.findings[0]!.message).toContain(`偏离全国平均值${lowAverage}%`);
    expect(newView.ruleSet).toMatchObject({ editionId: '2021', switchVersion: 1 });
    expect(newView.ruleSet.packages.map((each) => each.version)).toEqual([1]);
    // The submission made before the package is shown as it was audited then: switch version 0, no finding.
    const asFiled = (
      await getAs(t.app, who.filer, `/api/enterprise/filings/${filingId}`)
    ).json() as FilingView;
    expect(asFiled.isAsFiled).toBe(true);
    expect(asFiled.ruleSet).toMatchObject({ editionId: '2021', switchVersion: 0, packages: [] });
    expect(ruleIds(asFiled)).toEqual([]);
    // An older period keeps its result; its rule set names no package in force.
    const oldView = await filingOf(older.id);
    expect(ruleIds(oldView)).toEqual([]);
    expect(oldView.ruleSet).toMatchObject({ switchVersion: 1, packages: [] });

    const events = await t.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('action', 'in', ['rule-switch.publish', 'filing.submit'])
      .orderBy('created_at')
      .execute();
    expect(events.map((event) => event.action)).toEqual(['filing.submit', 'rule-switch.publish']);
    expect(events[0]!.details).toMatchObject({ ruleSet: { editionId: '2021', switchVersion: 0 } });
    expect(events[1]!.details).toMatchObject({ reason: newAverage.reason, changes: 1 });
  });
});
