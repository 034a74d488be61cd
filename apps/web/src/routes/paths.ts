/** Every client-side path in one place, so links and routes cannot drift apart. */

export const enterprisePaths = {
  home: '/enterprise',
  myTasks: '/enterprise/tasks',
  taskApplication: '/enterprise/task-applications',
  guide: '/enterprise/guide',
  filingQuery: '/enterprise/filings',
  messages: '/enterprise/messages',
  announcements: '/enterprise/announcements',
  userCenter: '/enterprise/profile',
} as const;

export const adminPaths = {
  dashboard: '/admin',
  tasks: '/admin/tasks',
  directory: '/admin/enterprises',
  review: '/admin/review',
  reminders: '/admin/reminders',
  aggregation: '/admin/aggregation',
  dataQuality: '/admin/data-quality',
  accounts: '/admin/accounts',
  bindingReview: '/admin/binding-review',
  changeRequests: '/admin/change-requests',
  reviewChains: '/admin/review-chains',
  ruleSwitches: '/admin/rule-switches',
  announcements: '/admin/announcements',
  movingIn: '/admin/moving-in',
  exchangeImport: '/admin/exchange-import',
} as const;

/** Registration, real-name verification, binding, and the development SMS outbox. */
export const accountPaths = {
  register: '/register',
  forgotPassword: '/forgot-password',
  verify: '/account/verify',
  bind: '/account/bind',
  newPassword: '/account/new-password',
  smsOutbox: '/dev/sms-outbox',
} as const;

export function filingPath(filingId: string): string {
  return `${enterprisePaths.filingQuery}/${encodeURIComponent(filingId)}`;
}

/** A task not yet started has no filing; its filing is opened through the task. */
export function taskFilingPath(taskId: string): string {
  return `${enterprisePaths.myTasks}/${encodeURIComponent(taskId)}/filing`;
}

/** 审核: one filing opened from the administrator's review queue. */
export function reviewFilingPath(filingId: string): string {
  return `${adminPaths.review}/${encodeURIComponent(filingId)}`;
}
