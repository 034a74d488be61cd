import { identityProvidersAnswer, logOutAnswer } from '@zhibao/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validResidentId } from '../test/account-flows.ts';
import { startTestCasServer, type CasTestPerson, type TestCasServer } from '../test/cas-test-server.ts';
import { createEnterprise, createFiler } from '../test/factories.ts';
import { signedInFrom, signInAtProvider } from '../test/identity-round-trip.ts';
import { createTestApp, getAs, readSmsCode, sendAs, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { readServiceResponse } from './cas-client.ts';

const publicBaseUrl = 'http://zhibao.test';
const callbackPath = '/api/identity/cq-cas/callback';

describe.each(databaseKinds)('sign-in through a provincial CAS 3.0 platform on %s', (kind) => {
  let t: TestApp;
  let cas: TestCasServer;
  let enterprise: { id: string; uscc: string; name: string; region_code: string };
  let serial = 0;
  const person = (attributes: CasTestPerson['attributes']): CasTestPerson => {
    serial += 1;
    return { user: `${kind}-cas-user-${serial}`, attributes };
  };

  /** A new attempt in a browser: its state cookie and the state in the service URL Zhibao sent to /login. */
  async function startAttempt() {
    const start = await t.app.inject({ method: 'GET', url: '/api/identity/cq-cas/sign-in' });
    const login = new URL(String(start.headers.location));
    const service = new URL(login.searchParams.get('service')!);
    const state = service.searchParams.get('state')!;
    return { login, service, state, cookie: `zhibao_sign_in_state=${state}` };
  }

  async function refusals(): Promise<string[]> {
    const rows = await t.ctx.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'account.identity_sign_in_refused')
      .where('subject_id', '=', 'cq-cas')
      .execute();
    return rows.map((row) => (row.details as { reason: string }).reason);
  }

  beforeAll(async () => {
    cas = await startTestCasServer();
    t = await createTestApp(kind, { publicBaseUrl, identityProviders: [cas.settings] });
    enterprise = await createEnterprise(t.ctx.db, {
      regionCode: '500112',
      name: '重庆渝北单点登录软件有限公司',
    });
  });
  afterAll(async () => {
    await t.close();
    await cas.close();
  });

  it('offers the CAS platform on the login page and sends the browser to its /login with the service URL', async () => {
    const answer = await t.app.inject({ method: 'GET', url: '/api/identity/providers' });
    expect(identityProvidersAnswer.parse(answer.json())).toEqual({
      providers: [{ id: 'cq-cas', label: '重庆市统一身份认证平台' }],
    });
    const { login, service } = await startAttempt();
    expect(`${login.origin}${login.pathname}`).toBe(`${cas.settings.casUrl}/login`);
    expect(`${service.origin}${service.pathname}`).toBe(`${publicBaseUrl}${callbackPath}`);
  });

  it('binds a legal person the platform verified for a USCC to that enterprise, and signs them straight in afterwards', async () => {
    const legalPerson = person({
      name: '陈一',
      userType: '法人',
      creditCode: enterprise.uscc.toLowerCase(),
      orgName: enterprise.name,
      mobile: '+8613800138031',
    });
    const first = await signInAtProvider(t, cas, legalPerson);
    expect(first.callback.headers.location).toBe('/login/first-sign-in');
    const pending = await t.app.inject({
      method: 'GET',
      url: '/api/identity/first-sign-in',
      headers: { cookie: first.zhibao.header() },
    });
    expect(pending.json()).toMatchObject({
      providerLabel: '重庆市统一身份认证平台',
      name: '陈一',
      accountType: 'legal_person',
      uscc: enterprise.uscc,
      maskedMobile: '138****8031',
      enterprise: { name: enterprise.name, uscc: enterprise.uscc },
    });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/identity/first-sign-in/account',
      headers: { cookie: first.zhibao.header() },
      payload: { username: `chenyi_${kind}` },
    });
    expect(created.statusCode).toBe(200);
    expect(created.json().user).toMatchObject({
      displayName: '陈一',
      accountType: 'legal_person',
      isVerified: true,
      isEnterpriseManager: true,
      enterprise: { id: enterprise.id },
    });
    const who = signedInFrom(first, created);
    expect((await getAs(t.app, who, '/api/enterprise/tasks')).statusCode).toBe(200);

    const second = await signInAtProvider(t, cas, legalPerson);
    expect(second.callback.headers.location).toBe('/');
    const session = await getAs(t.app, signedInFrom(second), '/api/session');
    expect(session.json().user.username).toBe(`chenyi_${kind}`);
  });

  it('links an existing account on first sign-in only with its password and SMS code', async () => {
    const filer = await createFiler(t.ctx.db, enterprise);
    const natural = person({ name: '黄二', userType: '自然人', idCard: validResidentId });
    const trip = await signInAtProvider(t, cas, natural);
    const cookie = trip.zhibao.header();
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/identity/first-sign-in/link',
      headers: { cookie },
      payload: { username: filer.username, password: 'Wrong@2026pass', smsCode: '123456' },
    });
    expect(wrong.statusCode).toBe(401);
    await t.app.inject({
      method: 'POST',
      url: '/api/session/sms-code',
      payload: { username: filer.username, password: filer.password },
    });
    const smsCode = await readSmsCode(t.app, { username: filer.username });
    const linked = await t.app.inject({
      method: 'POST',
      url: '/api/identity/first-sign-in/link',
      headers: { cookie },
      payload: { username: filer.username, password: filer.password, smsCode },
    });
    expect(linked.statusCode).toBe(200);
    expect(linked.json().user).toMatchObject({
      username: filer.username,
      isVerified: true,
      displayName: '黄二',
    });

    const later = await signInAtProvider(t, cas, natural);
    expect(later.callback.headers.location).toBe('/');
    const session = await getAs(t.app, signedInFrom(later), '/api/session');
    expect(session.json().user.username).toBe(filer.username);
  });

  it('refuses a replayed ticket, even carried into a new attempt', async () => {
    const trip = await signInAtProvider(t, cas, person({ name: '林三' }));
    expect(trip.callback.headers.location).toBe('/login/first-sign-in');
    const ticket = new URL(trip.callbackPath, publicBaseUrl).searchParams.get('ticket')!;
    // The same answer again: its attempt is used up.
    const state = new URL(trip.callbackPath, publicBaseUrl).searchParams.get('state')!;
    const replayed = await t.app.inject({
      method: 'GET',
      url: trip.callbackPath,
      headers: { cookie: `zhibao_sign_in_state=${state}` },
    });
    expect(replayed.headers.location).toBe('/login?signIn=state');
    // The ticket in a fresh attempt: the CAS server validates a ticket once.
    const attempt = await startAttempt();
    const reused = await t.app.inject({
      method: 'GET',
      url: `${callbackPath}?state=${attempt.state}&ticket=${ticket}`,
      headers: { cookie: attempt.cookie },
    });
    expect(reused.headers.location).toBe('/login?signIn=token');
    expect(reused.headers['set-cookie']).not.toEqual(expect.stringContaining('zhibao_session='));
    expect((await refusals()).some((reason) => reason.includes('INVALID_TICKET'))).toBe(true);
  });

  it('refuses a ticket issued for another application, and one issued for another attempt’s service URL', async () => {
    const someone = person({ name: '郑四', userType: '自然人', idCard: validResidentId });
    const foreign = cas.ticketFor('https://other-app.example/cas/callback', someone);
    const attempt = await startAttempt();
    const answer = await t.app.inject({
      method: 'GET',
      url: `${callbackPath}?state=${attempt.state}&ticket=${foreign}`,
      headers: { cookie: attempt.cookie },
    });
    expect(answer.headers.location).toBe('/login?signIn=token');

    // Issued for attempt A's service URL (its state), brought back in attempt B.
    const attemptA = await startAttempt();
    const ticketOfA = cas.ticketFor(attemptA.service.toString(), someone);
    const attemptB = await startAttempt();
    const crossed = await t.app.inject({
      method: 'GET',
      url: `${callbackPath}?state=${attemptB.state}&ticket=${ticketOfA}`,
      headers: { cookie: attemptB.cookie },
    });
    expect(crossed.headers.location).toBe('/login?signIn=token');
    expect((await refusals()).filter((reason) => reason.includes('INVALID_SERVICE'))).toHaveLength(2);
    const linked = await t.ctx.db
      .selectFrom('external_identities')
      .select('subject')
      .where('subject', '=', someone.user)
      .execute();
    expect(linked).toEqual([]);
  });

  it('sends the browser to the CAS server’s logout on logout', async () => {
    const trip = await signInAtProvider(
      t,
      cas,
      person({ name: '吴五', userType: '自然人', idCard: validResidentId }),
    );
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/identity/first-sign-in/account',
      headers: { cookie: trip.zhibao.header() },
      payload: { username: `wuwu_${kind}` },
    });
    const who = signedInFrom(trip, created);
    const loggedOut = await sendAs(t.app, who, 'POST', '/api/identity/logout');
    const logout = new URL(logOutAnswer.parse(loggedOut.json()).endSessionUrl!);
    expect(`${logout.origin}${logout.pathname}`).toBe(`${cas.settings.casUrl}/logout`);
    expect(logout.searchParams.get('service')).toBe(`${publicBaseUrl}/login`);
    expect((await fetch(logout)).status).toBe(200);
    expect((await getAs(t.app, who, '/api/session')).statusCode).toBe(401);
  });
});

describe('reading a CAS 3.0 validation answer', () => {
  it('takes the first value of a many-valued attribute and the escaped text as written', () => {
    const answer = readServiceResponse(`<?xml version="1.0" encoding="UTF-8"?>
<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationSuccess>
    <cas:user>u-1</cas:user>
    <cas:attributes>
      <cas:name>A&amp;B 公司</cas:name>
      <cas:role>filer</cas:role>
      <cas:role>manager</cas:role>
      <cas:empty/>
    </cas:attributes>
  </cas:authenticationSuccess>
</cas:serviceResponse>`);
    expect(answer).toEqual({ subject: 'u-1', claims: { name: 'A&B 公司', role: 'filer' } });
  });

  it('refuses an answer that declares its own entities', () => {
    expect(() =>
      readServiceResponse(
        '<!DOCTYPE x [<!ENTITY e "boom">]><cas:serviceResponse xmlns:cas="x"><cas:authenticationSuccess><cas:user>&e;</cas:user></cas:authenticationSuccess></cas:serviceResponse>',
      ),
    ).toThrow(/document type/);
  });
});
