import type { Database } from '../db/database.ts';
import type { TaskWithOwnerRow } from '../task/task.repository.ts';
import { cellIndexOf } from '../review/review-cells.ts';
import {
  estimateAnnualTask,
  estimateTask,
  loadEstimationUnits,
  type CountingRule,
  type EstimatedFiling,
} from './task-estimation.ts';

/**
 * For the per-cell provenance of an enterprise that has not filed: its estimated cells, each with the method, the
 * ratio applied, the class and how many respondents it borrowed from; null when it is not estimated (it filed, is
 * not obliged or was excused). The caller has checked access.
 */
export async function estimateOfEnterprise(
  db: Database,
  task: TaskWithOwnerRow,
  tasks: readonly TaskWithOwnerRow[],
  enterpriseId: string,
  counting: CountingRule = { level: 'ministry', includeSubmitted: true },
): Promise<EstimatedFiling | null> {
  const units = await loadEstimationUnits(db, task, tasks, counting, { excludeOutliers: true });
  if (!units.some((unit) => unit.row.enterprise_id === enterpriseId && !unit.isRespondent)) return null;
  const cells = [...cellIndexOf(task.edition_id, task.period_type).values()].filter(
    (cell) => !cell.isComputed && (cell.type === 'amount' || cell.type === 'count'),
  );
  const estimated =
    task.period_type === 'month'
      ? await estimateTask(task, units, cells)
      : await estimateAnnualTask(db, task, tasks, units, cells, counting);
  return estimated.find((filing) => filing.unit.enterprise_id === enterpriseId) ?? null;
}
