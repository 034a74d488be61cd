import { randomUUID } from 'node:crypto';
import {
  buildUscc,
  classifyEnterpriseSize,
  createSampleFiling,
  ENTERPRISE_SIZE_CODES,
  getEdition,
  sampleNameParts,
} from '@zhibao/survey';
import { sql, type Insertable } from 'kysely';
import { foldAggregationDeltas } from '../../../aggregation/aggregation.repository.ts';
import { defaultReviewChainLevels } from '../../../review/review-chain.ts';
import type { Database } from '../../database.ts';
import type { AdminLevel, EnterpriseTable, FilingStatus } from '../../schema.ts';
import { planScaleRegions, type ScaleCounty } from './scale-regions.ts';

// A national population for benchmarks: enterprises in every province with a skewed size (a few large, many
// small), twelve monthly filings and one annual filing each, year-to-date values that grow month by month,
// and the statuses of a year in progress. Rows go in as multi-row INSERTs, a few thousand per statement, one
// transaction per batch of enterprises, against the indexes the migrations define.

export interface ScaleSeedOptions {
  enterprises: number;
  /** The survey year of the monthly tasks and of the annual task (default 2026). */
  year?: number;
  /** Seeds the random choices, so two runs with the same options produce the same population. */
  seed?: number;
  /** Progress lines (enterprises, filings, rows/s, ETA); silent when absent. */
  log?: (line: string) => void;
}

export interface ScaleSeedResult {
  enterprises: number;
  filings: number;
  seconds: number;
  monthlyTaskIds: string[];
  annualTaskId: string;
}

const ENTERPRISES_PER_BATCH = 500;
const ROWS_PER_STATEMENT = 2000;

// mulberry32: a small, fast generator; Math.random cannot be seeded.
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A log-normal draw: most firms small, a long tail of large ones (median 0.4, about 1 in 1,000 above 25). */
function drawScale(random: () => number): number {
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(200, Math.max(0.05, Math.exp(-0.9 + 1.4 * normal)));
}

function pickCounty(counties: ScaleCounty[], cumulative: number[], random: () => number): ScaleCounty {
  const target = random() * cumulative[cumulative.length - 1]!;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return counties[low]!;
}

const usccAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// 'K' + seven characters: distinct from the demo seed's 'MA…' and the test factories' 'T…' subjects (the moving-in
// benchmark's old platform uses 'B').
export function subjectBodyFor(serial: number, prefix = 'K'): string {
  let rest = serial;
  let body = '';
  for (let i = 0; i < 7; i += 1) {
    body += usccAlphabet[rest % usccAlphabet.length];
    rest = Math.floor(rest / usccAlphabet.length);
  }
  return `${prefix}${body}`;
}

const { words: nameWords, suffixes: nameSuffixes, surnames, givenNames } = sampleNameParts;

interface FilingPlan {
  status: FilingStatus;
  pendingLevel: AdminLevel | null;
}

/**
 * A year in progress: the first nine months approved up the chain, the last three with more filings still
 * waiting at a level, in draft or returned; the annual report half way through its review.
 */
function planFiling(random: () => number, monthIndex: number | null, chain: AdminLevel[]): FilingPlan {
  const [approved, submitted, draft] =
    monthIndex === null
      ? [0.45, 0.35, 0.15]
      : monthIndex <= 9
        ? [1, 0, 0]
        : monthIndex === 10
          ? [0.95, 0.05, 0]
          : monthIndex === 11
            ? [0.85, 0.1, 0.04]
            : [0.55, 0.3, 0.1];
  const draw = random();
  if (draw < approved) return { status: 'approved', pendingLevel: null };
  if (draw < approved + submitted) {
    const waitingAt = chain[Math.floor(random() * chain.length)] ?? 'county';
    return { status: 'submitted', pendingLevel: waitingAt };
  }
  if (draw < approved + submitted + draft) return { status: 'draft', pendingLevel: null };
  return { status: 'returned', pendingLevel: null };
}

// China Standard Time has no daylight saving, so a fixed offset is exact.
const chinaTime = (date: string, time = '00:00:00') => new Date(`${date}T${time}+08:00`);
const pad2 = (value: number) => String(value).padStart(2, '0');

