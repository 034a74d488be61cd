import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { hashPassword } from '../account/password.ts';
import { confirmVerification } from '../account/verification.repository.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { migrations } from '../db/migrations/index.ts';
import { writeBackup } from '../db/backup/backup.ts';
import { listTablesInDependencyOrder } from '../db/backup/backup-schema.ts';
import { restoreBackup } from '../db/backup/restore.ts';
import { seedReferenceData } from '../db/seed/seed.ts';
import {
  naturalPersonFields,
  sampleFiles,
  solveCaptcha,
  validResidentId,
  verifiedNaturalPerson,
} from '../test/account-flows.ts';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  mobileOf,
  outboxTextsTo,
  testPassword,
  userIdOf,
} from '../test/factories.ts';
import { createScratchPostgresDatabase } from '../test/server-process.ts';
import {
  createTestApp,
  drainOutbox,
  getAs,
  readSmsCode,
  sendAs,
  signIn,
  testConfig,
  testPersonalDataKeys,
  type TestApp,
} from '../test/test-app.ts';
import { databaseKinds, type DatabaseKind } from '../test/test-database.ts';
import { personalDataCipherFor } from './personal-data-cipher.ts';
import type { PersonalDataKeys } from './personal-data-keys.ts';
import { sealPersonalData } from './seal-personal-data.ts';

// 身份证号, mobile numbers and identity scans are stored encrypted (issue 22): read straight from the database,
// no table holds them in the clear; values an earlier version stored in the clear are sealed in place; a rotation
// of the key writes everything again under the new key, one of the lookup key recomputes every keyed hash; a
// backup carries only ciphertext and restores to a working system.

const maskedResidentId = `${validResidentId.slice(0, 6)}********${validResidentId.slice(-4)}`;
// A stretch from the middle of the scan, as PostgreSQL prints bytea (hex).
const scanHex = sampleFiles.pdf.subarray(200, 232).toString('hex');
const keepAll = { now: new Date(), scanRetentionDays: 30 };

/** Every row of every table as PostgreSQL prints it (bytea as hex), one line each. */
async function everyRowAsText(handle: DatabaseHandle): Promise<string[]> {
  const lines: string[] = [];
  for (const table of await listTablesInDependencyOrder(handle.db)) {
    const { rows } = await sql<{
      line: string;
    }>`select t::text as line from ${sql.table(table.name)} t`.execute(handle.db);
    lines.push(...rows.map((row) => row.line));
  }
  return lines;
}

async function expectNothingInTheClear(handle: DatabaseHandle, mobiles: string[] = []): Promise<void> {
  const lines = await everyRowAsText(handle);
  expect(lines.length).toBeGreaterThan(100);
  expect(lines.filter((line) => line.includes(validResidentId))).toEqual([]);
  expect(lines.filter((line) => line.includes(scanHex))).toEqual([]);
  for (const mobile of mobiles) expect(lines.filter((line) => line.includes(mobile))).toEqual([]);
}

async function keyIdsInUse(handle: DatabaseHandle): Promise<string[]> {
  const { rows } = await sql<{ key_id: string | null }>`
    select id_number_key_id as key_id from identity_verifications
    union select content_key_id from account_documents where purged_at is null
    union select mobile_key_id from users where mobile is not null
    union select mobile_key_id from sms_codes
    union select mobile_key_id from sms_outbox
    union select payload->>'mobileKeyId' from outbox where kind = 'sms'`.execute(handle.db);
  return rows.map((row) => row.key_id ?? 'clear').sort();
}

/** The lookup keys the stored keyed hashes were made with. */
async function lookupKeyIdsInUse(handle: DatabaseHandle): Promise<string[]> {
  const { rows } = await sql<{ hash: string | null }>`
    select id_number_hash as hash from identity_verifications
    union select mobile_hash from users where mobile is not null
    union select mobile_hash from sms_codes
    union select mobile_hash from sms_outbox`.execute(handle.db);
  return [...new Set(rows.map((row) => row.hash?.split(':')[0] ?? 'none'))].sort();
}

