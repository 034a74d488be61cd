/** Every client-side path in one place, so links and routes cannot drift apart. */

export const enterprisePaths = {
  home: '/enterprise',
  myTasks: '/enterprise/tasks',
  taskApplication: '/enterprise/task-applications',
  guide: '/enterprise/guide',
  filingQuery: '/enterprise/filings',
  userCenter: '/enterprise/profile',
} as const;

export const adminPaths = {
  dashboard: '/admin',
  tasks: '/admin/tasks',
  directory: '/admin/enterprises',
  review: '/admin/review',
  reminders: '/admin/reminders',
  aggregation: '/admin/aggregation',
  accounts: '/admin/accounts',
} as const;

export function filingPath(filingId: string): string {
  return `${enterprisePaths.filingQuery}/${encodeURIComponent(filingId)}`;
}

/** A task not yet started has no filing; its filing is opened through the task. */
export function taskFilingPath(taskId: string): string {
  return `${enterprisePaths.myTasks}/${encodeURIComponent(taskId)}/filing`;
}
