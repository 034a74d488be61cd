import type { Database } from '../db/database.ts';
import { createAdmin, createEnterprise, createFiling, createTask, userIdOf } from './factories.ts';

/*
 * A fixed data set for estimation and selective editing, March 2026 of the ministry's monthly report. Year-to-date
 * 软件产品收入 (2021); 主营业务收入 (2010) twice that; every other cell blank.
 *   R1 南山  2025-02 100, 2025-03 130, 2026-01 60, 2026-02 120, 2026-03 160 (submitted, waiting for the city)
 *   R2 宝安  2025-02 200, 2025-03 250, 2026-01 100, 2026-02 220, 2026-03 280 (submitted, waiting for the city)
 *   N1 南山  2025-02 400, 2025-03 480, 2026-02 500, not filed
 *   N2 宝安  2026-01 100, 2026-02 300, not filed
 *   N3 南山  no history, not filed
 *   N4 南山  2026-02 50, excused (免报)
 * Fewer enterprises than the edition's minimum class size: one class, pooled up to the nation.
 */
export const estimationHistory = {
  r1: { '2025-02': 100, '2025-03': 130, '2026-01': 60, '2026-02': 120, '2026-03': 160 },
  r2: { '2025-02': 200, '2025-03': 250, '2026-01': 100, '2026-02': 220, '2026-03': 280 },
  n1: { '2025-02': 400, '2025-03': 480, '2026-02': 500 },
  n2: { '2026-01': 100, '2026-02': 300 },
  n3: {},
  n4: { '2026-02': 50 },
} as const;

export type FixtureEnterprise = keyof typeof estimationHistory;

export const monthlyFigures = (value: number) => ({ monthly: { '2021': value, '2010': value * 2 } });

/** Builds the data set; answers the March task and the enterprises' ids. */
export async function createEstimationFixture(db: Database) {
  const past = { closesAt: new Date('2026-01-01T00:00:00Z'), opensAt: new Date('2025-01-01T00:00:00Z') };
  const tasks: Record<string, string> = {};
  for (const period of ['2025-02', '2025-03', '2026-01', '2026-02'])
    tasks[period] = (await createTask(db, { period, ...past })).id;
  const regions: Record<FixtureEnterprise, string> = {
    r1: '440305',
    r2: '440306',
    n1: '440305',
    n2: '440306',
    n3: '440305',
    n4: '440305',
  };
  const ids = {} as Record<FixtureEnterprise, string>;
  for (const [key, regionCode] of Object.entries(regions) as Array<[FixtureEnterprise, string]>) {
    ids[key] = (await createEnterprise(db, { regionCode, name: `推算测试${key}` })).id;
  }
  const taskId = (await createTask(db, { period: '2026-03' })).id;
  tasks['2026-03'] = taskId;
  for (const [key, periods] of Object.entries(estimationHistory) as Array<[FixtureEnterprise, object]>) {
    for (const [period, value] of Object.entries(periods) as Array<[string, number]>) {
      const isCurrent = period === '2026-03';
      await createFiling(db, {
        taskId: tasks[period]!,
        enterpriseId: ids[key],
        status: isCurrent ? 'submitted' : 'approved',
        pendingLevel: isCurrent ? 'city' : null,
        values: monthlyFigures(value),
      });
    }
  }
  const excuser = await createAdmin(db, { adminLevel: 'county', regionCode: '440305' });
  await db
    .insertInto('obligation_excusals')
    .values({
      task_id: taskId,
      enterprise_id: ids.n4,
      reason: 'closed',
      note: null,
      excused_by: await userIdOf(db, excuser.username),
      excused_level: 'county',
    })
    .execute();
  return { taskId, ids };
}