const rotatedKeys: PersonalDataKeys = {
  ...testPersonalDataKeys,
  activeKeyId: 'test2',
  keys: { ...testPersonalDataKeys.keys, test2: Buffer.alloc(32, 3).toString('base64') },
  activeLookupKeyId: 'lookup2',
  lookupKeys: { ...testPersonalDataKeys.lookupKeys, lookup2: Buffer.alloc(32, 4).toString('base64') },
};
const onlyNewKeys: PersonalDataKeys = {
  ...rotatedKeys,
  keys: { test2: rotatedKeys.keys.test2! },
  lookupKeys: { lookup2: rotatedKeys.lookupKeys.lookup2! },
};
const freshMobile = () => `135${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** The same database served with other keys (as after a restart with a new key set). */
function appWithKeys(t: TestApp, kind: DatabaseKind, keys: PersonalDataKeys) {
  const config = testConfig();
  return buildApp(
    { ...t.ctx, config: { ...config, personalData: { ...config.personalData, keys } } },
    { db: t.ctx.db, kind, ping: async () => {}, close: async () => {} },
  );
}

/** The text a registration code request sends to a number. */
async function registrationTextTo(app: FastifyInstance, mobile: string): Promise<string> {
  const sent = await app.inject({
    method: 'POST',
    url: '/api/registration/sms-code',
    payload: { mobile, ...(await solveCaptcha(app)) },
  });
  expect(sent.statusCode).toBe(200);
  const outbox = await app.inject({ method: 'GET', url: `/api/dev/sms-outbox?mobile=${mobile}&limit=1` });
  return outbox.json<{ items: Array<{ text: string }> }>().items[0]!.text;
}

/** 忘记密码 through the API: a code to the registered number, then the new password. */
async function resetPassword(
  app: FastifyInstance,
  who: { username: string; mobile: string },
  newPassword: string,
) {
  const sent = await app.inject({
    method: 'POST',
    url: '/api/password-reset/sms-code',
    payload: { username: who.username, mobile: who.mobile, ...(await solveCaptcha(app)) },
  });
  expect(sent.statusCode).toBe(200);
  const smsCode = await readSmsCode(app, { mobile: who.mobile });
  const done = await app.inject({
    method: 'POST',
    url: '/api/password-reset',
    payload: { username: who.username, mobile: who.mobile, smsCode, newPassword },
  });
  expect(done.statusCode).toBe(204);
}

/** A migrated database with no rows, as `npm run db:restore` restores into. */
async function createEmptyDatabase(kind: DatabaseKind) {
  if (kind === 'pglite') {
    const handle = await openDatabase({ kind: 'pglite', dataDir: null });
    await migrateToLatest(handle.db);
    return { handle, drop: () => handle.close() };
  }
  const scratch = await createScratchPostgresDatabase('zhibao_pi_restore');
  const handle = await openDatabase({ kind: 'postgres', url: scratch.url });
  await migrateToLatest(handle.db);
  return {
    handle,
    drop: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

describe.each(databaseKinds)('personal information at rest on %s', (kind) => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'zhibao-personal-data-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it(
    'stores the ID number and the scan encrypted, and shows the number masked to its owner',
    { timeout: 120_000 },
    async () => {
      const t = await createTestApp(kind);
      try {
        const who = await verifiedNaturalPerson(t.app);
        await expectNothingInTheClear({ db: t.ctx.db } as DatabaseHandle, [who.mobile]);
        const status = (await getAs(t.app, who, '/api/account/verification')).json<{
          maskedIdNumber: string;
        }>();
        expect(status.maskedIdNumber).toBe(maskedResidentId);
        // The owner downloads the scan as uploaded.
        const documents = (await getAs(t.app, who, '/api/account/documents')).json<{
          items: Array<{ id: string; kind: string }>;
        }>();
        const scan = documents.items.find((item) => item.kind === 'identity_document')!;
        const download = await getAs(t.app, who, `/api/account/documents/${scan.id}`);
        expect(download.statusCode).toBe(200);
        expect(download.rawPayload.equals(sampleFiles.pdf)).toBe(true);
      } finally {
        await t.close();
      }
    },
  );

  it(
    'keeps no mobile number in the clear after registration, login, 忘记密码, 修改手机号 and a reset with its texts queued',
    { timeout: 180_000 },
    async () => {
      const t = await createTestApp(kind);
      try {
        const who = await verifiedNaturalPerson(t.app);
        await resetPassword(t.app, who, 'Fresh#Pass2026');
        const session = await signIn(t.app, who.username, 'Fresh#Pass2026');
        // 修改手机号: codes to the old and the new number.
        const changedTo = freshMobile();
        await sendAs(t.app, session, 'POST', '/api/account/mobile/sms-codes', { newMobile: changedTo });
        const changed = await sendAs(t.app, session, 'PUT', '/api/account/mobile', {
          newMobile: changedTo,
          oldMobileCode: await readSmsCode(t.app, { mobile: who.mobile }),
          newMobileCode: await readSmsCode(t.app, { mobile: changedTo }),
        });
        expect(changed.json()).toEqual({
          maskedMobile: `${changedTo.slice(0, 3)}****${changedTo.slice(-4)}`,
        });
        // The district resets a filer's lost number: texts to the old and the new number wait in the outbox.
        const enterprise = await createEnterprise(t.ctx.db, { regionCode: '500112' });
        const filer = await createFiler(t.ctx.db, enterprise);
        const filerId = await userIdOf(t.ctx.db, filer.username);
        const filerMobile = await mobileOf(t.ctx.db, { id: filerId });
        const district = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '500112' });
        const admin = await signIn(t.app, district.username, district.password);
        const resetTo = freshMobile();
        const base = `/api/admin/enterprise-accounts/${filerId}/mobile`;
        await sendAs(t.app, admin, 'POST', `${base}/sms-code`, { newMobile: resetTo });
        const reset = await sendAs(t.app, admin, 'PUT', base, {
          newMobile: resetTo,
          newMobileCode: await readSmsCode(t.app, { mobile: resetTo }),
        });
        expect(reset.statusCode).toBe(200);
        const queued = await t.ctx.db.selectFrom('outbox').select('id').where('kind', '=', 'sms').execute();
        expect(queued).toHaveLength(2);

        await expectNothingInTheClear({ db: t.ctx.db } as DatabaseHandle, [
          who.mobile,
          changedTo,
          filerMobile,
          resetTo,
        ]);
        // Found by their keyed hashes: the new number signs in, the old one is free again, the texts arrive.
        expect(
          (await getAs(t.app, await signIn(t.app, who.username, 'Fresh#Pass2026'), '/api/session')).json(),
        ).toMatchObject({ user: { maskedMobile: `${changedTo.slice(0, 3)}****${changedTo.slice(-4)}` } });
        await drainOutbox(t.ctx);
        expect((await outboxTextsTo(t.ctx.db, filerMobile)).map((row) => row.text).at(-1)).toContain(
          '登录手机号已由他人代为更换',
        );
        expect((await outboxTextsTo(t.ctx.db, resetTo)).map((row) => row.text).at(-1)).toContain(
          '此号码已设为您的直报系统登录手机号',
        );
        await expectNothingInTheClear({ db: t.ctx.db } as DatabaseHandle, [filerMobile, resetTo]);
      } finally {
        await t.close();
      }
    },
  );

  it(
    'seals the ID numbers, mobile numbers and scans an earlier version stored in the clear (migrations 20261208T0700, 20261210T0710)',
    { timeout: 180_000 },
    async () => {
      const t = await createTestApp(kind);
      try {
        const names = Object.keys(migrations).sort();
        const migrator = new Migrator({
          db: t.ctx.db,
          provider: { getMigrations: async () => migrations },
          migrationTableName: 'schema_migrations',
        });
        const previous = names[names.indexOf('20261208T0700-personal-data-at-rest') - 1]!;
        const { error } = await migrator.migrateTo(previous);
        expect(error).toBeUndefined();
        // As the version before stored them: the number and the scan as they came.
        const enterprise = await createEnterprise(t.ctx.db, { regionCode: '500112' });
        const account = { username: 'cleartext01', password: testPassword };
        const mobile = freshMobile();
        const user = await t.ctx.db
          .insertInto('users')
          .values({
            username: account.username,
            password_hash: await hashPassword(account.password),
            display_name: '旧版本的账号',
            mobile,
            role: 'enterprise',
            admin_level: null,
            region_code: '500112',
            enterprise_id: enterprise.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await sql`insert into sms_codes (mobile, purpose, code_hash, ip_address, created_at, expires_at)
        values (${mobile}, 'register', 'x', '127.0.0.1', now(), now())`.execute(t.ctx.db);
        await sql`insert into sms_outbox (mobile, text, created_at)
        values (${mobile}, '【直报】旧版本记下的短信', now())`.execute(t.ctx.db);
        await sql`insert into outbox (kind, payload)
        values ('sms', ${JSON.stringify({ mobile, text: '【直报】旧版本排队的短信' })}::jsonb)`.execute(
          t.ctx.db,
        );
        await sql`insert into account_documents (id, user_id, kind, file_name, media_type, byte_size, content)
        values ('00000000-0000-4000-8000-000000000022', ${user.id}, 'identity_document', 'scan.pdf',
                'application/pdf', ${sampleFiles.pdf.length}, ${sampleFiles.pdf})`.execute(t.ctx.db);
        await sql`insert into identity_verifications (user_id, account_type, real_name, id_type, id_number,
          contact_address, valid_from, identity_document_id, verified_at)
        values (${user.id}, 'natural_person', '王小明', 'resident_id', ${validResidentId}, '重庆市渝北区',
                '2015-01-05', '00000000-0000-4000-8000-000000000022', now())`.execute(t.ctx.db);

        await migrateToLatest(t.ctx.db);
        expect(await keyIdsInUse({ db: t.ctx.db } as DatabaseHandle)).toEqual(['clear']);
        const cipher = personalDataCipherFor(testPersonalDataKeys);
        // The ID number, the number in users, sms_codes, sms_outbox and the queued text, the scan.
        expect(await sealPersonalData(t.ctx.db, cipher, keepAll)).toEqual({
          idNumbers: 1,
          mobiles: 4,
          documents: 1,
          purgedScans: 0,
        });
        await expectNothingInTheClear({ db: t.ctx.db } as DatabaseHandle, [mobile]);
        expect(await keyIdsInUse({ db: t.ctx.db } as DatabaseHandle)).toEqual(['test1']);
        expect(await lookupKeyIdsInUse({ db: t.ctx.db } as DatabaseHandle)).toEqual(['lookup1']);
        // Run again (a second process, the next start): nothing left to do.
        expect(await sealPersonalData(t.ctx.db, cipher, keepAll)).toEqual({
          idNumbers: 0,
          mobiles: 0,
          documents: 0,
          purgedScans: 0,
        });
        await drainOutbox(t.ctx);
        expect((await outboxTextsTo(t.ctx.db, mobile)).map((row) => row.text)).toContain(
          '【直报】旧版本排队的短信',
        );

        const who = await signIn(t.app, account.username, account.password);
        const status = (await getAs(t.app, who, '/api/account/verification')).json<{
          maskedIdNumber: string;
        }>();
        expect(status.maskedIdNumber).toBe(maskedResidentId);
        const download = await getAs(
          t.app,
          who,
          '/api/account/documents/00000000-0000-4000-8000-000000000022',
        );
        expect(download.rawPayload.equals(sampleFiles.pdf)).toBe(true);
      } finally {
        await t.close();
      }
    },
  );

  it(
    'rotates both keys: values written again under the new key, hashes recomputed under the new lookup key; found and read with the new keys alone',
    { timeout: 180_000 },
    async () => {
      const t = await createTestApp(kind);
      try {
        const who = await verifiedNaturalPerson(t.app);
        const city = await createAdmin(t.ctx.db, { adminLevel: 'city', regionCode: '440300' });
        expect(await keyIdsInUse({ db: t.ctx.db } as DatabaseHandle)).toEqual(['test1']);
        expect(await lookupKeyIdsInUse({ db: t.ctx.db } as DatabaseHandle)).toEqual(['lookup1']);
        // While the rotation is under way (the new keys configured, the hashes still under the old lookup key),
        // a number is found all the same: registering it again texts its owner instead of a code.
        const during = await appWithKeys(t, kind, rotatedKeys);
        try {
          expect(await registrationTextTo(during, who.mobile)).toContain('此手机号已注册直报系统账号');
        } finally {
          await during.close();
        }

        const sealed = await sealPersonalData(t.ctx.db, personalDataCipherFor(rotatedKeys), keepAll);
        expect(sealed).toMatchObject({ idNumbers: 1, documents: 1, purgedScans: 0 });
        expect(sealed.mobiles).toBeGreaterThan(2);
        expect(await keyIdsInUse({ db: t.ctx.db } as DatabaseHandle)).toEqual(['test2']);
        expect(await lookupKeyIdsInUse({ db: t.ctx.db } as DatabaseHandle)).toEqual(['lookup2']);
        await expectNothingInTheClear({ db: t.ctx.db } as DatabaseHandle, [who.mobile]);

        // The same database served with only the new keys.
        const app = await appWithKeys(t, kind, onlyNewKeys);
        try {
          const status = (await getAs(app, who, '/api/account/verification')).json<{
            maskedIdNumber: string;
          }>();
          expect(status.maskedIdNumber).toBe(maskedResidentId);
          // The number is found by its new hash: no second account may take it.
          const cityAdmin = await signIn(app, city.username, city.password);
          const taken = await sendAs(app, cityAdmin, 'POST', '/api/admin/accounts', {
            username: 'nanshanRotated',
            displayName: '南山区工信局',
            mobile: who.mobile,
            regionCode: '440305',
            password: 'Admin@2026x',
          });
          expect(taken.statusCode).toBe(409);
          expect(taken.json().invalidParams).toEqual([
            { name: 'mobile', reason: '该手机号已被其他账号使用' },
          ]);
          // 忘记密码 by username and number, then the SMS login.
          await resetPassword(app, who, 'Rotated#2026');
          await signIn(app, who.username, 'Rotated#2026');
        } finally {
          await app.close();
        }
      } finally {
        await t.close();
      }
    },
  );

  it('empties an identity scan once its retention after the confirmed verification has passed', async () => {
    const t = await createTestApp(kind);
    try {
      const who = await verifiedNaturalPerson(t.app);
      const user = await t.ctx.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', who.username)
        .executeTakeFirstOrThrow();
      const confirmedAt = new Date('2026-11-01T02:00:00Z');
      await confirmVerification(t.ctx.db, user.id, { by: null, via: 'registry', at: confirmedAt });
      const cipher = personalDataCipherFor(testPersonalDataKeys);
      const day = 86_400_000;
      const withinRetention = { now: new Date(confirmedAt.getTime() + 29 * day), scanRetentionDays: 30 };
      expect((await sealPersonalData(t.ctx.db, cipher, withinRetention)).purgedScans).toBe(0);
      const pastRetention = { now: new Date(confirmedAt.getTime() + 31 * day), scanRetentionDays: 30 };
      expect((await sealPersonalData(t.ctx.db, cipher, pastRetention)).purgedScans).toBe(1);

      const scan = await t.ctx.db
        .selectFrom('account_documents')
        .select(['id', 'content', 'purged_at'])
        .where('user_id', '=', user.id)
        .where('kind', '=', 'identity_document')
        .executeTakeFirstOrThrow();
      expect(scan.content.length).toBe(0);
      const download = await getAs(t.app, who, `/api/account/documents/${scan.id}`);
      expect(download.statusCode).toBe(404);
      expect(download.json<{ detail: string }>().detail).toBe('该扫描件已超过保存期限，已删除');
    } finally {
      await t.close();
    }
  });

  it(
    'backs up only ciphertext; restored, the person signs in and sees the number masked',
    { timeout: 120_000 },
    async () => {
      const t = await createTestApp(kind);
      const target = await createEmptyDatabase(kind);
      try {
        const who = await verifiedNaturalPerson(t.app, naturalPersonFields());
        const file = path.join(folder, `${kind}.jsonl.gz`);
        await writeBackup({ db: t.ctx.db, kind, ping: async () => {}, close: async () => {} }, file);
        const text = gunzipSync(await readFile(file)).toString('utf8');
        expect(text).not.toContain(validResidentId);
        expect(text).not.toContain(who.mobile);
        expect(text).not.toContain(scanHex);

        await restoreBackup(target.handle, file);
        await seedReferenceData(target.handle.db);
        const restored = await buildApp({ ...t.ctx, db: target.handle.db }, target.handle);
        try {
          const session = await signIn(restored, who.username, who.password);
          const status = (await getAs(restored, session, '/api/account/verification')).json<{
            maskedIdNumber: string;
          }>();
          expect(status.maskedIdNumber).toBe(maskedResidentId);
        } finally {
          await restored.close();
        }
      } finally {
        await target.drop();
        await t.close();
      }
    },
  );
});
