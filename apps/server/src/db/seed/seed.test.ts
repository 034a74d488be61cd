import { isValidUscc } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPersonalDataCipher } from '../../test/test-app.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/test-database.ts';
import { demoAccounts, oldPlatformDemoAccount } from './demo-accounts.ts';
import { demoEnterprises } from './demo-enterprises.ts';
import { detectTaskOutliers } from '../../outlier/outlier-run.ts';
import { findTaskWithOwnerRegion } from '../../task/task.repository.ts';
import { isDatabaseEmpty, plantedOutlierEnterpriseKey, seedDemoData, seedReferenceData } from './seed.ts';

describe.each(databaseKinds)('demo data on %s', (kind) => {
  let database: TestDatabase;
  const now = new Date('2026-11-23T10:00:00+08:00');

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await seedDemoData(database.handle.db, now, testPersonalDataCipher);
  });
  afterAll(() => database.drop());

  it('creates a demo account for every role and level', async () => {
    const users = await database.handle.db
      .selectFrom('users')
      .select(['username', 'role', 'admin_level'])
      .where('moved_in_at', 'is', null)
      .execute();
    expect(users.map((user) => user.username).sort()).toEqual(
      demoAccounts.map((account) => account.username).sort(),
    );
    const kinds = new Set(users.map((user) => user.admin_level ?? user.role));
    expect([...kinds].sort()).toEqual(['city', 'county', 'enterprise', 'ministry', 'province']);
  });

  it('gives every demo enterprise a valid 统一社会信用代码 registered in its own division', async () => {
    const enterprises = await database.handle.db
      .selectFrom('enterprises')
      .select(['uscc', 'region_code'])
      .execute();
    expect(enterprises.length).toBeGreaterThanOrEqual(24);
    for (const enterprise of enterprises) {
      expect(isValidUscc(enterprise.uscc), enterprise.uscc).toBe(true);
      expect(enterprise.uscc.slice(2, 8)).toBe(enterprise.region_code);
    }
  });

  it('publishes last year’s annual report and this year’s monthly reports up to last month', async () => {
    const tasks = await database.handle.db
      .selectFrom('survey_tasks')
      .select(['period_type', 'period'])
      .where('owner_region_code', '=', '000000')
      .where('is_historical', '=', false)
      .orderBy('period')
      .execute();
    expect(tasks.filter((task) => task.period_type === 'year').map((task) => task.period)).toEqual(['2025']);
    expect(tasks.filter((task) => task.period_type === 'month').map((task) => task.period)).toEqual(
      Array.from({ length: 10 }, (_, index) => `2026-${String(index + 1).padStart(2, '0')}`),
    );
  });

  it('offers provincial and municipal tasks for 填报任务申请, open for a month', async () => {
    const tasks = await database.handle.db
      .selectFrom('survey_tasks')
      .select(['name', 'closes_at'])
      .where('owner_region_code', 'in', ['440000', '440300'])
      .orderBy('name')
      .execute();
    expect(tasks.map((task) => task.name)).toEqual([
      '[市级]2026年10月深圳市软件和信息技术服务业月报',
      '[省级]2025年广东省软件和信息技术服务业年报',
      '[省级]2026年10月广东省软件和信息技术服务业月报',
    ]);
    expect(tasks.every((task) => task.closes_at.getTime() > now.getTime() + 29 * 86_400_000)).toBe(true);
  });

  it('tells a realistic story: the latest month has every status, and the demo filer has a returned report', async () => {
    const latest = await database.handle.db
      .selectFrom('filings')
      .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id')
      .select(['filings.status'])
      .where('survey_tasks.period', '=', '2026-10')
      .execute();
    expect(new Set(latest.map((filing) => filing.status))).toEqual(
      new Set(['draft', 'submitted', 'returned', 'approved']),
    );

    const filerFiling = await database.handle.db
      .selectFrom('filings')
      .innerJoin('users', 'users.enterprise_id', 'filings.enterprise_id')
      .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id')
      .select(['filings.status', 'filings.deadline_extended_until'])
      .where('users.username', '=', 'qiye')
      .where('survey_tasks.period', '=', '2026-10')
      .executeTakeFirstOrThrow();
    expect(filerFiling.status).toBe('returned');
    expect(filerFiling.deadline_extended_until!.getTime()).toBeGreaterThan(now.getTime());
  });

  it('publishes 通知公告 instead of sentences in the web app: Chongqing’s notice to its region, the ministry’s', async () => {
    const announcements = await database.handle.db
      .selectFrom('announcements')
      .select(['region_code', 'scope_prefix', 'audience', 'title', 'is_pinned'])
      .orderBy('published_at', 'desc')
      .execute();
    expect(announcements[0]).toEqual({
      region_code: '500000',
      scope_prefix: '50',
      audience: 'all',
      title: '关于做好全市2025年软件和信息技术服务业统计年报及2026年定期统计报表工作的通知',
      is_pinned: true,
    });
    expect(
      announcements
        .filter((row) => row.region_code === '000000')
        .map((row) => row.audience)
        .sort(),
    ).toEqual(['administrators', 'all', 'enterprises', 'enterprises']);
  });

  it('publishes the ministry’s 制度 and enterprise manual as 制度文件与操作手册, each a PDF', async () => {
    const db = database.handle.db;
    const documents = await db
      .selectFrom('announcements')
      .select(['id', 'region_code'])
      .where('category', '=', 'document')
      .execute();
    expect(documents.map((row) => row.region_code)).toEqual(['000000']);
    const files = await db
      .selectFrom('announcement_attachments')
      .select(['file_name', 'media_type', 'content'])
      .where('announcement_id', '=', documents[0]!.id)
      .orderBy('position')
      .execute();
    expect(files.map((file) => file.file_name)).toEqual([
      expect.stringContaining('统计调查制度'),
      '企业用户操作手册.pdf',
    ]);
    for (const file of files) {
      expect(file.media_type).toBe('application/pdf');
      expect(Buffer.from(file.content).subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it("plants an outlier waiting for 渝北's review: 工控's latest 主营业务收入 increment, flagged by HB", async () => {
    const db = database.handle.db;
    const latest = await db
      .selectFrom('survey_tasks')
      .select('id')
      .where('owner_region_code', '=', '000000')
      .where('period', '=', '2026-10')
      .executeTakeFirstOrThrow();
    const task = (await findTaskWithOwnerRegion(db, latest.id))!;
    const planted = demoEnterprises.find((enterprise) => enterprise.key === plantedOutlierEnterpriseKey)!;
    const filing = await db
      .selectFrom('filings')
      .innerJoin('enterprises', 'enterprises.id', 'filings.enterprise_id')
      .select(['filings.id', 'filings.status', 'filings.pending_level', 'enterprises.region_code'])
      .where('filings.task_id', '=', task.id)
      .where('enterprises.name', '=', planted.name)
      .executeTakeFirstOrThrow();
    expect(filing).toMatchObject({ status: 'submitted', pending_level: 'county', region_code: '500112' });
    const flags = await detectTaskOutliers(db, task);
    expect(
      flags
        .filter((flag) => flag.filingId === filing.id && flag.cellId === 'monthly.2010')
        .map((flag) => `${flag.comparison} ${flag.side}`),
    ).toContain('previous-month high');
  });

  it('is not seeded twice, and reference data can be re-applied safely', async () => {
    expect(await isDatabaseEmpty(database.handle.db)).toBe(false);
    await seedReferenceData(database.handle.db);
    const regions = await database.handle.db.selectFrom('regions').select('code').execute();
    expect(new Set(regions.map((region) => region.code)).size).toBe(regions.length);
  });

  it('moves in last year’s monthly reports and an old account from the old platform’s demo export', async () => {
    const db = database.handle.db;
    const migrated = await db
      .selectFrom('filings')
      .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id')
      .select(['survey_tasks.period', 'filings.status', 'filings.migration_findings'])
      .where('filings.is_migrated', '=', true)
      .execute();
    const keyEnterprises = demoEnterprises.filter(
      (enterprise) => enterprise.isKeyEnterprise && enterprise.isInScope,
    );
    expect(migrated).toHaveLength(keyEnterprises.length * 12);
    expect(new Set(migrated.map((filing) => filing.period))).toEqual(
      new Set(Array.from({ length: 12 }, (_, index) => `2025-${String(index + 1).padStart(2, '0')}`)),
    );
    expect(migrated.filter((filing) => (filing.migration_findings ?? []).length > 0)).toHaveLength(1);
    const run = await db
      .selectFrom('migration_import_runs')
      .select(['status', 'counts'])
      .executeTakeFirstOrThrow();
    // The export's three defective rows are refused, each named.
    expect(run).toMatchObject({ status: 'finished', counts: { refusedRows: 3, accountsAdded: 1 } });
    const account = await db
      .selectFrom('users')
      .select(['username', 'password_hash'])
      .where('moved_in_at', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(account.username).toBe(oldPlatformDemoAccount.username);
    expect(account.password_hash).toMatch(/^\$legacy\$md5\$/);
  });
});
