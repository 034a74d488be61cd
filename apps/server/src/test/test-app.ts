import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import type { AppContext } from '../app-context.ts';
import { loadConfig, type AppConfig } from '../config.ts';
import { estimationsUnderWay } from '../estimation/kept-estimates.ts';
import { createOutboxWorker } from '../outbox/outbox-worker.ts';
import { personalDataCipherFor } from '../personal-data/personal-data-cipher.ts';
import type { PersonalDataKeys } from '../personal-data/personal-data-keys.ts';
import { createTestDatabase, type DatabaseKind } from './test-database.ts';

/** Fixed keys for personal information in tests (the server reads or creates its key file instead). */
export const testPersonalDataKeys: PersonalDataKeys = {
  algorithm: 'aes-256-gcm',
  activeKeyId: 'test1',
  keys: { test1: Buffer.alloc(32, 1).toString('base64') },
  activeLookupKeyId: 'lookup1',
  lookupKeys: { lookup1: Buffer.alloc(32, 2).toString('base64') },
};

/** The cipher of the test keys, for factories and seeds that write personal information outside a request. */
export const testPersonalDataCipher = personalDataCipherFor(testPersonalDataKeys);

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', WEB_DIST_DIR: '/nonexistent' });
  return {
    ...config,
    personalData: { ...config.personalData, keys: testPersonalDataKeys },
    ...overrides,
  };
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

/** The whole HTTP application on a fresh database, driven through Fastify's inject (no port). */
export async function createTestApp(
  kind: DatabaseKind,
  overrides: Partial<AppConfig> = {},
): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const ctx: AppContext = { db: database.handle.db, config: testConfig(overrides), now: () => new Date() };
  // The worker is not started: a test runs it when it wants the side effects done (drainOutbox).
  ctx.outbox = createOutboxWorker(ctx);
  const app = await buildApp(ctx, database.handle);
  return {
    app,
    ctx,
    close: async () => {
      await app.close();
      // A 含推算 recomputation a test's read left running in the background ends before the database goes.
      await estimationsUnderWay(ctx.db);
      await database.drop();
    },
  };
}

/**
 * Does every side effect committed so far (notices, SMS, the 汇总 fold), as the server's worker would shortly
 * after commit: the deterministic "later" of a test that reads what an action caused.
 */
export async function drainOutbox(ctx: AppContext): Promise<void> {
  await ctx.outbox!.drain();
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
}

/**
 * Logs in through the API as a person would: asks for the SMS code with the password, reads the code
 * from the development outbox, and logs in with both. Returns what later requests must carry.
 */
export async function signIn(app: FastifyInstance, username: string, password: string): Promise<SignedIn> {
  const codeRequest = await app.inject({
    method: 'POST',
    url: '/api/session/sms-code',
    payload: { username, password },
  });
  if (codeRequest.statusCode !== 200) throw new Error(`login of ${username} failed: ${codeRequest.body}`);
  const smsCode = await readSmsCode(app, { username });
  const response = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password, smsCode },
  });
  if (response.statusCode !== 200) throw new Error(`login of ${username} failed: ${response.body}`);
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { cookie, csrfToken: response.json<{ csrfToken: string }>().csrfToken };
}

/** Signs in every account of a record at once, keyed as the record is. */
export async function signInEach<Key extends string>(
  app: FastifyInstance,
  accounts: Record<Key, { username: string; password: string }>,
): Promise<Record<Key, SignedIn>> {
  const entries = Object.entries(accounts) as Array<[Key, { username: string; password: string }]>;
  const sessions = await Promise.all(
    entries.map(([, account]) => signIn(app, account.username, account.password)),
  );
  return Object.fromEntries(entries.map(([key], index) => [key, sessions[index]])) as Record<Key, SignedIn>;
}

/** The latest 6-digit code texted to a user (by username) or a number, read from the development outbox. */
export async function readSmsCode(
  app: FastifyInstance,
  to: { username: string } | { mobile: string },
): Promise<string> {
  const query = new URLSearchParams({ ...to, limit: '1' });
  const response = await app.inject({ method: 'GET', url: `/api/dev/sms-outbox?${query.toString()}` });
  if (response.statusCode !== 200) throw new Error(`development outbox unavailable: ${response.body}`);
  const [latest] = response.json<{ items: Array<{ text: string }> }>().items;
  const code = latest?.text.match(/\d{6}/)?.[0];
  if (!code) throw new Error(`no SMS code found for ${JSON.stringify(to)}`);
  return code;
}

/** A state-changing request as the signed-in user, with the CSRF token. */
export function sendAs(
  app: FastifyInstance,
  who: SignedIn,
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

/** A GET as the signed-in user. */
export function getAs(app: FastifyInstance, who: SignedIn, url: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
}
