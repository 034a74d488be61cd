import { deriveCellValues, editingMethods, getEdition, type FilingValues } from '@zhibao/survey';
import type { Database } from '../db/database.ts';
import { typedCellsFeeding } from '../aggregation/aggregation-indicators.ts';
import type { CellValues, PeriodType } from '../db/schema.ts';
import { detectOutliers, periodsRead, type DetectedOutlier, type UnitHistory } from './outlier-detection.ts';
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
  const edition = getEdition(task.edition_id);
  const methods = editingMethods(edition, task.period_type);
  const inputs = typedCellsFeeding(
    task,
    methods.keyIndicators.map((cell) => `${cell.formId}.${cell.key}`),
  );
  const rows = await listFilingsForOutlierRun(db, {
    ownerRegionCode: task.owner_region_code,
    periodType: task.period_type,
    period: task.period,
    periods: periodsRead(task.period_type, task.period),
    cells: inputs,
  });
  const units = new Map<string, UnitHistory>();
  const histories = new Map<string, Map<string, Record<string, number | null>>>();
  const keyIds = methods.keyIndicators.map((cell) => `${cell.formId}.${cell.key}`);
  const columns = inputs.map((_, index) => `c${index}` as const);
  for (const row of rows) {
    // A fresh object per filing: the derivation reads it at once and keeps nothing of it.
    const typed: CellValues = {};
    for (const [index, cell] of inputs.entries()) {
      const text = row[columns[index]!];
      const value = text === null || text === undefined || text === '' ? null : Number(text);
      (typed[cell.formId] ??= {})[cell.key] = value !== null && Number.isFinite(value) ? value : null;
    }
    // Only the key indicators are derived (not every form's computed cells): a third of the time per filing.
    const derived = deriveCellValues(edition, task.period_type, typed as FilingValues, methods.keyIndicators);
    const values: Record<string, number | null> = {};
    for (const [index, id] of keyIds.entries()) {
      const value = derived[index];
      values[id] = typeof value === 'number' && Number.isFinite(value) ? value : null;
    }
    let history = histories.get(row.enterprise_id);
    if (!history) histories.set(row.enterprise_id, (history = new Map()));
    history.set(row.period, values);
    if (row.period === task.period) {
      units.set(row.enterprise_id, {
        enterpriseId: row.enterprise_id,
        filingId: row.filing_id!,
        regionCode: row.region_code!,
        industryCode: row.industry_code!,
        valuesByPeriod: history,
      });
    }
  }
  return detectOutliers({
    periodType: task.period_type,
    period: task.period,
    methods,
    units: [...units.values()],
  });
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