async function findOrCreateTask(
  db: Database,
  task: { name: string; periodType: 'month' | 'year'; period: string; opensAt: Date; closesAt: Date },
): Promise<string> {
  const existing = await db
    .selectFrom('survey_tasks')
    .select('id')
    .where('period_type', '=', task.periodType)
    .where('period', '=', task.period)
    .where('owner_region_code', '=', '000000')
    .executeTakeFirst();
  if (existing) return existing.id;
  const row = await db
    .insertInto('survey_tasks')
    .values({
      name: task.name,
      edition_id: getEdition().id,
      period_type: task.periodType,
      period: task.period,
      owner_level: 'ministry',
      owner_region_code: '000000',
      opens_at: task.opensAt,
      closes_at: task.closesAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The ministry's twelve monthly tasks and annual task of `year`, created where missing. */
export async function ensureScaleTasks(db: Database, year: number) {
  const monthlyTaskIds: string[] = [];
  for (let month = 1; month <= 12; month += 1) {
    const next = month === 12 ? `${year + 1}-01` : `${year}-${pad2(month + 1)}`;
    monthlyTaskIds.push(
      await findOrCreateTask(db, {
        name: `[部级]${year}年${pad2(month)}月软件和信息技术服务业月报`,
        periodType: 'month',
        period: `${year}-${pad2(month)}`,
        opensAt: chinaTime(`${next}-01`),
        closesAt: chinaTime(`${next}-15`, '18:00:00'),
      }),
    );
  }
  const annualTaskId = await findOrCreateTask(db, {
    name: `[部级]${year}年软件和信息技术服务业年报`,
    periodType: 'year',
    period: String(year),
    opensAt: chinaTime(`${year + 1}-01-15`),
    closesAt: chinaTime(`${year + 1}-03-20`, '18:00:00'),
  });
  return { monthlyTaskIds, annualTaskId };
}

function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}m${pad2(whole % 60)}s`;
}

type FilingInsert = {
  id: string;
  task_id: string;
  enterprise_id: string;
  status: FilingStatus;
  pending_level: AdminLevel | null;
  cell_values: string;
  explanations: string;
  submitted_at: Date | null;
  updated_at: Date;
};

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await insert(rows.slice(start, start + ROWS_PER_STATEMENT));
  }
}

/** Seeds `enterprises` enterprises with a year of filings each; adds stand-in districts where none exist. */
export async function seedScaleData(db: Database, options: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const started = performance.now();
  const year = options.year ?? 2026;
  const log = options.log ?? (() => {});
  const edition = getEdition();
  const industries = edition.codeLists.find((list) => list.id === 'industry')?.entries.map((e) => e.code) ?? [
    '6513',
  ];

  const plan = planScaleRegions();
  if (plan.newRegions.length > 0) {
    await insertInChunks(plan.newRegions, (chunk) =>
      db
        .insertInto('regions')
        .values(
          chunk.map((region) => ({
            code: region.code,
            name: region.name,
            level: region.level,
            parent_code: region.parentCode,
          })),
        )
        .onConflict((conflict) => conflict.column('code').doNothing())
        .execute(),
    );
  }
  const cumulative: number[] = [];
  plan.counties.reduce((sum, county) => {
    cumulative.push(sum + county.weight);
    return sum + county.weight;
  }, 0);
  const { monthlyTaskIds, annualTaskId } = await ensureScaleTasks(db, year);

  // Serial numbers continue after the enterprises already present, so a second run adds new USCCs.
  const { count: existing } = await db
    .selectFrom('enterprises')
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();
  const random = createRandom(options.seed ?? 2026);
  const totalFilings = options.enterprises * 13;
  let filingsDone = 0;
  const emptyExplanations = JSON.stringify({});
  const decemberClose = chinaTime(`${year + 1}-01-15`, '18:00:00');

  for (let first = 0; first < options.enterprises; first += ENTERPRISES_PER_BATCH) {
    const count = Math.min(ENTERPRISES_PER_BATCH, options.enterprises - first);
    const enterprises: Array<Insertable<EnterpriseTable>> = [];
    const filings: FilingInsert[] = [];
    for (let offset = 0; offset < count; offset += 1) {
      const serial = existing + first + offset + 1;
      const county = pickCounty(plan.counties, cumulative, random);
      const scale = drawScale(random);
      const id = randomUUID();
      // One sample seed per enterprise: its twelve monthly filings share the monthly weights, so year-to-date
      // values grow month by month, and its annual filing describes the same firm.
      const sampleSeed = (options.seed ?? 2026) * 1_000_003 + serial;
      const annual = createSampleFiling(edition, { periodType: 'year', seed: sampleSeed, scale });
      const chain = defaultReviewChainLevels(county.provinceCode).filter((level) => level !== 'ministry');
      const december = createSampleFiling(edition, {
        periodType: 'month',
        seed: sampleSeed,
        scale,
        monthIndex: 12,
      });
      const mainRevenue = Number(december.monthly?.['2010'] ?? 0);
      enterprises.push({
        id,
        uscc: buildUscc({
          authority: '9',
          kind: '1',
          division: county.code,
          subject: subjectBodyFor(serial),
        }),
        name: `${nameWords[serial % nameWords.length]}${nameWords[Math.floor(serial / nameWords.length) % nameWords.length]}${nameSuffixes[serial % nameSuffixes.length]}（${serial}）`,
        region_code: county.code,
        legal_representative: `${surnames[serial % surnames.length]}${givenNames[Math.floor(serial / surnames.length) % givenNames.length]}`,
        industry_code: industries[Math.floor(random() * industries.length)]!,
        is_in_scope: true,
        is_key_enterprise: true,
        has_ai_business: random() < 0.15,
        main_revenue: mainRevenue,
        // 规模 from the December filing: 平均用工人数 and 主营业务收入 (万元), as the directory would hold it.
        size_code:
          ENTERPRISE_SIZE_CODES[classifyEnterpriseSize(Number(december.monthly?.['2112'] ?? 0), mainRevenue)],
      });

      const addFiling = (taskId: string, values: unknown, monthIndex: number | null, closesAt: Date) => {
        const filingPlan = planFiling(random, monthIndex, chain);
        const submittedAt =
          filingPlan.status === 'draft'
            ? null
            : new Date(closesAt.getTime() - (1 + random() * 10) * 86_400_000);
        filings.push({
          id: randomUUID(),
          task_id: taskId,
          enterprise_id: id,
          status: filingPlan.status,
          pending_level: filingPlan.pendingLevel,
          cell_values: JSON.stringify(values),
          explanations: emptyExplanations,
          submitted_at: submittedAt,
          updated_at: submittedAt ?? closesAt,
        });
      };
      for (let month = 1; month <= 12; month += 1) {
        // About one filing in twenty carries a serious warning (revenue without staff) an enterprise explained
        // away; one in a hundred a must-fix error, which only a draft or returned filing can hold.
        const issueDraw = random();
        const values =
          month === 12
            ? december
            : createSampleFiling(edition, {
                periodType: 'month',
                seed: sampleSeed,
                scale,
                monthIndex: month,
                withIssues: issueDraw < 0.05 ? ['warning'] : [],
              });
        const closesAt =
          month === 12 ? decemberClose : chinaTime(`${year}-${pad2(month + 1)}-15`, '18:00:00');
        addFiling(monthlyTaskIds[month - 1]!, values, month, closesAt);
        const added = filings[filings.length - 1]!;
        if (issueDraw >= 0.99 && (added.status === 'draft' || added.status === 'returned')) {
          added.cell_values = JSON.stringify(
            createSampleFiling(edition, {
              periodType: 'month',
              seed: sampleSeed,
              scale,
              monthIndex: month,
              withIssues: ['error'],
            }),
          );
        }
      }
      addFiling(annualTaskId, annual, null, chinaTime(`${year + 1}-03-20`, '18:00:00'));
    }

    await db.transaction().execute(async (trx) => {
      await insertInChunks(enterprises, (chunk) => trx.insertInto('enterprises').values(chunk).execute());
      await insertInChunks(filings, (chunk) => trx.insertInto('filings').values(chunk).execute());
    });
    // The 汇总 totals follow each batch, so the backlog of changes never outgrows one fold.
    await foldAggregationDeltas(db);
    filingsDone += filings.length;
    const seconds = (performance.now() - started) / 1000;
    const rowsPerSecond = (filingsDone + first + count) / seconds;
    const remaining = totalFilings - filingsDone + (options.enterprises - first - count);
    log(
      `enterprises ${(first + count).toLocaleString('en')}/${options.enterprises.toLocaleString('en')} · ` +
        `filings ${filingsDone.toLocaleString('en')}/${totalFilings.toLocaleString('en')} · ` +
        `${Math.round(rowsPerSecond).toLocaleString('en')} rows/s · ETA ${formatDuration(remaining / rowsPerSecond)}`,
    );
  }
  // Fresh planner statistics, so the first queries over the new rows get the plans they will have later.
  await sql`vacuum analyze`.execute(db);
  return {
    enterprises: options.enterprises,
    filings: filingsDone,
    seconds: (performance.now() - started) / 1000,
    monthlyTaskIds,
    annualTaskId,
  };
}
