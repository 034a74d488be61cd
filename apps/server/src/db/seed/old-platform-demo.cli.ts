import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createSampleFiling, editionForPeriod } from '@zhibao/survey';
import { writeOldPlatformExport, type Sheet } from '../../moving-in/old-platform-files.ts';
import { demoEnterprises } from './demo-enterprises.ts';
import { oldPlatformDemoAccount, oldPlatformDemoYear } from './demo-accounts.ts';
import { demoUsccOf, oldPlatformDemoDir } from './seed.ts';

// `npx tsx apps/server/src/db/seed/old-platform-demo.cli.ts`: rewrites the old platform's demo export that ships in
// old-platform-demo/ — the demo directory, one old account, and a year of monthly 明细 for the key enterprises
// (a little smaller than this year's, so 同比 shows growth), with the old platform's usual defects.

const monthlyCodes = Object.keys(
  createSampleFiling(editionForPeriod(`${oldPlatformDemoYear}-01`), {
    periodType: 'month',
    seed: 1,
    scale: 1,
    monthIndex: 1,
  }).monthly!,
);
const filingRows: Sheet = [['统一社会信用代码', '企业名称', '报告期', ...monthlyCodes]];
for (const [index, enterprise] of demoEnterprises.entries()) {
  if (!enterprise.isKeyEnterprise || !enterprise.isInScope) continue;
  for (let month = 1; month <= 12; month += 1) {
    const period = `${oldPlatformDemoYear}-${String(month).padStart(2, '0')}`;
    const values = createSampleFiling(editionForPeriod(period), {
      periodType: 'month',
      seed: index * 100 + 1,
      scale: enterprise.scale * 0.88,
      monthIndex: month,
    }).monthly as Record<string, number | string>;
    filingRows.push([
      demoUsccOf(index),
      enterprise.name,
      period,
      ...monthlyCodes.map((code) => values[code] ?? ''),
    ]);
  }
}
// The old platform's usual defects: a month written as words, an amount with a unit in it, an enterprise that
// left the directory, and (kept, with its finding) a software revenue above the main business revenue.
const defective = (row: Sheet[number], column: string, value: string | number) =>
  row.map((cell, position) => (filingRows[0]![position] === column ? value : cell));
const sample = filingRows[1]!;
filingRows.push(defective(sample, '报告期', '2025年十三月'));
filingRows.push(defective(defective(sample, '报告期', `${oldPlatformDemoYear}-06`), '2010', '3,200万元'));
filingRows.push(defective(sample, '统一社会信用代码', '91500112MA5UNKNOWN'));
const konggang = demoEnterprises.findIndex((enterprise) => enterprise.key === 'konggang');
const inconsistentAt = filingRows.findIndex(
  (row) => row[0] === demoUsccOf(konggang) && row[2] === `${oldPlatformDemoYear}-02`,
);
filingRows[inconsistentAt] = defective(filingRows[inconsistentAt]!, '2021', 999_999);

await rm(oldPlatformDemoDir, { recursive: true, force: true });
await writeOldPlatformExport(
  {
    directory: [
      ['统一社会信用代码', '企业名称', '行政区划代码', '法定代表人', '行业代码', '重点企业'],
      ...demoEnterprises.map((enterprise, index) => [
        demoUsccOf(index),
        enterprise.name,
        enterprise.regionCode,
        enterprise.legalRepresentative,
        enterprise.industryCode,
        enterprise.isKeyEnterprise ? '是' : '否',
      ]),
    ],
    accounts: [
      ['用户名', '密码哈希', '盐值', '加密方式', '手机号', '姓名', '统一社会信用代码'],
      [
        oldPlatformDemoAccount.username,
        createHash('md5').update(oldPlatformDemoAccount.password).digest('hex'),
        '',
        'MD5',
        oldPlatformDemoAccount.mobile,
        oldPlatformDemoAccount.displayName,
        demoUsccOf(konggang),
      ],
    ],
    filings: { [`${oldPlatformDemoYear}年月报明细.xlsx`]: filingRows },
  },
  oldPlatformDemoDir,
);
console.log(`Wrote ${filingRows.length - 1} filing rows to ${oldPlatformDemoDir}`);
