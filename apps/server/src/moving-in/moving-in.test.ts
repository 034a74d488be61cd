import { createHash } from 'node:crypto';
import { buildUscc, createSampleFiling, editionForPeriod } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import { createEnterprise } from '../test/factories.ts';
import { countQueuedDeltas, keptTotals, totalsFromFilings } from '../test/kept-totals.ts';
import { createTestApp, getAs, signIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { periodOf } from './filings-import.ts';
import { importOldPlatform } from './moving-in.service.ts';
import { writeOldPlatformExport, type Sheet } from './old-platform-files.ts';

const oldPassword = 'laomima2020';
const newUscc = buildUscc({ authority: '9', kind: '1', division: '500112', subject: 'MA5U7XKQ' });
// Valid codes of enterprises the old platform's directory does not hold.
const unknownUscc = buildUscc({ authority: '9', kind: '1', division: '500112', subject: 'MA5U7XKR' });
const wrongCheckUscc = newUscc.slice(0, 17) + (newUscc.endsWith('A') ? 'B' : 'A');

function monthlyValues(month: number): Record<string, number | string> {
  const values = createSampleFiling(editionForPeriod(`2025-${String(month).padStart(2, '0')}`), {
    periodType: 'month',
    seed: month,
    scale: 1,
    monthIndex: month,
  });
  return values.monthly as Record<string, number | string>;
}

describe('reading the old platform’s report periods', () => {
  it('takes the ways it wrote them and nothing else', () => {
    expect(periodOf('2025-03')).toEqual({ periodType: 'month', period: '2025-03' });
    expect(periodOf('2025年3月')).toEqual({ periodType: 'month', period: '2025-03' });
    expect(periodOf('202512')).toEqual({ periodType: 'month', period: '2025-12' });
    expect(periodOf('2025年')).toEqual({ periodType: 'year', period: '2025' });
    expect(periodOf('2025-13')).toBeNull();
    expect(periodOf('三月')).toBeNull();
  });
});

describe.each(databaseKinds)('moving in from the old platform on %s', (kind) => {
  let t: TestApp;
  let dir: string;
  let existing: { id: string; uscc: string; region_code: string };

  beforeAll(async () => {
    t = await createTestApp(kind);
    existing = await createEnterprise(t.ctx.db, { regionCode: '500112', name: '渝北迁入测试软件有限公司' });
    const codes = Object.keys(monthlyValues(1));
    const row = (uscc: string, period: string, values: Record<string, number | string>) => [
      uscc,
      '企业',
      period,
      ...codes.map((code) => values[code] ?? ''),
    ];
    const inconsistent = { ...monthlyValues(3), '2021': 999_999 };
    const notANumber = { ...monthlyValues(4), '2010': '约五百' };
    const monthly: Sheet = [
      ['统一社会信用代码', '企业名称', '报告期', ...codes],
      row(existing.uscc, '2025-01', monthlyValues(1)),
      row(existing.uscc, '2025年2月', monthlyValues(2)),
      row(existing.uscc, '2025-03', inconsistent),
      row(existing.uscc, '2025-04', notANumber),
      row(existing.uscc, '2025-13', monthlyValues(5)),
      row(unknownUscc, '2025-06', monthlyValues(6)),
      row(newUscc, '2025-01', monthlyValues(1)),
    ];
    dir = await writeOldPlatformExport({
      directory: [
        ['统一社会信用代码', '企业名称', '行政区划代码', '法定代表人', '行业代码', '重点企业'],
        [existing.uscc, '渝北迁入测试软件有限公司', '500112', '张三', '6513', '是'],
        [newUscc, '重庆迁入新软件有限公司', '500112', '李四', '6511', '是'],
        ['91500112MA5U7XKQ3', '位数不对公司', '500112', '王五', '6511', '否'],
        [wrongCheckUscc, '校验位不对公司', '500112', '王五', '6511', '否'],
        [unknownUscc, '区划不存在公司', '509999', '赵六', '6511', '否'],
      ],
      accounts: [
        ['用户名', '密码哈希', '盐值', '加密方式', '手机号', '姓名', '统一社会信用代码'],
        [
          `yubei_old_${kind}`,
          createHash('md5').update(oldPassword).digest('hex'),
          '',
          'MD5',
          '13600136001',
          '老用户',
          existing.uscc,
        ],
        [
          `xin_old_${kind}`,
          createHash('sha256').update(`s4lt${oldPassword}`).digest('hex'),
          's4lt',
          'SHA-256',
          '',
          '新企业老用户',
          newUscc,
        ],
        [`rot13_${kind}`, 'uryyb', '', 'ROT13', '', '怪账号', existing.uscc],
        [`stranger_${kind}`, 'abc', '', 'md5', '', '无企业', unknownUscc],
      ],
      filings: {
        '2025年月报明细.xlsx': monthly,
        '缺列明细.xlsx': [
          ['统一社会信用代码', '企业名称', ...codes],
          [existing.uscc, '企业', ...codes.map(() => 1)],
        ],
        '未知指标明细.xlsx': [
          ['统一社会信用代码', '报告期', 'X99'],
          [existing.uscc, '2025-07', 12],
        ],
      },
    });
  });
  afterAll(() => t.close());

  it('imports the directory, the accounts and the past filings, listing every refused row by file, row and column', async () => {
    const progress: string[] = [];
    const outcome = await importOldPlatform({ ...t.ctx, cipher: personalDataCipher(t.ctx.config) }, dir, {
      startedBy: null,
      onProgress: ({ file, fileNumber, files, rows }) =>
        progress.push(`${fileNumber}/${files} ${file} ${rows}`),
    });
    expect(outcome.counts).toEqual({
      enterprisesAdded: 1,
      enterprisesUnchanged: 1,
      accountsAdded: 2,
      accountsUnchanged: 0,
      filingsAdded: 4,
      filingsUnchanged: 0,
      refusedRows: 10,
    });
    // Each file as it is opened, then its rows read so far (a file with a column missing is not read on).
    expect(progress.filter((line) => !line.endsWith(' 0'))).toEqual([
      '1/5 企业名录.csv 5',
      '2/5 用户.csv 4',
      '3/5 明细/2025年月报明细.xlsx 7',
      '4/5 明细/未知指标明细.xlsx 1',
    ]);
    expect(progress).toContain('5/5 明细/缺列明细.xlsx 0');
    expect(outcome.refusals.map(({ file, row, column }) => `${file}:${row}:${column}`)).toEqual([
      '企业名录.csv:4:统一社会信用代码',
      '企业名录.csv:5:统一社会信用代码',
      '企业名录.csv:6:行政区划代码',
      '用户.csv:4:加密方式',
      '用户.csv:5:统一社会信用代码',
      '明细/2025年月报明细.xlsx:5:2010',
      '明细/2025年月报明细.xlsx:6:报告期',
      '明细/2025年月报明细.xlsx:7:统一社会信用代码',
      '明细/未知指标明细.xlsx:2:X99',
      '明细/缺列明细.xlsx:1:报告期',
    ]);
    expect(outcome.refusals.find((refusal) => refusal.column === '2010')?.reason).toContain('约五百');
    const kept = await t.ctx.db
      .selectFrom('migration_import_refusals')
      .select(['file', 'row_number', 'column_name'])
      .where('run_id', '=', outcome.runId)
      .execute();
    expect(kept).toHaveLength(10);
  });

  it('stores them as approved, migrated filings of closed historical tasks, keeping what today’s rules find', async () => {
    const filings = await t.ctx.db
      .selectFrom('filings')
      .innerJoin('survey_tasks', 'survey_tasks.id', 'filings.task_id')
      .select([
        'survey_tasks.period',
        'survey_tasks.is_historical',
        'survey_tasks.closes_at',
        'filings.status',
        'filings.is_migrated',
        'filings.migration_findings',
      ])
      .where('filings.enterprise_id', '=', existing.id)
      .orderBy('survey_tasks.period')
      .execute();
    expect(filings.map((filing) => filing.period)).toEqual(['2025-01', '2025-02', '2025-03']);
    for (const filing of filings) {
      expect(filing).toMatchObject({ status: 'approved', is_migrated: true, is_historical: true });
      expect(filing.closes_at.getTime()).toBeLessThan(Date.now());
    }
    expect(filings[0]!.migration_findings).toEqual([]);
    expect(filings[2]!.migration_findings).toEqual([
      expect.objectContaining({ ruleId: 'E-MON-01', severity: 'error' }),
    ]);
  });

  it('adds the moved-in filings to the kept 汇总 totals at once, exactly as summed from the filings', async () => {
    const taskIds = (
      await t.ctx.db.selectFrom('survey_tasks').select('id').where('is_historical', '=', true).execute()
    ).map((task) => task.id);
    expect(taskIds.length).toBeGreaterThan(0);
    // Added set-wise by the import's statements, not queued for the fold one filing at a time.
    expect(await countQueuedDeltas(t.ctx.db, taskIds)).toBe(0);
    // January's two filings of 渝北 (the enterprise that was there and the one the directory brought) are one group.
    expect((await keptTotals(t.ctx.db, taskIds, 'region')).map((row) => row.filings)).toContain(2);
    for (const by of ['region', 'attributes'] as const) {
      const fresh = await totalsFromFilings(t.ctx.db, taskIds, by);
      expect(fresh.length).toBeGreaterThan(0);
      expect(await keptTotals(t.ctx.db, taskIds, by)).toEqual(fresh);
    }
  });

  it('changes nothing when run again', async () => {
    const countRows = async () =>
      Promise.all(
        (['enterprises', 'users', 'filings', 'survey_tasks'] as const).map(async (table) =>
          Number(
            (
              await t.ctx.db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ),
      );
    const before = await countRows();
    const outcome = await importOldPlatform({ ...t.ctx, cipher: personalDataCipher(t.ctx.config) }, dir, {
      startedBy: null,
    });
    expect(outcome.counts).toMatchObject({
      enterprisesAdded: 0,
      enterprisesUnchanged: 2,
      accountsAdded: 0,
      accountsUnchanged: 2,
      filingsAdded: 0,
      filingsUnchanged: 4,
    });
    expect(await countRows()).toEqual(before);
    const taskIds = (
      await t.ctx.db.selectFrom('survey_tasks').select('id').where('is_historical', '=', true).execute()
    ).map((task) => task.id);
    expect(await keptTotals(t.ctx.db, taskIds, 'region')).toEqual(
      await totalsFromFilings(t.ctx.db, taskIds, 'region'),
    );
  });

  it('lets a moved-in account sign in with its old password, bound to its enterprise, and asks for a new one', async () => {
    const who = await signIn(t.app, `yubei_old_${kind}`, oldPassword);
    const { user } = (await getAs(t.app, who, '/api/session')).json();
    expect(user).toMatchObject({ mustChangePassword: true, enterprise: { id: existing.id } });
  });
});
