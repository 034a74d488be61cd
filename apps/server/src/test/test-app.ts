import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import type { AppContext } from '../app-context.ts';
import { loadConfig, type AppConfig } from '../config.ts';
import { createTestDatabase, type DatabaseKind } from './test-database.ts';

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', WEB_DIST_DIR: '/nonexistent' }),
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
  const app = await buildApp(ctx, database.handle);
  return {
    app,
    ctx,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
}

/** Logs in through the API as a person would, returning what later requests must carry. */
export async function signIn(app: FastifyInstance, username: string, password: string): Promise<SignedIn> {
  const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login of ${username} failed: ${response.body}`);
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { cookie, csrfToken: response.json<{ csrfToken: string }>().csrfToken };
}

/** A GET as the signed-in user. */
export function getAs(app: FastifyInstance, who: SignedIn, url: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
}
