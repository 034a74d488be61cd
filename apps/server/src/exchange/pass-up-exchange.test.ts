import { generateKeyPairSync } from 'node:crypto';
import type { PassUpPackage } from '@zhibao/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  userIdOf,
} from '../test/factories.ts';
import { sampleMonthlyValues } from '../test/sample-values.ts';
import { createTestApp, getAs, sendAs, signInEach, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { signPassUpPackage } from './pass-up-package.ts';

// Two instances in one test: 罗湖区 runs its own Zhibao and passes up; 深圳市's instance imports the signed package
// (its 汇总表 equal to the sender's, its filings adding up to the snapshot), re-imports it idempotently, and refuses
// — naming the fault — a package changed after signing, one signed by a key it does not trust, one whose filings
// it may not hold, one whose filings do not add up, one of a region out of reach, and an older one.

const pem = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};
const luohuKey = pem();
const associationKey = pem();
const forgerKey = pem();

describe.each(databaseKinds)('pass-up packages between two instances on %s', (kind) => {
  let sender: TestApp;
  let receiver: TestApp;
  let luohu: SignedIn;
  let at: Record<'shenzhen' | 'baoan', SignedIn>;
  let submissionId: string;
  let pkg: PassUpPackage;

  const importing = (as: SignedIn, body: unknown) =>
    sendAs(receiver.app, as, 'POST', '/api/admin/exchange/received', body);
  const signedBy = (key: { privateKey: string }, keyId: string, payload: PassUpPackage['payload']) =>
    signPassUpPackage(
      { ...payload, sender: { ...payload.sender, keyId } },
      { keyId, privateKey: key.privateKey },
    );
  const sheetCells = async (content: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    const cells: unknown[][] = [];
    workbook.getWorksheet('汇总表')!.eachRow((row) => cells.push(row.values as unknown[]));
    return cells;
  };

  beforeAll(async () => {
    // One after the other: two instances starting at once on a loaded machine time out their plugins. Two fresh
    // PGlite databases migrate in this hook, hence its long timeout.
    sender = await createTestApp(kind, {
      exchange: {
        signing: { keyId: 'luohu-zhibao', privateKey: luohuKey.privateKey },
        instanceName: '罗湖区统计直报',
        trustedSenders: [],
      },
    });
    receiver = await createTestApp(kind, {
      exchange: {
        signing: null,
        instanceName: '深圳市统计直报',
        trustedSenders: [
          {
            keyId: 'luohu-zhibao',
            name: '罗湖区统计直报',
            publicKey: luohuKey.publicKey,
            mayHoldFilings: true,
          },
          {
            keyId: 'association',
            name: '深圳市软件行业协会',
            publicKey: associationKey.publicKey,
            mayHoldFilings: false,
          },
        ],
      },
    });
    const db = sender.ctx.db;
    const taskId = (
      await createTask(db, {
        ownerRegionCode: '440303',
        ownerLevel: 'county',
        opensAt: new Date(Date.now() - 20 * 86_400_000),
      })
    ).id;
    const first = await createEnterprise(db, { regionCode: '440303', name: '罗湖交换甲软件有限公司' });
    const userId = await userIdOf(db, (await createFiler(db, first)).username);
    const second = await createEnterprise(db, { regionCode: '440303', name: '罗湖交换乙软件有限公司' });
    for (const [index, enterprise] of [first, second].entries())
      await createFiling(db, {
        taskId,
        enterpriseId: enterprise.id,
        status: 'approved',
        values: sampleMonthlyValues(51 + index, index + 1, 3),
        userId,
      });
    const luohuAccount = await createAdmin(db, { adminLevel: 'county', regionCode: '440303' });
    ({ luohu } = await signInEach(sender.app, { luohu: luohuAccount }));
    const passed = await sendAs(sender.app, luohu, 'POST', '/api/admin/review/region-submissions', {
      taskId,
    });
    expect(passed.statusCode, passed.body).toBe(200);
    submissionId = passed.json<{ id: string }>().id;
    const exported = await getAs(
      sender.app,
      luohu,
      `/api/admin/review/region-submissions/${submissionId}/package?withFilings=true`,
    );
    expect(exported.statusCode, exported.body).toBe(200);
    pkg = exported.json<PassUpPackage>();

    at = await signInEach(receiver.app, {
      shenzhen: await createAdmin(receiver.ctx.db, { adminLevel: 'city', regionCode: '440300' }),
      baoan: await createAdmin(receiver.ctx.db, { adminLevel: 'county', regionCode: '440306' }),
    });
  }, 300_000);
  afterAll(async () => {
    await Promise.all([sender?.close(), receiver?.close()]);
  });

  it("imports the package with a summary, the receiver's 汇总表 equal to the sender's, and re-imports it idempotently", async () => {
    expect(pkg.payload.filings).toHaveLength(2);
    const first = await importing(at.shenzhen, pkg);
    expect(first.statusCode, first.body).toBe(200);
    const summary = first.json();
    expect(summary).toMatchObject({
      outcome: 'created',
      senderName: '罗湖区统计直报',
      region: { code: '440303', name: '罗湖区' },
      filingCount: 2,
      tableFilingCount: 2,
    });
    expect(summary.totals[0]).toEqual({
      id: 'monthly.2020',
      name: expect.stringContaining('软件业务收入'),
      value: pkg.payload.snapshot.totals['monthly.2020'],
    });

    const sent = await getAs(
      sender.app,
      luohu,
      `/api/admin/review/region-submissions/${submissionId}/summary-table`,
    );
    const received = await getAs(
      receiver.app,
      at.shenzhen,
      `/api/admin/exchange/received/${summary.id}/summary-table`,
    );
    expect(received.statusCode).toBe(200);
    expect(await sheetCells(received.rawPayload)).toEqual(await sheetCells(sent.rawPayload));

    const again = await importing(at.shenzhen, pkg);
    expect(again.json()).toMatchObject({ id: summary.id, outcome: 'unchanged' });
    const rows = await receiver.ctx.db.selectFrom('received_pass_ups').select('id').execute();
    expect(rows).toHaveLength(1);
  });

  it('lists the packages held to the city that received them, and to no district outside their region', async () => {
    const listed = await getAs(receiver.app, at.shenzhen, '/api/admin/exchange/received');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items).toEqual([
      expect.objectContaining({
        senderName: '罗湖区统计直报',
        region: { code: '440303', name: '罗湖区' },
        periodLabel: expect.stringMatching(/\d{4}年\d{1,2}月/),
        passedUpAt: pkg.payload.passedUpAt,
        receivedBy: expect.any(String),
        filingCount: 2,
      }),
    ]);
    const elsewhere = await getAs(receiver.app, at.baoan, '/api/admin/exchange/received');
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.json().items).toEqual([]);
  });

  it('refuses a package changed after signing, or signed by a key it does not list, naming the signature', async () => {
    const changed = structuredClone(pkg);
    changed.payload.summaryTable.rows[0]!.figures[0]!.current! += 1;
    const tampered = await importing(at.shenzhen, changed);
    expect(tampered.statusCode).toBe(400);
    expect(tampered.json().detail).toContain('签名验证失败');
    expect(tampered.json().invalidParams[0].name).toBe('signature.value');

    const forged = await importing(at.shenzhen, signedBy(forgerKey, 'forger', pkg.payload));
    expect(forged.statusCode).toBe(400);
    expect(forged.json().invalidParams[0].name).toBe('signature.keyId');
    expect(forged.json().detail).toContain('不在本系统信任的发送方之列');

    const notAPackage = await importing(at.shenzhen, { format: 'zhibao-filing', version: 1 });
    expect(notAPackage.statusCode).toBe(400);
    expect(notAPackage.json().invalidParams.map((param: { name: string }) => param.name)).toContain('format');
  });

  it('refuses filings it may not hold, filings that do not add up, and a region out of reach', async () => {
    const fromAssociation = await importing(
      at.shenzhen,
      signedBy(associationKey, 'association', pkg.payload),
    );
    expect(fromAssociation.statusCode).toBe(400);
    expect(fromAssociation.json().invalidParams[0].name).toBe('payload.filings');
    expect(fromAssociation.json().detail).toContain('未获准保存「深圳市软件行业协会」所辖企业的明细');

    const payload = structuredClone(pkg.payload);
    const forms = (payload.filings![0] as { forms: { monthly: Record<string, number> } }).forms;
    forms.monthly['2021'] = (forms.monthly['2021'] ?? 0) + 100;
    const uneven = await importing(at.shenzhen, signedBy(luohuKey, 'luohu-zhibao', payload));
    expect(uneven.statusCode).toBe(400);
    expect(uneven.json().detail).toContain('企业明细的合计与上报快照不符');

    const outOfReach = await importing(at.baoan, pkg);
    expect(outOfReach.statusCode).toBe(403);
    expect(outOfReach.json().invalidParams[0].name).toBe('payload.region.code');
  });

  it('replaces the package held by a newer pass-up and refuses an older one', async () => {
    const newer = { ...pkg.payload, passedUpAt: new Date(Date.now() + 60_000).toISOString(), filings: null };
    const updated = await importing(at.shenzhen, signedBy(luohuKey, 'luohu-zhibao', newer));
    expect(updated.json()).toMatchObject({ outcome: 'updated', filingCount: 0 });
    const older = await importing(at.shenzhen, pkg);
    expect(older.statusCode).toBe(409);
    expect(older.json()).toMatchObject({ code: 'PASS_UP_PACKAGE_OUTDATED' });
    expect(older.json().detail).toContain('此上报包较旧');
  });
});
