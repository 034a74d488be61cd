import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { AppContext } from '../app-context.ts';
import { createOutboxWorker } from '../outbox/outbox-worker.ts';
import {
  naturalPersonFields,
  registerThroughApi,
  solveCaptcha,
  submitVerificationAs,
  validResidentId,
} from '../test/account-flows.ts';
import { signIn, testConfig } from '../test/test-app.ts';
import { createTestDatabase, databaseKinds } from '../test/test-database.ts';
import { maskPersonalData, redactUrl } from './log-redaction.ts';

// What the server logs carries no ID number, mobile number, password, SMS code, captcha answer or token (issue 22).

describe('log redaction', () => {
  it('replaces the values of secret query parameters and keeps the others', () => {
    expect(redactUrl('/api/dev/sms-outbox?mobile=13712345678&limit=1')).toBe(
      '/api/dev/sms-outbox?mobile=[redacted]&limit=1',
    );
    expect(redactUrl('/api/identity/oidc/callback?code=abc&state=xyz&iss=gov')).toBe(
      '/api/identity/oidc/callback?code=[redacted]&state=[redacted]&iss=gov',
    );
    expect(redactUrl('/api/filings?year=2026')).toBe('/api/filings?year=2026');
  });

  it('masks ID numbers and mobile numbers wherever they stand in a line', () => {
    expect(maskPersonalData('Key (mobile)=(13812345678) already exists; +8613912345678')).toBe(
      'Key (mobile)=(138****5678) already exists; 139****5678',
    );
    expect(maskPersonalData(`{"msg":"id ${validResidentId}"}`)).toBe(
      `{"msg":"id ${validResidentId.slice(0, 6)}********${validResidentId.slice(-4)}"}`,
    );
    // Timestamps, request ids and amounts are no numbers of a person.
    const ordinary =
      '{"time":1733480345612,"reqId":"4f1c2d3e-1389-4b2a-9c1d-138123456789","amount":13812345.67}';
    expect(maskPersonalData(ordinary)).toBe(ordinary);
  });
});

describe.each(databaseKinds)('server logs on %s', (kind) => {
  it(
    'carry no personal data nor secret through registration, 实名认证, login and 忘记密码',
    { timeout: 180_000 },
    async () => {
      const database = await createTestDatabase(kind);
      const ctx: AppContext = {
        db: database.handle.db,
        config: testConfig({ logLevel: 'info' }),
        now: () => new Date(),
      };
      ctx.outbox = createOutboxWorker(ctx);
      const lines: string[] = [];
      const app = await buildApp(ctx, database.handle, {
        logDestination: { write: (line) => lines.push(line) },
      });
      try {
        const who = await registerThroughApi(app);
        const verified = await submitVerificationAs(app, who, naturalPersonFields());
        expect(verified.statusCode).toBe(201);
        const session = await signIn(app, who.username, who.password);
        const captcha = await solveCaptcha(app);
        await app.inject({
          method: 'POST',
          url: '/api/password-reset/sms-code',
          payload: { username: who.username, mobile: who.mobile, ...captcha },
        });
        const outbox = await app.inject({ method: 'GET', url: `/api/dev/sms-outbox?mobile=${who.mobile}` });
        const texts = outbox.json<{ items: Array<{ text: string }> }>().items.map((item) => item.text);
        const smsCodes = texts.map((text) => text.match(/\d{6}/)![0]);
        const resetPassword = 'Fresh#Pass2026';
        const reset = await app.inject({
          method: 'POST',
          url: '/api/password-reset',
          payload: {
            username: who.username,
            mobile: who.mobile,
            smsCode: smsCodes[0]!,
            newPassword: resetPassword,
          },
        });
        expect(reset.statusCode).toBe(204);
        // A provider's callback carries its code and state in the URL.
        await app.inject({
          method: 'GET',
          url: '/api/identity/nobody/callback?code=provider-code-4711&state=st-0815',
        });

        const log = lines.join('');
        expect(lines.length).toBeGreaterThan(20);
        expect(log).toContain('/api/dev/sms-outbox?mobile=[redacted]');
        const sessionToken = session.cookie.match(/=([^;]+)/)![1]!;
        const secrets = [
          who.mobile,
          validResidentId,
          who.password,
          resetPassword,
          captcha.captchaAnswer,
          sessionToken,
          session.csrfToken,
          'provider-code-4711',
          'st-0815',
        ];
        expect(smsCodes.length).toBeGreaterThanOrEqual(3);
        expect(secrets.filter((secret) => log.includes(secret))).toEqual([]);
        const standingAlone = (code: string) => new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`);
        expect(smsCodes.filter((code) => standingAlone(code).test(log))).toEqual([]);

        // Nor does the audit trail of those steps.
        const { rows } = await sql<{ line: string }>`select a::text as line from audit_events a`.execute(
          ctx.db,
        );
        const trail = rows.map((row) => row.line).join('\n');
        expect(trail).toContain('account.password_reset');
        expect(secrets.filter((secret) => trail.includes(secret))).toEqual([]);
        expect(smsCodes.filter((code) => standingAlone(code).test(trail))).toEqual([]);
      } finally {
        await app.close();
        await database.drop();
      }
    },
  );
});
