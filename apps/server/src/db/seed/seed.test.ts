import { isValidUscc } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/test-database.ts';
import { demoAccounts } from './demo-accounts.ts';
import { isDatabaseEmpty, seedDemoData, seedReferenceData } from './seed.ts';

describe.each(databaseKinds)('demo data on %s', (kind) => {
  let database: TestDatabase;
  const now = new Date('2026-11-23T10:00:00+08:00');

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await seedDemoData(database.handle.db, now);
  });
  afterAll(() => database.drop());

  it('creates a demo account for every role and level', async () => {
    const users = await database.handle.db
      .selectFrom('users')
      .select(['username', 'role', 'admin_level'])
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

  it('is not seeded twice, and reference data can be re-applied safely', async () => {
    expect(await isDatabaseEmpty(database.handle.db)).toBe(false);
    await seedReferenceData(database.handle.db);
    const regions = await database.handle.db.selectFrom('regions').select('code').execute();
    expect(new Set(regions.map((region) => region.code)).size).toBe(regions.length);
  });
});
