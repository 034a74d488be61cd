import { compileCellDerivation, editingMethods, getEdition } from '@zhibao/survey';
import type { Database } from '../db/database.ts';
import type { PeriodType } from '../db/schema.ts';
import { detectOutliers, periodsRead, type DetectedOutlier, type UnitColumns } from './outlier-detection.ts';
import {
  findOutlierRun,
  fingerprintOutlierRun,
  listFilingsForOutlierRun,
  saveOutlierRun,
} from './outlier.repository.ts';

/** The survey an outlier run covers: a task's owner, edition and period. */
export interface OutlierRunTask {
  edition_id: string;
  period_type: PeriodType;
  period: string;
  owner_region_code: string;
}

/**
 * The national outlier run of a task's period: reads the survey's filings of the periods compared, derives the
 * key indicators (合计 cells are computed, not stored) and tests them class by class.
 */
export async function detectTaskOutliers(db: Database, task: OutlierRunTask): Promise<DetectedOutlier[]> {
  return detectOutliers({
    periodType: task.period_type,
    period: task.period,
    methods: editingMethods(getEdition(task.edition_id), task.period_type),
    units: await readOutlierUnits(db, task),
  });
}

/**
 * The filers of the task's period and their key indicators in every period read, derived from only the typed
 * cells they are computed from: the values `deriveCellValues` gives for each filing, without a filing's object.
 */
export async function readOutlierUnits(db: Database, task: OutlierRunTask): Promise<UnitColumns> {
  const edition = getEdition(task.edition_id);
  const { keyIndicators } = editingMethods(edition, task.period_type);
  const derivation = compileCellDerivation(edition, task.period_type, keyIndicators);
  const periods = periodsRead(task.period_type, task.period);
  const rows = await listFilingsForOutlierRun(db, {
    ownerRegionCode: task.owner_region_code,
    periodType: task.period_type,
    period: task.period,
    periods,
    cells: derivation.inputs,
  });
  // The filers of the period are the units; the other periods' filings are their history.
  const positionOf = new Map<string, number>();
  const units = {
    enterpriseIds: [] as string[],
    filingIds: [] as string[],
    regionCodes: [] as string[],
    industryCodes: [] as string[],
  };
  for (const row of rows) {
    if (row.period !== task.period) continue;
    positionOf.set(row.enterprise_id, units.enterpriseIds.length);
    units.enterpriseIds.push(row.enterprise_id);
    units.filingIds.push(row.filing_id!);
    units.regionCodes.push(row.region_code!);
    units.industryCodes.push(row.industry_code!);
  }
  const count = units.enterpriseIds.length;
  const valuesByPeriod = new Map(
    periods.map((period) => [period, keyIndicators.map(() => new Float64Array(count).fill(NaN))]),
  );
  const derived = new Float64Array(keyIndicators.length);
  for (const row of rows) {
    const position = positionOf.get(row.enterprise_id);
    // An enterprise that has not filed the period is not tested: its other months are nobody's history.
    if (position === undefined) continue;
    derivation.derive(row.cells.split(','), derived);
    const values = valuesByPeriod.get(row.period)!;
    for (let index = 0; index < derived.length; index++) {
      const value = derived[index]!;
      values[index]![position] = Number.isFinite(value) ? value : NaN;
    }
  }
  return { ...units, valuesByPeriod };
}

/**
 * The run of a task's period: the stored one while its version (the number and latest update of the filings of the
 * periods compared) still holds, else computed again and stored — one result for every server instance.
 */
export async function currentTaskOutliers(db: Database, task: OutlierRunTask): Promise<DetectedOutlier[]> {
  const key = {
    ownerRegionCode: task.owner_region_code,
    editionId: task.edition_id,
    periodType: task.period_type,
    period: task.period,
  };
  const [version, stored] = await Promise.all([
    fingerprintOutlierRun(db, {
      ownerRegionCode: task.owner_region_code,
      periodType: task.period_type,
      periods: periodsRead(task.period_type, task.period),
    }),
    findOutlierRun(db, key),
  ]);
  if (stored?.version === version) return stored.flags as DetectedOutlier[];
  const flags = await detectTaskOutliers(db, task);
  try {
    await saveOutlierRun(db, key, { version, flags });
  } catch (error) {
    // Read from the replica (含推算 汇总 reads there): it cannot store the run; the primary does when next asked.
    if ((error as { code?: string }).code !== readOnlyTransaction) throw error;
  }
  return flags;
}

/** PostgreSQL's SQLSTATE for a write on a hot standby (read_only_sql_transaction). */
const readOnlyTransaction = '25006';
