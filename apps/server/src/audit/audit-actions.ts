import { z } from 'zod';

/*
 * The closed list of what the audit trail records, each action with the shape of its details. A writer names an
 * action from this list (the type says so) and its details are checked against the action's schema before the
 * row is written, so the trail's readers (history, 代报 signals, the admin's log) can rely on them.
 */

const adminLevel = z.enum(['county', 'city', 'province', 'ministry']);
const filingStatus = z.enum(['not_started', 'draft', 'submitted', 'returned', 'approved']);
const placeInChain = z.strictObject({ status: filingStatus, pendingLevel: adminLevel.nullable() });
const cellComment = z.strictObject({ formId: z.string(), key: z.string(), comment: z.string() });
const explanationVerdicts = z.record(z.string(), z.enum(['accepted', 'rejected']));
const isoTime = z.string();

/** What a reviewer's decision on one filing records (审核通过, 退回). */
const reviewDecision = z.strictObject({
  level: adminLevel,
  from: placeInChain,
  to: placeInChain,
  reason: z.string().nullable(),
  cellComments: z.array(cellComment),
  explanationVerdicts,
});

/**
 * Details kept as their writers build them, not yet narrowed to one shape: the account and directory modules
 * have their own owners, who tighten these when they next change them.
 */
const openDetails = z.record(z.string(), z.unknown());

export const auditDetailsSchemas = {
  // The filing workflow: every status change of a filing goes through the shared step.
  'filing.save': z.strictObject({
    from: z.literal('not_started'),
    to: z.literal('draft'),
    taskId: z.string(),
  }),
  'filing.submit': z.strictObject({
    from: filingStatus,
    to: filingStatus,
    pendingLevel: adminLevel.nullable(),
    explainedWarnings: z.array(z.string()),
    hints: z.number().int(),
    userAgent: z.string().nullable(),
    // Added by the submission statement itself, from the revision it froze.
    revisionNo: z.number().int().optional(),
  }),
  'filing.cancel-submission': z.strictObject({
    from: filingStatus,
    to: filingStatus,
    pendingLevel: adminLevel.nullable(),
  }),
  'filing.approve': reviewDecision,
  'filing.return': reviewDecision,
  'filing.send-back': z.strictObject({ level: adminLevel, to: adminLevel, reason: z.string() }),
  'filing.extend': z.strictObject({ until: isoTime, previous: isoTime.nullable(), reason: z.string() }),
  'change-request.apply': z.strictObject({
    changeRequestId: z.string(),
    reason: z.string(),
    decidingLevel: adminLevel,
  }),
  'change-request.grant': z.strictObject({
    changeRequestId: z.string(),
    level: adminLevel,
    from: placeInChain,
    to: placeInChain,
    note: z.string().nullable(),
    openUntil: isoTime,
  }),
  'change-request.refuse': z.strictObject({
    changeRequestId: z.string(),
    level: adminLevel,
    note: z.string(),
  }),
  // 上报 of a region and its return by the level above.
  'region.submit': z.strictObject({
    taskId: z.string(),
    level: adminLevel,
    deadline: isoTime.nullable(),
    isLate: z.boolean(),
  }),
  'region.return': z.strictObject({
    taskId: z.string(),
    reason: z.string(),
    returnedFilings: z.number().int(),
  }),
  // Tasks.
  'task.publish': z.strictObject({
    period: z.string(),
    periodType: z.enum(['month', 'year']),
    audience: z.string().optional(),
    generated: z.literal(true).optional(),
  }),
  'task.remind': z.strictObject({ enterpriseIds: z.array(z.string()) }),
  'task-application.apply': openDetails,
  'task-application.approve': openDetails,
  'task-application.refuse': openDetails,
  'review-chain.update': openDetails,
  // The directory.
  'enterprise.create': openDetails,
  'enterprise.update': openDetails,
  'enterprise.import': openDetails,
  'enterprise.uscc_refused': openDetails,
  // Accounts and sessions.
  'account.registered': openDetails,
  'account.verified': openDetails,
  'account.bound': openDetails,
  'account.unbound': openDetails,
  'account.binding_requested': openDetails,
  'account.binding_refused': openDetails,
  'account.binding_withdrawn': openDetails,
  'account.manager_transferred': openDetails,
  'account.login': openDetails,
  'account.login_failed': openDetails,
  'account.logout': openDetails,
  'account.logout_everywhere': openDetails,
  'account.profile_updated': openDetails,
  'account.password_changed': openDetails,
  'account.password_reset': z.strictObject({
    via: z.literal('sms'),
    mobile: z.string(),
    endedSessions: z.number().int(),
  }),
  'account.mobile_changed': openDetails,
  'account.mobile_reset': z.strictObject({
    by: z.enum(['manager', 'administrator']),
    username: z.string(),
    enterpriseId: z.string(),
    from: z.string().nullable(),
    to: z.string(),
  }),
  'account.document_uploaded': openDetails,
  'account.admin_created': openDetails,
  'account.admin_disabled': openDetails,
  'account.admin_enabled': openDetails,
} as const;

export type AuditAction = keyof typeof auditDetailsSchemas;

/** The details an action records, as its writer passes them. */
export type AuditDetails<A extends AuditAction> = z.input<(typeof auditDetailsSchemas)[A]>;

export const auditActions = Object.keys(auditDetailsSchemas) as AuditAction[];

/** Checks an action's details against its schema; a mismatch is a programming error, never a user's. */
export function checkAuditDetails<A extends AuditAction>(action: A, details: AuditDetails<A>): void {
  const result = auditDetailsSchemas[action].safeParse(details);
  if (!result.success) {
    throw new Error(`audit details of ${action} do not match its schema: ${result.error.message}`);
  }
}
