import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  userIdOf,
} from '../../test/factories.ts';
import { createTestApp, sendAs, signInEach, type SignedIn, type TestApp } from '../../test/test-app.ts';
import { databaseKinds } from '../../test/test-database.ts';

// What issue 15 changed at the edges of the commands: refusals name their rule by code, with the statuses they
// had, and every command through the shared step records where it came from.
describe.each(databaseKinds)('filing commands through the shared step on %s', (kind) => {
  let t: TestApp;
  let openTaskId: string;
  let closedTaskId: string;
  let filerUserId: string;
  let enterprise: { id: string; region_code: string };
  let who: Record<'nanshan' | 'shenzhen' | 'filer', SignedIn>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    // Listed before the tasks were published: they are its 应报 of record.
    enterprise = await createEnterprise(db, { regionCode: '440305', name: '南山命令测试软件有限公司' });
    openTaskId = (await createTask(db, { period: '2026-05' })).id;
    closedTaskId = (
      await createTask(db, {
        period: '2026-06',
        opensAt: new Date(Date.now() - 20 * 86_400_000),
        closesAt: new Date(Date.now() - 86_400_000),
      })
    ).id;
    const accounts = {
      nanshan: await createAdmin(db, { adminLevel: 'county', regionCode: '440305' }),
      shenzhen: await createAdmin(db, { adminLevel: 'city', regionCode: '440300' }),
      filer: await createFiler(db, enterprise),
    };
    filerUserId = await userIdOf(db, accounts.filer.username);
    who = await signInEach(t.app, accounts);
  });
  afterAll(() => t.close());

  const auditOf = (filingId: string, action: string) =>
    t.ctx.db
      .selectFrom('audit_events')
      .select(['ip_address', 'request_id'])
      .where('subject_id', '=', filingId)
      .where('action', '=', action)
      .execute();

  it('records the reviewer’s address on a 退回 and names the rule that refuses the next decision', async () => {
    const other = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '南山退回记录有限公司' });
    const filing = await createFiling(t.ctx.db, {
      taskId: openTaskId,
      enterpriseId: other.id,
      status: 'submitted',
      pendingLevel: 'county',
      userId: filerUserId,
    });
    const url = `/api/admin/review/filings/${filing.id}`;

    const early = await sendAs(t.app, who.shenzhen, 'POST', `${url}/approve`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({
      code: 'REVIEW_OUT_OF_TURN',
      detail: '报表已上报至区县，不在本级审核',
    });

    const returned = await sendAs(t.app, who.nanshan, 'POST', `${url}/return`, { reason: '请核对营业收入' });
    expect(returned.statusCode).toBe(200);
    const [audit] = await auditOf(filing.id, 'filing.return');
    expect(audit?.ip_address).toBe('127.0.0.1');
    expect(audit?.request_id).toBeTruthy();

    const again = await sendAs(t.app, who.nanshan, 'POST', `${url}/return`, { reason: '再次退回' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'FILING_NOT_SUBMITTED', detail: '报表已退回，不能退回' });
  });

  it('refuses a save after the window closed as FILING_WINDOW_CLOSED, still 403', async () => {
    const response = await sendAs(t.app, who.filer, 'PUT', `/api/enterprise/tasks/${closedTaskId}/filing`, {
      version: null,
      values: {},
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('FILING_WINDOW_CLOSED');
  });

  it('extends a filing not started as the table’s draft, and refuses one already submitted by its code', async () => {
    const extension = { until: new Date(Date.now() + 5 * 86_400_000).toISOString(), reason: '系统故障' };
    const granted = await sendAs(t.app, who.nanshan, 'POST', `/api/admin/tasks/${closedTaskId}/extensions`, {
      enterpriseId: enterprise.id,
      ...extension,
    });
    expect(granted.statusCode).toBe(200);
    const { filingId } = granted.json<{ filingId: string }>();
    const row = await t.ctx.db
      .selectFrom('filings')
      .select(['status', 'deadline_extended_until'])
      .where('id', '=', filingId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');
    expect(row.deadline_extended_until?.toISOString()).toBe(extension.until);
    expect((await auditOf(filingId, 'filing.extend'))[0]?.ip_address).toBe('127.0.0.1');

    const submitter = await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '南山已报延期有限公司',
    });
    await createFiling(t.ctx.db, {
      taskId: closedTaskId,
      enterpriseId: submitter.id,
      status: 'submitted',
      userId: filerUserId,
    });
    const refused = await sendAs(t.app, who.nanshan, 'POST', `/api/admin/tasks/${closedTaskId}/extensions`, {
      enterpriseId: submitter.id,
      ...extension,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'FILING_ALREADY_SUBMITTED',
      detail: '南山已报延期有限公司已上报该期报表，无需延期',
    });
  });
});
