import { estimateNonRespondents, filingScore, type ScoredCell } from '@zhibao/statistics';
import { editingMethods, getEdition } from '@zhibao/survey';
import type { Database } from '../db/database.ts';
import type { CellValues } from '../db/schema.ts';
import {
  loadEstimationUnits,
  predictTask,
  yearToDateHistories,
  type EstimationUnit,
} from '../estimation/task-estimation.ts';
import type { TaskWithOwnerRow } from '../task/task.repository.ts';
import { deriveValues, numericValue } from './review-cells.ts';

/** One filing's selective-editing figures: its score and, per key indicator, its possible error w · |y − ŷ|. */
export interface FilingScore {
  score: number;
  possibleErrors: number[];
}

/** The scores of a task's filings and the totals of the key indicators in the reviewer's region. */
export interface TaskScores {
  keyIndicators: Array<{ formId: string; key: string }>;
  scoreOf: Map<string, FilingScore>;
  /** The region's estimated total of each key indicator (reported plus estimated), the progress bound's base. */
  regionTotals: number[];
}

/**
 * Selective editing of a task's submitted filings (docs/statistics.md): for each key indicator of the edition,
 * ŷ is what the enterprise's own history and its class's growth predict (the estimator of non-response, the unit
 * left out of its class's donors) and T̂ the class's estimated total (reported plus estimated); a filing's score is
 * the sum of w · |y − ŷ| / |T̂| (w = 1: each enterprise stands for itself). The classes span the nation, so a
 * filing's score does not depend on which filings are still waiting.
 */
export async function scoreTaskFilings(
  db: Database,
  task: TaskWithOwnerRow,
  tasks: readonly TaskWithOwnerRow[],
  regionPrefix: string,
): Promise<TaskScores> {
  const { keyIndicators } = editingMethods(getEdition(task.edition_id), task.period_type);
  const units = await loadEstimationUnits(db, task, tasks, { level: 'ministry', includeSubmitted: true });
  const derived = new WeakMap<CellValues, CellValues>();
  const valuesOf = (values: CellValues) => {
    let found = derived.get(values);
    if (!found) derived.set(values, (found = deriveValues(task.edition_id, task.period_type, values)));
    return found;
  };
  const predictions = predictTask(task, units, keyIndicators, valuesOf);
  const reported = (unit: EstimationUnit, cell: { formId: string; key: string }) =>
    numericValue(valuesOf(unit.row.current!), cell.formId, cell.key) ?? 0;

  // T̂ per class and key indicator, and the region's own totals: the reported values plus the estimates.
  const classTotals = keyIndicators.map(() => new Map<string, number>());
  const regionTotals = keyIndicators.map(() => 0);
  keyIndicators.forEach((cell, index) => {
    const estimates = estimateNonRespondents(yearToDateHistories(units, task, cell, valuesOf));
    for (const unit of units) {
      const value = unit.isRespondent
        ? reported(unit, cell)
        : (estimates.get(unit.row.enterprise_id)?.value ?? 0);
      classTotals[index]!.set(unit.classKey, (classTotals[index]!.get(unit.classKey) ?? 0) + value);
      if (unit.row.region_code.startsWith(regionPrefix)) regionTotals[index] = regionTotals[index]! + value;
    }
  });

  const scoreOf = new Map<string, FilingScore>();
  for (const unit of units) {
    if (!unit.isRespondent) continue;
    const predicted = predictions.get(unit.row.enterprise_id);
    const cells: ScoredCell[] = keyIndicators.map((cell, index) => {
      const value = reported(unit, cell);
      return {
        value,
        expected: predicted?.get(`${cell.formId}.${cell.key}`)?.value ?? value,
        total: classTotals[index]!.get(unit.classKey) ?? 0,
      };
    });
    scoreOf.set(unit.row.enterprise_id, {
      score: filingScore(cells),
      possibleErrors: cells.map((cell) => Math.abs(cell.value - cell.expected)),
    });
  }
  return { keyIndicators, scoreOf, regionTotals };
}
