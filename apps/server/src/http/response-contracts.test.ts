import {
  accountDocument,
  adminAccountView,
  adminOverview,
  adminTasks,
  aggregationReport,
  publicationReport,
  applicableTask,
  assignableRegion,
  auditEventView,
  bindingRequestView,
  bindingReview,
  bindingReviewItem,
  changeRequestView,
  changeRequestsInRegion,
  completenessReport,
  decidedFiling,
  directoryPage,
  enterpriseAccount,
  enterpriseDetail,
  enterpriseTask,
  filedReport,
  filingChangeRequests,
  filingHistory,
  filingView,
  identityProvidersAnswer,
  grantedRegionExtension,
  itemsOf,
  noticeList,
  outlierList,
  pageOf,
  profile,
  regionPassUpListSchema,
  reviewChains,
  reviewFilingDetail,
  reviewQueue,
  stopThresholdView,
  revisionComparison,
  savedDraft,
  sessionAnswer,
  taskApplicationView,
  trendPoint,
  verificationStatus,
} from '@zhibao/contracts';
import { createSampleFiling, getEdition } from '@zhibao/survey';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CellValues } from '../db/schema.ts';
import { publicFactsOf, requestBindingAs, verifiedNaturalPerson } from '../test/account-flows.ts';
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

/**
 * What the server answers is what @zhibao/contracts says it answers: each body parses with its schema, and parsing
 * drops nothing (a field the server sends and the contract does not name fails too). The compiler holds the
 * server's types to the contracts; this holds the JSON on the wire, dates and nulls included.
 */
function expectContract<Schema extends z.ZodType>(response: LightMyRequestResponse, schema: Schema) {
  expect(response.statusCode, response.body).toBeLessThan(300);
  const body: unknown = response.json();
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toEqual(body);
  return parsed.data as z.infer<Schema>;
}

const sample = (seed: number, monthIndex: number): CellValues =>
  createSampleFiling(getEdition(), { periodType: 'month', seed, scale: 1, monthIndex }) as CellValues;

