import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, mobileFor } from '../test/factories.ts';
import {
  createTestApp,
  getAs,
  sendAs,
  signIn,
  testPersonalDataCipher,
  type TestApp,
} from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { storedLegacyHash, type LegacyHashFormat } from './legacy-password.ts';
import { insertMovedInUsers } from './registration.repository.ts';

const oldPassword = 'jiumima123';
const newPassword = 'Xin@2026mima';

const digest = (algorithm: string, input: string, encoding: 'hex' | 'base64') =>
  createHash(algorithm).update(input).digest(encoding);

/** The hashes the old platform stored, one per format it may have used. */
const oldHashes: Array<{ name: string; format: LegacyHashFormat; digest: string; salt: string }> = [
  {
    name: 'MD5, unsalted, hex',
    format: { algorithm: 'md5', salt: 'none', encoding: 'hex' },
    digest: digest('md5', oldPassword, 'hex').toUpperCase(),
    salt: '',
  },
  {
    name: 'SHA-1, salt before the password, hex',
    format: { algorithm: 'sha1', salt: 'prefix', encoding: 'hex' },
    digest: digest('sha1', `a1b2c3${oldPassword}`, 'hex'),
    salt: 'a1b2c3',
  },
  {
    name: 'SHA-256, salt after the password, base64',
    format: { algorithm: 'sha256', salt: 'suffix', encoding: 'base64' },
    digest: digest('sha256', `${oldPassword}盐$9`, 'base64'),
    salt: '盐$9',
  },
  {
    name: 'bcrypt',
    format: { algorithm: 'bcrypt' },
    digest: bcrypt.hashSync(oldPassword, 4),
    salt: '',
  },
];

describe.each(databaseKinds)('accounts moved in with the old platform’s password hashes on %s', (kind) => {
  let t: TestApp;
  let enterprise: { id: string; region_code: string };
  let serial = 900_000;

  beforeAll(async () => {
    t = await createTestApp(kind);
    enterprise = await createEnterprise(t.ctx.db, { regionCode: '500112' });
  });
  afterAll(() => t.close());

  async function movedInAccount(hash: (typeof oldHashes)[number]): Promise<string> {
    serial += 1;
    const username = `old_${serial}`;
    await insertMovedInUsers(t.ctx.db, testPersonalDataCipher, [
      {
        username,
        passwordHash: storedLegacyHash(hash.format, hash.digest, hash.salt),
        displayName: username,
        mobile: mobileFor(serial),
        enterpriseId: enterprise.id,
        regionCode: enterprise.region_code,
        now: new Date(),
      },
    ]);
    return username;
  }

  it.each(oldHashes)(
    'signs in once with the old password ($name), rehashes it to argon2id and asks for a new one',
    async (hash) => {
      const username = await movedInAccount(hash);
      await expect(signIn(t.app, username, 'wrong-password')).rejects.toThrow(/用户名或密码错误/);

      const who = await signIn(t.app, username, oldPassword);
      const session = (await getAs(t.app, who, '/api/session')).json();
      expect(session.user.mustChangePassword).toBe(true);
      const stored = await t.ctx.db
        .selectFrom('users')
        .select(['password_hash', 'must_change_password'])
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      expect(stored.password_hash).toMatch(/^\$argon2id\$/);

      const changed = await sendAs(t.app, who, 'PUT', '/api/account/password', {
        oldPassword,
        newPassword,
      });
      expect(changed.statusCode, changed.body).toBe(204);
      expect((await getAs(t.app, who, '/api/session')).json().user.mustChangePassword).toBe(false);
      await expect(signIn(t.app, username, oldPassword)).rejects.toThrow(/用户名或密码错误/);
      expect((await signIn(t.app, username, newPassword)).cookie).toContain('zhibao_session=');
    },
  );

  it('refuses a stored old hash that is malformed instead of failing', async () => {
    const username = await movedInAccount({
      name: 'broken',
      format: { algorithm: 'sha1', salt: 'none', encoding: 'hex' },
      digest: 'not-a-digest',
      salt: '',
    });
    await expect(signIn(t.app, username, oldPassword)).rejects.toThrow(/用户名或密码错误/);
  });
});
