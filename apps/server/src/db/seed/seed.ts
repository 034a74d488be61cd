import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildUscc, createSampleFiling, getEdition } from '@zhibao/survey';
import { sql } from 'kysely';
import { hashPassword } from '../../account/password.ts';
import { regionSeed, type RegionSeed } from '../../region/region-data.ts';
import { chainForLineage, defaultReviewChainLevels, provinceCodeOf } from '../../review/review-chain.ts';
import type { PersonalDataCipher } from '../../personal-data/personal-data-cipher.ts';
import { sealMobile } from '../../personal-data/sealed-mobile.ts';
import type { Database } from '../database.ts';
import type { AdminLevel, CellValues, FilingStatus } from '../schema.ts';
import { demoAccounts } from './demo-accounts.ts';
import { seedDemoAnnouncements } from './demo-announcements.ts';
import { seedDemoApplicationTasks } from './demo-application-tasks.ts';
import { demoEnterprises, type DemoEnterprise } from './demo-enterprises.ts';
import { recordObligationsAtPublication } from '../../task/task-obligation.repository.ts';
import { importOldPlatform } from '../../moving-in/moving-in.service.ts';

/** The old platform's export of the demo enterprises (old-platform-demo.cli.ts writes it), moved in on first start. */
export const oldPlatformDemoDir = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'old-platform-demo',
);

/** Regions (GB/T 2260) are reference data: inserted or brought up to date at every start. */
export async function seedReferenceData(db: Database): Promise<void> {
  await db
    .insertInto('regions')
    .values(
      regionSeed.map((region) => ({
        code: region.code,
        name: region.name,
        level: region.level,
        parent_code: region.parentCode,
      })),
    )
    .onConflict((conflict) =>
      conflict.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        level: eb.ref('excluded.level'),
        parent_code: eb.ref('excluded.parent_code'),
      })),
    )
    .execute();
  // Each province's review chain starts as its default; administrators' later changes are kept.
  await db
    .insertInto('review_chains')
    .values(
      regionSeed
        .filter((region) => region.level === 'province')
        .map((region) => ({
          province_code: region.code,
          levels: JSON.stringify(defaultReviewChainLevels(region.code)),
        })),
    )
    .onConflict((conflict) => conflict.column('province_code').doNothing())
    .execute();
}

/** True when the database has no users yet, i.e. this is the first start. */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();
  return row.count === 0;
}

// China Standard Time has no daylight saving, so a fixed offset is exact.
function chinaTime(date: string, time = '00:00:00'): Date {
  return new Date(`${date}T${time}+08:00`);
}

const pad = (value: number) => String(value).padStart(2, '0');

interface DemoTask {
  name: string;
  periodType: 'month' | 'year';
  period: string;
  monthIndex: number;
  opensAt: Date;
  closesAt: Date;
}

/**
 * The tasks a demo needs at this moment: last year's annual report (due 3-20 18:00) and the monthly
 * reports of this year whose window has opened (each due on the 15th of the next month, 18:00).
 */
function demoTasks(now: Date): DemoTask[] {
  const year = Number(
    new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Shanghai' }).format(now),
  );
  const annualYear = year - 1;
  const tasks: DemoTask[] = [
    {
      name: `[部级]${annualYear}年软件和信息技术服务业年报`,
      periodType: 'year',
      period: String(annualYear),
      monthIndex: 12,
      opensAt: chinaTime(`${year}-01-15`),
      closesAt: chinaTime(`${year}-03-20`, '18:00:00'),
    },
  ];
  for (let month = 1; month <= 12; month += 1) {
    const nextYear = month === 12 ? year + 1 : year;
    const nextMonth = month === 12 ? 1 : month + 1;
    const opensAt = chinaTime(`${nextYear}-${pad(nextMonth)}-01`);
    if (opensAt > now) break;
    tasks.push({
      name: `[部级]${year}年${pad(month)}月软件和信息技术服务业月报`,
      periodType: 'month',
      period: `${year}-${pad(month)}`,
      monthIndex: month,
      opensAt,
      closesAt: chinaTime(`${nextYear}-${pad(nextMonth)}-15`, '18:00:00'),
    });
  }
  return tasks;
}

const usccAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** The demo enterprise's 统一社会信用代码, the same on every machine (the old platform's demo export names it). */
export function demoUsccOf(index: number): string {
  return buildUscc({
    authority: '9',
    kind: '1',
    division: demoEnterprises[index]!.regionCode,
    subject: subjectBodyFor(index),
  });
}

// A deterministic 8-character subject body per enterprise, from the USCC's own alphabet.
function subjectBodyFor(index: number): string {
  let body = '';
  let rest = index * 7919 + 104729;
  for (let i = 0; i < 6; i += 1) {
    body += usccAlphabet[rest % usccAlphabet.length];
    rest = Math.floor(rest / usccAlphabet.length);
  }
  return `MA${body}`;
}

function lineageOf(regionCode: string): RegionSeed[] {
  const byCode = new Map(regionSeed.map((region) => [region.code, region]));
  const lineage: RegionSeed[] = [];
  for (
    let region = byCode.get(regionCode);
    region;
    region = region.parentCode ? byCode.get(region.parentCode) : undefined
  ) {
    lineage.push(region);
  }
  return lineage;
}

interface PlannedFiling {
  status: FilingStatus;
  pendingLevel: AdminLevel | null;
  deadlineExtendedUntil: Date | null;
}

// The story of the latest monthly report across the directory: most approved, some waiting, one returned, a few late.
const latestMonthStories: Array<FilingStatus | 'none'> = [
  'approved',
  'submitted',
  'draft',
  'submitted',
  'approved',
  'none',
  'returned',
  'submitted',
];

/**
 * The demo's planted outlier: 渝北's 工控安全 typed its latest month's 主营业务收入 (2010) increment ten times over,
 * and its filing waits for the district (yubei): an outlier a reviewer can ask about with 请核实, in every demo.
 */
export const plantedOutlierEnterpriseKey = 'gongkong';

/** The latest month's values of the planted outlier: 2010's increment over the month before, ten times. */
function plantOutlier(values: CellValues, monthBefore: CellValues | null): CellValues {
  const current = values.monthly?.['2010'];
  const before = monthBefore?.monthly?.['2010'] ?? 0;
  if (typeof current !== 'number' || typeof before !== 'number') return values;
  const planted = Math.round((before + (current - before) * 10) * 100) / 100;
  return { ...values, monthly: { ...values.monthly, '2010': planted } };
}

function planFiling(
  enterprise: DemoEnterprise,
  index: number,
  task: DemoTask,
  isLatestMonth: boolean,
  now: Date,
): PlannedFiling | null {
  const chain = chainForLineage(
    lineageOf(enterprise.regionCode),
    defaultReviewChainLevels(provinceCodeOf(enterprise.regionCode)),
  );
  if (enterprise.key === 'lanhai' && isLatestMonth) {
    // The demo filer's current job: a report returned by the district, with a week's extension.
    return {
      status: 'returned',
      pendingLevel: null,
      deadlineExtendedUntil: new Date(now.getTime() + 7 * 86_400_000),
    };
  }
  if (enterprise.key === plantedOutlierEnterpriseKey && isLatestMonth) {
    return { status: 'submitted', pendingLevel: 'county', deadlineExtendedUntil: null };
  }
  const story = isLatestMonth ? latestMonthStories[index % latestMonthStories.length]! : 'approved';
  if (story === 'none') return null;
  if (story === 'submitted') {
    const level = chain[index % Math.max(1, chain.length - 1)] ?? 'county';
    return { status: 'submitted', pendingLevel: level, deadlineExtendedUntil: null };
  }
  return { status: story, pendingLevel: null, deadlineExtendedUntil: null };
}