describe.each(databaseKinds)('the answers of the API against their contracts on %s', (kind) => {
  let t: TestApp;
  let who: Record<'filer' | 'county' | 'ministry', SignedIn>;
  let enterpriseId: string;
  let submitted: { taskId: string; filingId: string };
  let locked: { filingId: string };
  let draftTaskId: string;
  let enterpriseFacts: { uscc: string; name: string };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    const enterprise = await createEnterprise(db, { regionCode: '440305', name: '南山契约测试软件有限公司' });
    enterpriseId = enterprise.id;
    enterpriseFacts = enterprise;
    const accounts = {
      filer: await createFiler(db, enterprise),
      county: await createAdmin(db, { adminLevel: 'county', regionCode: '440305' }),
      ministry: await createAdmin(db, { adminLevel: 'ministry', regionCode: '000000' }),
    };
    const userId = await userIdOf(db, accounts.filer.username);

    const march = await createTask(db, { period: '2026-03' });
    const marchFiling = await createFiling(db, {
      taskId: march.id,
      enterpriseId,
      status: 'submitted',
      pendingLevel: 'county',
      values: sample(7, 2),
      userId,
    });
    submitted = { taskId: march.id, filingId: marchFiling.id };

    const february = await createTask(db, { period: '2026-02' });
    const februaryFiling = await createFiling(db, {
      taskId: february.id,
      enterpriseId,
      status: 'approved',
      values: sample(5, 1),
      userId,
    });
    locked = { filingId: februaryFiling.id };

    draftTaskId = (await createTask(db, { period: '2026-04' })).id;
    who = await signInEach(t.app, accounts);

    const applied = await sendAs(
      t.app,
      who.filer,
      'POST',
      `/api/enterprise/filings/${locked.filingId}/change-requests`,
      {
        reason: '主营业务收入少填了一笔合同收入',
      },
    );
    expectContract(applied, changeRequestView);
  });
  afterAll(() => t.close());

  it('answers the enterprise with its session, tasks, filings, trend and history as contracted', async () => {
    const get = (url: string) => getAs(t.app, who.filer, url);
    expectContract(await get('/api/session'), sessionAnswer);
    // Its answers once a provider is configured are held by identity/identity.routes.test.ts.
    expectContract(await get('/api/identity/providers'), identityProvidersAnswer);

    const tasks = expectContract(await get('/api/enterprise/tasks'), itemsOf(enterpriseTask));
    expect(tasks.items.map((task) => task.status)).toEqual(
      expect.arrayContaining(['submitted', 'not_started']),
    );

    const filing = expectContract(await get(`/api/enterprise/tasks/${submitted.taskId}/filing`), filingView);
    expect(filing.filingId).toBe(submitted.filingId);
    expectContract(await get(`/api/enterprise/tasks/${draftTaskId}/filing`), filingView);
    expectContract(await get(`/api/enterprise/filings/${locked.filingId}`), filingView);

    const filed = expectContract(await get('/api/enterprise/filings'), itemsOf(filedReport));
    expect(filed.items).toHaveLength(2);
    const trend = expectContract(await get('/api/enterprise/filing-trend'), itemsOf(trendPoint));
    expect(trend.items.length).toBeGreaterThan(0);
    expectContract(await get('/api/enterprise/task-applications'), itemsOf(applicableTask));

    const history = expectContract(await get(`/api/filings/${submitted.filingId}/history`), filingHistory);
    expect(history.revisions).toHaveLength(1);
    const comparison = expectContract(
      await get(`/api/filings/${submitted.filingId}/revisions/compare?from=1&to=1`),
      revisionComparison,
    );
    expect(comparison.cells.length).toBeGreaterThan(0);
    const requests = expectContract(
      await get(`/api/filings/${locked.filingId}/change-requests`),
      filingChangeRequests,
    );
    expect(requests.items).toHaveLength(1);

    const saved = await sendAs(t.app, who.filer, 'PUT', `/api/enterprise/tasks/${draftTaskId}/filing`, {
      version: null,
      values: { monthly: { '2010': 120 } },
    });
    expectContract(saved, savedDraft);
  });

  it('answers the administrators with overview, directory, tasks, review, 催报, 汇总 and requests as contracted', async () => {
    const get = (as: SignedIn, url: string) => getAs(t.app, as, url);
    expectContract(await get(who.county, '/api/admin/overview'), adminOverview);

    const directory = expectContract(await get(who.county, '/api/admin/enterprises'), directoryPage);
    expect(directory.items.map((entry) => entry.id)).toContain(enterpriseId);
    expectContract(await get(who.county, `/api/admin/enterprises/${enterpriseId}`), enterpriseDetail);
    expectContract(await get(who.county, '/api/admin/tasks'), adminTasks);

    const queue = expectContract(
      await get(who.county, `/api/admin/review/queue?taskId=${submitted.taskId}&orderBy=score`),
      reviewQueue,
    );
    expect(queue.items.map((item) => item.filingId)).toEqual([submitted.filingId]);
    expect(queue.progress).toHaveLength(1);
    expectContract(
      await sendAs(t.app, who.county, 'PUT', '/api/admin/review/stop-threshold', { stopThreshold: 0.02 }),
      stopThresholdView,
    );
    const detail = expectContract(
      await get(who.county, `/api/admin/review/filings/${submitted.filingId}`),
      reviewFilingDetail,
    );
    expect(detail.forms.length).toBeGreaterThan(0);
    const approved = await sendAs(
      t.app,
      who.county,
      'POST',
      `/api/admin/review/filings/${submitted.filingId}/approve`,
      {
        explanationVerdicts: {},
      },
    );
    expect(expectContract(approved, decidedFiling).pendingLevel).toBe('city');
    expectContract(
      await get(who.county, `/api/admin/review/region-submissions?taskId=${submitted.taskId}`),
      regionPassUpListSchema,
    );

    const completeness = expectContract(
      await get(who.county, `/api/admin/completeness?taskId=${submitted.taskId}`),
      completenessReport,
    );
    expect(completeness.enterprises.length).toBeGreaterThan(0);
    const regionExtension = expectContract(
      await sendAs(t.app, who.county, 'POST', `/api/admin/tasks/${submitted.taskId}/region-extensions`, {
        regionCode: '440305',
        until: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        reason: '系统维护',
      }),
      grantedRegionExtension,
    );
    expect(regionExtension.skipped).toEqual([expect.objectContaining({ reason: 'submitted' })]);
    const aggregation = expectContract(
      await get(who.county, `/api/admin/aggregation?taskId=${submitted.taskId}&includeSubmitted=true`),
      aggregationReport,
    );
    expect(aggregation.indicators.length).toBeGreaterThan(0);
    expectContract(await get(who.county, `/api/admin/outliers?taskId=${submitted.taskId}`), outlierList);
    expectContract(
      await get(who.county, `/api/admin/review/filings/${submitted.filingId}/outliers`),
      outlierList,
    );
    const withEstimates = expectContract(
      await get(
        who.county,
        `/api/admin/aggregation?taskId=${submitted.taskId}&includeSubmitted=true&basis=with-estimates`,
      ),
      aggregationReport,
    );
    expect(withEstimates.estimation).not.toBeNull();
    const publication = expectContract(
      await get(who.county, `/api/admin/publication?taskId=${submitted.taskId}`),
      publicationReport,
    );
    expect(publication.columns.length).toBeGreaterThan(0);

    expectContract(await get(who.ministry, '/api/admin/review-chains'), reviewChains);
    const changeRequests = expectContract(
      await get(who.ministry, '/api/admin/change-requests?status=all'),
      changeRequestsInRegion,
    );
    expect(changeRequests.items).toHaveLength(1);
    expectContract(await get(who.county, '/api/admin/task-applications'), itemsOf(taskApplicationView));
  });

  it('answers accounts, 实名认证, binding and the audit trail as contracted', async () => {
    const requester = await verifiedNaturalPerson(t.app);
    expectContract(await getAs(t.app, requester, '/api/account/verification'), verificationStatus);
    expectContract(
      await requestBindingAs(t.app, requester, publicFactsOf(enterpriseFacts)),
      bindingRequestView,
    );
    expectContract(
      await getAs(t.app, requester, '/api/account/binding-request'),
      z.object({ request: bindingRequestView.nullable() }),
    );

    const queue = expectContract(
      await getAs(t.app, who.county, '/api/admin/binding-requests'),
      itemsOf(bindingReviewItem),
    );
    expect(queue.items).toHaveLength(1);
    expectContract(
      await getAs(t.app, who.county, `/api/admin/binding-requests/${queue.items[0]!.id}`),
      bindingReview,
    );

    expectContract(await getAs(t.app, who.filer, '/api/account/verification'), verificationStatus);
    expectContract(await getAs(t.app, who.filer, '/api/account/profile'), profile);
    expectContract(await getAs(t.app, who.filer, '/api/account/documents'), itemsOf(accountDocument));
    expectContract(await getAs(t.app, who.filer, '/api/enterprise/notices'), noticeList);
    await t.ctx.db
      .updateTable('users')
      .set({ is_enterprise_manager: true })
      .where('enterprise_id', '=', enterpriseId)
      .execute();
    const accounts = expectContract(
      await getAs(t.app, who.filer, '/api/account/enterprise-accounts'),
      itemsOf(enterpriseAccount),
    );
    expect(accounts.items.length).toBeGreaterThan(0);

    expectContract(await getAs(t.app, who.ministry, '/api/admin/accounts'), itemsOf(adminAccountView));
    expectContract(
      await getAs(t.app, who.ministry, '/api/admin/accounts/regions'),
      itemsOf(assignableRegion),
    );
    const audit = expectContract(
      await getAs(t.app, who.ministry, '/api/admin/audit-events'),
      pageOf(auditEventView),
    );
    expect(audit.items.length).toBeGreaterThan(0);
  });
});
