import type { Database } from '../database.ts';
import { recordObligationsAtPublication } from '../../task/task-obligation.repository.ts';

// China Standard Time has no daylight saving, so a fixed offset is exact.
const pad = (value: number) => String(value).padStart(2, '0');

function chinaParts(date: Date): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(date);
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)!.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/**
 * Provincial and municipal tasks an enterprise takes up through 填报任务申请 (广东省, 深圳市): last month's
 * monthly reports and last year's annual report, open from the 1st of this month for thirty days from now.
 */
export async function seedDemoApplicationTasks(db: Database, editionId: string, now: Date): Promise<void> {
  const today = chinaParts(now);
  const lastMonth =
    today.month === 1 ? { year: today.year - 1, month: 12 } : { year: today.year, month: today.month - 1 };
  const closing = chinaParts(new Date(now.getTime() + 30 * 86_400_000));
  const opensAt = new Date(`${today.year}-${pad(today.month)}-01T00:00:00+08:00`);
  const closesAt = new Date(`${closing.year}-${pad(closing.month)}-${pad(closing.day)}T18:00:00+08:00`);
  const monthLabel = `${lastMonth.year}年${pad(lastMonth.month)}月`;
  const monthPeriod = `${lastMonth.year}-${pad(lastMonth.month)}`;
  const tasks = [
    {
      name: `[市级]${monthLabel}深圳市软件和信息技术服务业月报`,
      owner: '440300',
      type: 'month' as const,
      period: monthPeriod,
    },
    {
      name: `[省级]${monthLabel}广东省软件和信息技术服务业月报`,
      owner: '440000',
      type: 'month' as const,
      period: monthPeriod,
    },
    {
      name: `[省级]${today.year - 1}年广东省软件和信息技术服务业年报`,
      owner: '440000',
      type: 'year' as const,
      period: String(today.year - 1),
    },
  ];
  const inserted = await db
    .insertInto('survey_tasks')
    .values(
      tasks.map((task) => ({
        name: task.name,
        edition_id: editionId,
        period_type: task.type,
        period: task.period,
        owner_level: task.owner === '440000' ? ('province' as const) : ('city' as const),
        owner_region_code: task.owner,
        opens_at: opensAt,
        closes_at: closesAt,
      })),
    )
    .returning('id')
    .execute();
  await recordObligationsAtPublication(
    db,
    inserted.map((row) => row.id),
  );
}
