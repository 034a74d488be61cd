import type { EnterpriseTask, FilingStatus } from '../../api/enterprise.api';
import { compareInstants } from '../../format/date-format';

// Returned filings need action first, then work not yet submitted, then what is done.
const statusPriority: Record<FilingStatus, number> = {
  returned: 0,
  draft: 1,
  not_started: 2,
  submitted: 3,
  approved: 4,
};

/** Tasks in the order a filer should see them: returned first, then by nearest deadline. */
export function sortTasksForFiler(tasks: readonly EnterpriseTask[]): EnterpriseTask[] {
  return [...tasks].sort(
    (left, right) =>
      statusPriority[left.status] - statusPriority[right.status] ||
      compareInstants(left.closesAt, right.closesAt),
  );
}

/** Whether the enterprise can still edit the filing (as opposed to only viewing it). */
export function isEditable(task: Pick<EnterpriseTask, 'status'>): boolean {
  return task.status === 'not_started' || task.status === 'draft' || task.status === 'returned';
}

/** 待办: what the filer can act on now — a filing to fill in or correct whose window is open. */
export function tasksToDo(tasks: readonly EnterpriseTask[]): EnterpriseTask[] {
  return sortTasksForFiler(tasks.filter((task) => isEditable(task) && task.isWindowOpen));
}