/** Demo accounts for every role, a few dozen enterprises with valid USCCs, and a year of filings. */
export async function seedDemoData(db: Database, now: Date, cipher: PersonalDataCipher): Promise<void> {
  const edition = getEdition();
  const passwordHash = await hashPassword(demoAccounts[0]!.password);
  await db.transaction().execute(async (trx) => {
    const enterpriseIds = new Map<string, string>();
    for (const [index, enterprise] of demoEnterprises.entries()) {
      const uscc = demoUsccOf(index);
      const row = await trx
        .insertInto('enterprises')
        .values({
          uscc,
          name: enterprise.name,
          region_code: enterprise.regionCode,
          legal_representative: enterprise.legalRepresentative,
          industry_code: enterprise.industryCode,
          is_in_scope: enterprise.isInScope,
          is_key_enterprise: enterprise.isKeyEnterprise,
          has_ai_business: enterprise.hasAiBusiness,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      enterpriseIds.set(enterprise.key, row.id);
    }

    const userIds = new Map<string, string>();
    for (const account of demoAccounts) {
      const row = await trx
        .insertInto('users')
        .values({
          username: account.username,
          password_hash: passwordHash,
          display_name: account.displayName,
          ...sealMobile(cipher, account.mobile),
          role: account.role,
          admin_level: account.adminLevel,
          region_code: account.regionCode,
          enterprise_id: account.enterpriseKey ? (enterpriseIds.get(account.enterpriseKey) ?? null) : null,
          // The demo filer is a verified 自然人 account that manages its enterprise's filer accounts.
          ...(account.enterpriseKey
            ? {
                account_type: 'natural_person' as const,
                verified_at: now,
                bound_at: now,
                is_enterprise_manager: true,
              }
            : {}),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      userIds.set(account.username, row.id);
    }
    const filerId = userIds.get('qiye')!;

    const tasks = demoTasks(now);
    const latestMonth = tasks.filter((task) => task.periodType === 'month').at(-1);
    for (const task of tasks) {
      const taskRow = await trx
        .insertInto('survey_tasks')
        .values({
          name: task.name,
          edition_id: edition.id,
          period_type: task.periodType,
          period: task.period,
          owner_level: 'ministry',
          owner_region_code: '000000',
          opens_at: task.opensAt,
          closes_at: task.closesAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordObligationsAtPublication(trx, [taskRow.id]);

      for (const [index, enterprise] of demoEnterprises.entries()) {
        const isObliged =
          task.periodType === 'year'
            ? enterprise.isInScope
            : enterprise.isInScope && enterprise.isKeyEnterprise;
        if (!isObliged) continue;
        const plan = planFiling(enterprise, index, task, task === latestMonth, now);
        if (!plan) continue;
        const sample = (monthIndex: number) =>
          createSampleFiling(edition, {
            periodType: task.periodType,
            seed: index * 100 + 1,
            scale: enterprise.scale,
            monthIndex,
          }) as CellValues;
        const values =
          enterprise.key === plantedOutlierEnterpriseKey && task === latestMonth
            ? plantOutlier(sample(task.monthIndex), task.monthIndex > 1 ? sample(task.monthIndex - 1) : null)
            : sample(task.monthIndex);
        const submittedAt =
          plan.status === 'draft'
            ? null
            : new Date(Math.min(now.getTime(), task.closesAt.getTime()) - ((index % 5) + 1) * 86_400_000);
        const filing = await trx
          .insertInto('filings')
          .values({
            task_id: taskRow.id,
            enterprise_id: enterpriseIds.get(enterprise.key)!,
            status: plan.status,
            pending_level: plan.pendingLevel,
            cell_values: JSON.stringify(values),
            explanations: JSON.stringify({}),
            deadline_extended_until: plan.deadlineExtendedUntil,
            submitted_at: submittedAt,
            updated_at: submittedAt ?? now,
            updated_by: enterprise.key === 'lanhai' ? filerId : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (submittedAt) {
          await trx
            .insertInto('filing_revisions')
            .values({
              filing_id: filing.id,
              revision_no: 1,
              cell_values: JSON.stringify(values),
              explanations: JSON.stringify({}),
              submitted_by: filerId,
              submitted_at: submittedAt,
            })
            .execute();
        }
      }
    }
    await seedDemoApplicationTasks(trx, edition.id, now);
    await seedDemoAnnouncements(trx, userIds, now);
  });
  // Last year's monthly reports come from the old platform, as they would on a real first start: 同比 has a base.
  await importOldPlatform({ db, now: () => now, cipher }, oldPlatformDemoDir, { startedBy: null });
}
