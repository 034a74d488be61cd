import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createFiler } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

describe.each(databaseKinds)('enterprise directory access on %s', (kind) => {
  let t: TestApp;
  const names = {
    nanshan: '南山测试软件有限公司',
    futian: '福田测试软件有限公司',
    yubei: '渝北测试软件有限公司',
  };
  let accounts: Record<
    'nanshan' | 'shenzhen' | 'guangdong' | 'ministry' | 'yubei' | 'filer',
    { username: string; password: string }
  >;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    const nanshan = await createEnterprise(db, { regionCode: '440305', name: names.nanshan });
    await createEnterprise(db, { regionCode: '440304', name: names.futian });
    await createEnterprise(db, { regionCode: '500112', name: names.yubei });
    accounts = {
      nanshan: await createAdmin(db, { adminLevel: 'county', regionCode: '440305' }),
      shenzhen: await createAdmin(db, { adminLevel: 'city', regionCode: '440300' }),
      guangdong: await createAdmin(db, { adminLevel: 'province', regionCode: '440000' }),
      ministry: await createAdmin(db, { adminLevel: 'ministry', regionCode: '000000' }),
      yubei: await createAdmin(db, { adminLevel: 'county', regionCode: '500112' }),
      filer: await createFiler(db, nanshan),
    };
  });
  afterAll(() => t.close());

  async function visibleNames(account: keyof typeof accounts, query = '') {
    const who = await signIn(t.app, accounts[account].username, accounts[account].password);
    const response = await getAs(t.app, who, `/api/admin/enterprises${query}`);
    return { status: response.statusCode, body: response.json() };
  }

  it.each([
    ['nanshan', [names.nanshan]],
    ['shenzhen', [names.futian, names.nanshan]],
    ['guangdong', [names.futian, names.nanshan]],
    ['ministry', [names.futian, names.nanshan, names.yubei]],
    ['yubei', [names.yubei]],
  ] as const)(
    'shows the %s administrator only the enterprises of their region',
    async (account, expected) => {
      const { status, body } = await visibleNames(account);
      expect(status).toBe(200);
      expect(body.items.map((item: { name: string }) => item.name).sort()).toEqual([...expected].sort());
      expect(body.total).toBe(expected.length);
    },
  );

  it('searches by name within the region only', async () => {
    const { body } = await visibleNames('nanshan', `?keyword=${encodeURIComponent('渝北')}`);
    expect(body.items).toEqual([]);
    const ministry = await visibleNames('ministry', `?keyword=${encodeURIComponent('渝北')}`);
    expect(ministry.body.items.map((item: { name: string }) => item.name)).toEqual([names.yubei]);
  });

  it('refuses the directory to an enterprise filer', async () => {
    const { status, body } = await visibleNames('filer');
    expect(status).toBe(403);
    expect(body.detail).toBe('该功能仅供管理员使用');
  });

  it('names the bad paging parameter', async () => {
    const { status, body } = await visibleNames('ministry', '?page=0');
    expect(status).toBe(400);
    expect(body.invalidParams[0]).toMatchObject({ name: 'page', reason: '页码从1开始' });
  });
});
