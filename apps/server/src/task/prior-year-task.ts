import { samePeriodLastYearOf } from './period.ts';

/**
 * 同比's base: the same survey's task of the same period last year — the same owner and period type (a
 * province's own survey compares with its own, never with the ministry's or a city's task of that period).
 * Tasks are unique per owner, period type and period, so the answer is one task or none, whatever the order.
 */
export function priorYearTaskOf<
  Task extends { period_type: string; period: string; owner_region_code: string },
>(task: Task, tasks: readonly Task[]): Task | undefined {
  const lastYear = samePeriodLastYearOf(task.period);
  return tasks.find(
    (other) =>
      other.period_type === task.period_type &&
      other.period === lastYear &&
      other.owner_region_code === task.owner_region_code,
  );
}
