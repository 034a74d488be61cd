import { firstSignInAnswer, identityProvidersAnswer, logOutAnswer, sessionAnswer } from '@zhibao/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validResidentId, validResidentId2 } from '../test/account-flows.ts';
import { createEnterprise, createFiler } from '../test/factories.ts';
import {
  startTestIdentityProvider,
  type TestIdentityProvider,
  type TestPerson,
} from '../test/oidc-test-provider.ts';
import { signedInFrom, signInAtProvider } from '../test/identity-round-trip.ts';
import { createTestApp, getAs, readSmsCode, sendAs, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

const publicBaseUrl = 'http://zhibao.test';

/** The answer's body, held to its contract in @zhibao/contracts (nothing more, nothing less). */
function contracted<Schema extends z.ZodType>(
  response: LightMyRequestResponse,
  schema: Schema,
): z.infer<Schema> {
  const body: unknown = response.json();
  expect(schema.parse(body)).toEqual(body);
  return body as z.infer<Schema>;
}

describe.each(databaseKinds)('sign-in through a government identity provider on %s', (kind) => {
  let t: TestApp;
  let idp: TestIdentityProvider;
  let enterprise: { id: string; uscc: string; name: string; region_code: string };
  let serial = 0;
  const person = (claims: Omit<TestPerson, 'sub'>): TestPerson => {
    serial += 1;
    return { sub: `${kind}-person-${serial}`, ...claims };
  };

  beforeAll(async () => {
    idp = await startTestIdentityProvider(publicBaseUrl);
    t = await createTestApp(kind, { publicBaseUrl, identityProviders: [idp.settings] });
    enterprise = await createEnterprise(t.ctx.db, {
      regionCode: '500112',
      name: '重庆渝北统一认证软件有限公司',
    });
  });
  afterAll(async () => {
    await t.close();
    await idp.close();
  });

  it('offers the configured provider on the login page', async () => {
    const answer = await t.app.inject({ method: 'GET', url: '/api/identity/providers' });
    expect(contracted(answer, identityProvidersAnswer)).toEqual({
      providers: [{ id: 'gov', label: '重庆市政务服务平台' }],
    });
  });

  it('creates a verified account on a natural person’s first sign-in, and signs them straight in afterwards', async () => {
    const zhang = person({
      name: '张三',
      phone_number: '13800138021',
      account_type: 'natural_person',
      id_number: validResidentId,
    });
    const first = await signInAtProvider(t, idp, zhang);
    expect(first.callback.statusCode).toBe(302);
    expect(first.callback.headers.location).toBe('/login/first-sign-in');

    const pending = await t.app.inject({
      method: 'GET',
      url: '/api/identity/first-sign-in',
      headers: { cookie: first.zhibao.header() },
    });
    expect(contracted(pending, firstSignInAnswer)).toEqual({
      providerLabel: '重庆市政务服务平台',
      name: '张三',
      accountType: 'natural_person',
      maskedIdNumber: '440305********1236',
      uscc: null,
      organizationName: null,
      maskedMobile: '138****8021',
      enterprise: null,
    });
    // What the provider verified waits sealed: neither number is stored in the clear.
    const { rows: waiting } = await sql<{ line: string }>`
      select f::text as line from external_first_sign_ins f`.execute(t.ctx.db);
    expect(waiting.length).toBeGreaterThan(0);
    expect(
      waiting.filter(({ line }) => line.includes(validResidentId) || line.includes('13800138021')),
    ).toEqual([]);
    // Nor is the provider's ID token, whose claims may carry them (base64url, readable by anyone): it is sealed.
    const readableJwt = /eyJ[\w-]+\.eyJ/;
    expect(waiting.filter(({ line }) => readableJwt.test(line))).toEqual([]);

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/identity/first-sign-in/account',
      headers: { cookie: first.zhibao.header() },
      payload: { username: `zhang_${kind}` },
    });
    expect(created.statusCode).toBe(200);
    // 实名认证 is the provider's: no form, no scans, confirmed.
    expect(contracted(created, sessionAnswer).user).toMatchObject({
      username: `zhang_${kind}`,
      displayName: '张三',
      accountType: 'natural_person',
      isVerified: true,
      enterprise: null,
      maskedMobile: '138****8021',
    });
    const who = signedInFrom(first, created);
    expect((await getAs(t.app, who, '/api/account/verification')).json()).toMatchObject({
      status: 'confirmed',
      realName: '张三',
    });
    // The first sign-in is used up: it cannot create a second account.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/identity/first-sign-in/account',
      headers: { cookie: first.zhibao.header() },
      payload: { username: `zhang_again_${kind}` },
    });
    expect(again.statusCode).toBe(404);

    const second = await signInAtProvider(t, idp, zhang);
    expect(second.callback.headers.location).toBe('/');
    const session = await getAs(t.app, signedInFrom(second), '/api/session');
    expect(session.json().user.username).toBe(`zhang_${kind}`);
    const { rows: sessions } = await sql<{ line: string }>`
      select s::text as line from external_sessions s`.execute(t.ctx.db);
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.filter(({ line }) => readableJwt.test(line))).toEqual([]);
  });

  it('binds a legal person verified for a USCC of the directory to that enterprise, which reaches its tasks', async () => {
    const trip = await signInAtProvider(
      t,
      idp,
      person({
        name: '李四',
        account_type: 'legal_person',
        id_number: validResidentId2,
        uscc: enterprise.uscc,
        organization_name: enterprise.name,
      }),
    );
    const pending = await t.app.inject({
      method: 'GET',
      url: '/api/identity/first-sign-in',
      headers: { cookie: trip.zhibao.header() },
    });
    expect(pending.json().enterprise).toEqual({ name: enterprise.name, uscc: enterprise.uscc });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/identity/first-sign-in/account',
      headers: { cookie: trip.zhibao.header() },
      payload: { username: `lisi_${kind}` },
    });
    expect(created.json().user).toMatchObject({
      accountType: 'legal_person',
      isVerified: true,
      isEnterpriseManager: true,
      enterprise: { id: enterprise.id, uscc: enterprise.uscc },
    });
    const who = signedInFrom(trip, created);
    expect((await getAs(t.app, who, '/api/enterprise/tasks')).statusCode).toBe(200);
    const bound = await t.ctx.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'account.bound')
      .where('subject_id', '=', created.json().user.id)
      .executeTakeFirstOrThrow();
    expect(bound.details).toMatchObject({ grantedVia: 'identity_provider', isManager: true });
  });

  it('links an existing account only with its password and SMS code', async () => {
    const filer = await createFiler(t.ctx.db, enterprise);
    const wang = person({ name: '王五', account_type: 'natural_person', id_number: validResidentId });
    const trip = await signInAtProvider(t, idp, wang);
    const cookie = trip.zhibao.header();

    const wrongPassword = await t.app.inject({
      method: 'POST',
      url: '/api/identity/first-sign-in/link',
      headers: { cookie },
      payload: { username: filer.username, password: 'Wrong@2026pass', smsCode: '123456' },
    });
    expect(wrongPassword.statusCode).toBe(401);
    const withoutCode = await t.app.inject({
      method: 'POST',
      url: '/api/identity/first-sign-in/link',
      headers: { cookie },
      payload: { username: filer.username, password: filer.password },
    });
    expect(withoutCode.statusCode).toBe(400);
    expect(withoutCode.json().invalidParams).toEqual([{ name: 'smsCode', reason: '请输入短信验证码' }]);

    const codeRequest = await t.app.inject({
      method: 'POST',
      url: '/api/session/sms-code',
      payload: { username: filer.username, password: filer.password },
    });
    expect(codeRequest.statusCode).toBe(200);
    const smsCode = await readSmsCode(t.app, { username: filer.username });
    const linked = await t.app.inject({
      method: 'POST',
      url: '/api/identity/first-sign-in/link',
      headers: { cookie },
      payload: { username: filer.username, password: filer.password, smsCode },
    });
    expect(linked.statusCode).toBe(200);
    expect(contracted(linked, sessionAnswer).user).toMatchObject({
      username: filer.username,
      enterprise: { id: enterprise.id },
      isVerified: true,
      displayName: '王五',
    });

    const later = await signInAtProvider(t, idp, wang);
    expect(later.callback.headers.location).toBe('/');
    const session = await getAs(t.app, signedInFrom(later), '/api/session');
    expect(session.json().user.username).toBe(filer.username);
  });

  it('refuses an ID token changed after the provider signed it', async () => {
    idp.tamperNextIdToken();
    const trip = await signInAtProvider(t, idp, person({ name: '赵六' }));
    expect(trip.callback.headers.location).toBe('/login?signIn=token');
    expect(trip.zhibao.header()).not.toContain('zhibao_session=');
    expect(trip.zhibao.header()).not.toContain('zhibao_first_sign_in=');
  });

  it('refuses an ID token that has expired by the server’s clock', async () => {
    const realNow = t.ctx.now;
    t.ctx.now = () => new Date(Date.now() + 2 * 3_600_000);
    try {
      const trip = await signInAtProvider(t, idp, person({ name: '孙七' }));
      expect(trip.callback.headers.location).toBe('/login?signIn=token');
    } finally {
      t.ctx.now = realNow;
    }
  });

  it('refuses a replayed answer, and an answer in a browser that did not ask for it', async () => {
    const qian = person({ name: '钱八', account_type: 'natural_person', id_number: validResidentId2 });
    const trip = await signInAtProvider(t, idp, qian);
    expect(trip.callback.headers.location).toBe('/login/first-sign-in');

    const stateCookie = `zhibao_sign_in_state=${new URL(trip.callbackPath, publicBaseUrl).searchParams.get('state')}`;
    const replayed = await t.app.inject({
      method: 'GET',
      url: trip.callbackPath,
      headers: { cookie: stateCookie },
    });
    expect(replayed.headers.location).toBe('/login?signIn=state');

    idp.signInAs(qian);
    const elsewhere = await t.app.inject({ method: 'GET', url: trip.callbackPath });
    expect(elsewhere.headers.location).toBe('/login?signIn=state');
    const refusals = await t.ctx.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'account.identity_sign_in_refused')
      .execute();
    expect(refusals.map((row) => (row.details as { reason: string }).reason)).toEqual(
      expect.arrayContaining(['state unknown, used already or expired', 'state does not match the browser']),
    );
  });

  it('ends the provider’s session too on logout', async () => {
    const zhou = person({ name: '周九', account_type: 'natural_person', id_number: validResidentId });
    const first = await signInAtProvider(t, idp, zhou);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/identity/first-sign-in/account',
      headers: { cookie: first.zhibao.header() },
      payload: { username: `zhou_${kind}` },
    });
    const who = signedInFrom(first, created);
    const loggedOut = await sendAs(t.app, who, 'POST', '/api/identity/logout');
    expect(loggedOut.statusCode).toBe(200);
    const endSessionUrl = new URL(contracted(loggedOut, logOutAnswer).endSessionUrl!);
    expect(endSessionUrl.href.startsWith(`${idp.settings.issuer}/session/end`)).toBe(true);
    expect(endSessionUrl.searchParams.get('post_logout_redirect_uri')).toBe(`${publicBaseUrl}/login`);
    expect(endSessionUrl.searchParams.get('id_token_hint')).toBeTruthy();
    // The provider accepts it: its logout page answers.
    expect((await fetch(endSessionUrl, { redirect: 'manual' })).status).toBe(200);
    expect((await getAs(t.app, who, '/api/session')).statusCode).toBe(401);
  });
});
