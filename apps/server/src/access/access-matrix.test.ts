import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  multipart,
  publicFactsOf,
  registerThroughApi,
  requestBindingAs,
  sampleFiles,
  verifiedLegalPerson,
  verifiedNaturalPerson,
} from '../test/account-flows.ts';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  userIdOf,
} from '../test/factories.ts';
import type { PolicyConsultation } from '../http/authentication.ts';
import { createTestApp, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

/**
 * The access matrix: every role × every registered API route (read from Fastify as routes are added,
 * so routes added later are covered) × the actor's own and a foreign resource. Where the policy says
 * "no access", the answer must not be a success, and no answer may carry a foreign enterprise's data.
 */

type Side = 'A' | 'B';

interface SideResources {
  enterpriseId: string;
  uscc: string;
  enterpriseName: string;
  filerUsername: string;
  filerUserId: string;
  secondFilerUserId: string;
  filingId: string;
  taskId: string;
  adminUserId: string;
  documentId: string;
  changeRequestId: string;
  /** A 自然人's request made with the enterprise's public facts (its manager decides). */
  outsiderRequestId: string;
  /** A 法人 claim on an enterprise that has a manager (an administrator of its region decides). */
  legalClaimRequestId: string;
  /** The 营业执照 scan the outsider brought with the request. */
  requestDocumentId: string;
}

interface MatrixActor {
  name: string;
  username: string;
  password: string;
  /** Whose resources are the actor's own; the ministry owns both, an unbound account neither. */
  own: Side[];
  /**
   * Sides whose public facts (USCC, name) the actor typed into its own binding request: seeing them again in
   * its own request's state is no leak, anything else of the enterprise is.
   */
  knowsPublicFactsOf?: Side[];
  who?: SignedIn;
}

describe.each(databaseKinds)('access matrix on %s', (kind) => {
  let t: TestApp;
  const sides = {} as Record<Side, SideResources>;
  const actors: MatrixActor[] = [];

  async function buildSide(
    side: Side,
    regionCode: string,
    countyAdminRegion: string,
    taskOwner: { region: string; level: 'province' | 'city' },
  ) {
    const enterprise = await createEnterprise(t.ctx.db, { regionCode, name: `矩阵${side}软件有限公司` });
    const filer = await createFiler(t.ctx.db, enterprise);
    const second = await createFiler(t.ctx.db, enterprise);
    const filerUserId = await userIdOf(t.ctx.db, filer.username);
    await t.ctx.db
      .updateTable('users')
      .set({ is_enterprise_manager: true })
      .where('id', '=', filerUserId)
      .execute();
    const nationTask = await createTask(t.ctx.db, { name: `矩阵任务${side}` });
    const filing = await createFiling(t.ctx.db, {
      taskId: nationTask.id,
      enterpriseId: enterprise.id,
      userId: filerUserId,
      status: 'submitted',
    });
    const regionalTask = await createTask(t.ctx.db, {
      ownerRegionCode: taskOwner.region,
      ownerLevel: taskOwner.level,
      name: `矩阵地方任务${side}`,
    });
    const admin = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: countyAdminRegion });
    const who = await signIn(t.app, filer.username, filer.password);
    const upload = multipart(
      { kind: 'identity_document' },
      { file: { fileName: 'id.pdf', content: sampleFiles.pdf } },
    );
    const document = await t.app.inject({
      method: 'POST',
      url: '/api/account/documents',
      payload: upload.payload,
      headers: { ...upload.headers, cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    });
    const changeRequest = await t.ctx.db
      .insertInto('change_requests')
      .values({
        filing_id: filing.id,
        reason: '矩阵更正申请',
        status: 'pending',
        deciding_level: 'ministry',
        requested_by: filerUserId,
        requested_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The binding flow: an outsider and a second 法人 ask with public facts; a filer is removed by the manager.
    const outsider = await verifiedNaturalPerson(t.app);
    const outsiderRequest = await requestBindingAs(t.app, outsider, publicFactsOf(enterprise));
    const legal = await verifiedLegalPerson(t.app, enterprise);
    const legalClaim = await requestBindingAs(t.app, legal, publicFactsOf(enterprise), { files: {} });
    const removed = await createFiler(t.ctx.db, enterprise);
    const removedId = await userIdOf(t.ctx.db, removed.username);
    const removal = await sendAs(t.app, who, 'DELETE', `/api/account/enterprise-accounts/${removedId}`);
    expect([outsiderRequest.statusCode, legalClaim.statusCode, removal.statusCode]).toEqual([201, 201, 204]);
    const [requestDocument] = (
      await t.app.inject({
        method: 'GET',
        url: '/api/account/binding-requests',
        headers: { cookie: who.cookie },
      })
    ).json().items[0].documents;
    sides[side] = {
      enterpriseId: enterprise.id,
      uscc: enterprise.uscc,
      enterpriseName: enterprise.name,
      filerUsername: filer.username,
      filerUserId,
      secondFilerUserId: await userIdOf(t.ctx.db, second.username),
      filingId: filing.id,
      taskId: regionalTask.id,
      adminUserId: await userIdOf(t.ctx.db, admin.username),
      documentId: document.json().id,
      changeRequestId: changeRequest.id,
      outsiderRequestId: outsiderRequest.json().id,
      legalClaimRequestId: legalClaim.json().id,
      requestDocumentId: requestDocument.id,
    };
    actors.push({ name: `filer ${side}`, ...filer, own: [side] });
    actors.push(
      { name: `outsider with public facts of ${side}`, ...outsider, own: [], knowsPublicFactsOf: [side] },
      { name: `second 法人 of ${side}`, ...legal, own: [], knowsPublicFactsOf: [side] },
      { name: `removed filer of ${side}`, ...removed, own: [] },
    );
  }

  // Every answered API request, with the action its route declared and the actions the policy was asked.
  const consultations: PolicyConsultation[] = [];

  beforeAll(async () => {
    t = await createTestApp(kind);
    t.app.policyObserver = (consultation) => consultations.push(consultation);
    await buildSide('A', '440305', '440306', { region: '440000', level: 'province' });
    await buildSide('B', '500112', '500103', { region: '500000', level: 'city' });
    const admins: Array<[string, 'county' | 'city' | 'province' | 'ministry', string, Side[]]> = [
      ['南山区 admin', 'county', '440305', ['A']],
      ['深圳市 admin', 'city', '440300', ['A']],
      ['广东省 admin', 'province', '440000', ['A']],
      ['渝北区 admin', 'county', '500112', ['B']],
      ['重庆市 admin', 'city', '500000', ['B']],
      ['部 admin', 'ministry', '000000', ['A', 'B']],
    ];
    for (const [name, adminLevel, regionCode, own] of admins) {
      actors.push({ name, ...(await createAdmin(t.ctx.db, { adminLevel, regionCode })), own });
    }
    const unbound = await registerThroughApi(t.app);
    actors.push({ name: 'unbound account', username: unbound.username, password: unbound.password, own: [] });
  });
  afterAll(() => t.close());

  const apiRoutes = () =>
    t.app.routeCatalog
      .filter((route) => route.url.startsWith('/api/'))
      .sort((a, b) => a.url.localeCompare(b.url));

  // Each route parameter names a kind of resource; unknown names get a random id (must not succeed either).
  function idsFor(param: string, side: Side, url: string): string[] {
    const resources = sides[side];
    switch (param) {
      case 'enterpriseId':
        return [resources.enterpriseId];
      case 'filingId':
        return [resources.filingId];
      case 'taskId':
        return [resources.taskId];
      case 'userId':
        return [resources.secondFilerUserId, resources.adminUserId];
      case 'documentId':
        // A request's scans belong to the requester (its own document list may show them); other routes
        // name the filer's own upload.
        return url.includes('binding-requests') ? [resources.requestDocumentId] : [resources.documentId];
      case 'requestId':
        return [resources.outsiderRequestId, resources.legalClaimRequestId];
      case 'changeRequestId':
        return [resources.changeRequestId];
      case 'provinceCode':
        return [side === 'A' ? '440000' : '500000'];
      default:
        return [randomUUID()];
    }
  }

  function fill(url: string, side: Side): string[] {
    const params = [...url.matchAll(/:(\w+)/g)].map((match) => match[1]!);
    let urls = [url];
    for (const param of params) {
      urls = urls.flatMap((partial) =>
        idsFor(param, side, url).map((id) => partial.replace(`:${param}`, id)),
      );
    }
    return urls;
  }

  async function ensureSignedIn(actor: MatrixActor): Promise<SignedIn> {
    if (actor.who) {
      const check = await t.app.inject({
        method: 'GET',
        url: '/api/session',
        headers: { cookie: actor.who.cookie },
      });
      if (check.statusCode === 200) return actor.who;
    }
    actor.who = await signIn(t.app, actor.username, actor.password);
    return actor.who;
  }

  async function call(actor: MatrixActor, method: string, url: string): Promise<LightMyRequestResponse> {
    const who = await ensureSignedIn(actor);
    return t.app.inject({
      method: method as 'GET',
      url,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken },
      ...(method === 'GET' ? {} : { payload: {} }),
    });
  }

  function foreignSecrets(actor: MatrixActor): string[] {
    return (['A', 'B'] as const)
      .filter((side) => !actor.own.includes(side))
      .flatMap((side) =>
        actor.knowsPublicFactsOf?.includes(side)
          ? [sides[side].filerUsername]
          : [sides[side].uscc, sides[side].enterpriseName, sides[side].filerUsername],
      );
  }

  it('enumerates the routes of every module', () => {
    const urls = apiRoutes().map((route) => route.url);
    expect(urls).toEqual(
      expect.arrayContaining([
        '/api/session',
        '/api/account/profile',
        '/api/admin/accounts',
        '/api/enterprise/tasks',
      ]),
    );
  });

  it('names a policy action on every non-public route', () => {
    const undeclared = apiRoutes()
      .filter((route) => !route.isPublic && route.policy === null)
      .map((route) => `${route.method} ${route.url}`);
    expect(undeclared).toEqual([]);
  });

  it('keeps requesters and removed filers out of the enterprise; requests reach their reviewers only', async () => {
    const named = (name: string) => actors.find((actor) => actor.name === name)!;
    for (const side of ['A', 'B'] as const) {
      for (const name of [
        `outsider with public facts of ${side}`,
        `second 法人 of ${side}`,
        `removed filer of ${side}`,
      ]) {
        const actor = named(name);
        for (const url of [
          '/api/enterprise/tasks',
          '/api/enterprise/filings',
          `/api/enterprise/filings/${sides[side].filingId}`,
          '/api/enterprise/filings/export.xlsx',
          `/api/enterprise/filings/${sides[side].filingId}/export.xlsx`,
          '/api/account/enterprise-accounts',
          '/api/account/binding-requests',
        ]) {
          const response = await call(actor, 'GET', url);
          expect(`${name} GET ${url} → ${response.statusCode}`).toMatch(/→ 4\d\d$/);
          expect(response.body).not.toContain(sides[side].filerUsername);
        }
        const session = (await call(actor, 'GET', '/api/session')).json();
        expect(session.user.enterprise).toBeNull();
      }
    }
    // The manager of A sees the outsider's request to A; the district of A and the levels above see the 法人
    // claim; the other region's administrators see neither.
    const managerA = named('filer A');
    const managerRequests = (await call(managerA, 'GET', '/api/account/binding-requests')).json().items;
    expect(managerRequests.map((item: { id: string }) => item.id)).toEqual([sides.A.outsiderRequestId]);
    const queueOf = async (name: string) =>
      (await call(named(name), 'GET', '/api/admin/binding-requests'))
        .json()
        .items.map((item: { id: string }) => item.id);
    for (const name of ['南山区 admin', '深圳市 admin', '广东省 admin']) {
      expect(await queueOf(name)).toEqual([sides.A.legalClaimRequestId]);
    }
    for (const name of ['渝北区 admin', '重庆市 admin']) {
      expect(await queueOf(name)).toEqual([sides.B.legalClaimRequestId]);
    }
    expect(await queueOf('部 admin')).toEqual(
      expect.arrayContaining([sides.A.legalClaimRequestId, sides.B.legalClaimRequestId]),
    );
  });

  it('answers 401 to an anonymous caller on every non-public route', async () => {
    const leaks: string[] = [];
    for (const route of apiRoutes().filter((candidate) => !candidate.isPublic)) {
      for (const url of fill(route.url, 'A')) {
        const response = await t.app.inject({
          method: route.method as 'GET',
          url,
          ...(route.method === 'GET' ? {} : { payload: {} }),
        });
        if (response.statusCode !== 401) leaks.push(`${route.method} ${url} → ${response.statusCode}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('finds no access to a foreign resource for any role on any route', async () => {
    const leaks: string[] = [];
    for (const actor of actors) {
      const foreignSides = (['A', 'B'] as const).filter((side) => !actor.own.includes(side));
      const secrets = foreignSecrets(actor);
      for (const route of apiRoutes()) {
        const hasParams = route.url.includes(':');
        const urls = hasParams ? foreignSides.flatMap((side) => fill(route.url, side)) : [route.url];
        for (const url of urls) {
          const response = await call(actor, route.method, url);
          const isSuccess = response.statusCode >= 200 && response.statusCode < 300;
          if (hasParams && isSuccess && !route.isPublic) {
            leaks.push(`${actor.name}: ${route.method} ${url} → ${response.statusCode}`);
          }
          const leaked = secrets.filter((secret) => response.body.includes(secret));
          if (leaked.length > 0)
            leaks.push(`${actor.name}: ${route.method} ${url} shows ${leaked.join(', ')}`);
          if (response.statusCode >= 500)
            leaks.push(`${actor.name}: ${route.method} ${url} → ${response.statusCode}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it("keeps the review queue and 上报 of another region's task from an administrator outside its reach", async () => {
    const leaks: string[] = [];
    const send = async (actor: MatrixActor, method: 'GET' | 'POST', url: string, payload?: object) => {
      const who = await ensureSignedIn(actor);
      return t.app.inject({
        method,
        url,
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken },
        ...(payload ? { payload } : {}),
      });
    };
    for (const actor of actors.filter((each) => each.name.endsWith('admin') && each.own.length === 1)) {
      const foreign = (['A', 'B'] as const).find((side) => !actor.own.includes(side))!;
      const taskId = sides[foreign].taskId;
      const secrets = foreignSecrets(actor);
      const answers = {
        deadlines: await send(actor, 'GET', `/api/admin/review/region-submissions?taskId=${taskId}`),
        passUp: await send(actor, 'POST', '/api/admin/review/region-submissions', { taskId }),
        queue: await send(actor, 'GET', `/api/admin/review/queue?taskId=${taskId}`),
      };
      for (const [name, answer] of Object.entries(answers)) {
        const expected = name === 'queue' ? 200 : 404;
        if (answer.statusCode !== expected) leaks.push(`${actor.name}: ${name} → ${answer.statusCode}`);
        if (answer.body.includes('reviewDeadline')) leaks.push(`${actor.name}: ${name} shows deadlines`);
        const leaked = secrets.filter((secret) => answer.body.includes(secret));
        if (leaked.length > 0) leaks.push(`${actor.name}: ${name} shows ${leaked.join(', ')}`);
      }
      if (answers.queue.statusCode === 200 && answers.queue.json().items.length > 0) {
        leaks.push(`${actor.name}: queue lists filings of a foreign task`);
      }
    }
    expect(leaks).toEqual([]);
    // Their own region's task stays theirs: the 南山区 administrator reads its pass-ups, and its pass-up is
    // judged rather than "not found" — accepted: the 地方 task is taken up by applying, and its enterprise, which
    // has not applied, is 待申请 rather than 应报 (issue 17), so nothing holds the district back.
    const nanshan = actors.find((actor) => actor.name === '南山区 admin')!;
    const own = await send(nanshan, 'GET', `/api/admin/review/region-submissions?taskId=${sides.A.taskId}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toHaveProperty('reviewDeadline');
    const passUp = await send(nanshan, 'POST', '/api/admin/review/region-submissions', {
      taskId: sides.A.taskId,
    });
    expect(passUp.statusCode, passUp.body).toBe(200);
    expect(passUp.json()).toMatchObject({
      status: 'submitted',
      figures: { expected: 0, awaitingApplication: 1 },
    });
  });

  it('serves own resources to their owner without errors', async () => {
    const failures: string[] = [];
    for (const actor of actors.filter((candidate) => candidate.own.length > 0)) {
      for (const route of apiRoutes().filter(
        (candidate) => candidate.method === 'GET' && candidate.url.includes(':'),
      )) {
        for (const url of fill(route.url, actor.own[0]!)) {
          const response = await call(actor, 'GET', url);
          if (response.statusCode >= 500) failures.push(`${actor.name}: GET ${url} → ${response.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The policy's "yes" cases, as a person would notice them.
    const filerA = actors.find((actor) => actor.name === 'filer A')!;
    expect((await call(filerA, 'GET', `/api/account/documents/${sides.A.documentId}`)).statusCode).toBe(200);
    expect((await call(filerA, 'GET', '/api/account/enterprise-accounts')).json().items).toHaveLength(2);
    const nanshan = actors.find((actor) => actor.name === '南山区 admin')!;
    expect((await call(nanshan, 'GET', `/api/admin/enterprises/${sides.A.enterpriseId}`)).statusCode).toBe(
      200,
    );
    const guangdong = actors.find((actor) => actor.name === '广东省 admin')!;
    const accounts = (await call(guangdong, 'GET', '/api/admin/accounts')).json().items;
    expect(accounts.map((account: { region: { code: string } }) => account.region.code)).toContain('440306');
    expect((await call(guangdong, 'GET', '/api/admin/review-chains/440000')).json().provinceName).toBe(
      '广东省',
    );
  });

  it("answers no request of a non-public route successfully without asking the policy for the route's action", () => {
    // Runs after the requests of every other test of the matrix (vitest runs a file's tests in order).
    expect(consultations.length).toBeGreaterThan(1000);
    const unchecked = consultations
      .filter((entry) => entry.statusCode < 400 && entry.declared !== null)
      .filter((entry) => !entry.consulted.includes(entry.declared!))
      .map(
        (entry) => `${entry.method} ${entry.url} → ${entry.statusCode} asked ${entry.consulted.join(', ')}`,
      );
    expect([...new Set(unchecked)]).toEqual([]);
  });
});
