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
  /** 代为审核: the upper level that decided in place of `level`. */
  takenOverBy: adminLevel.optional(),
});

const figures = z.strictObject({
  expected: z.number().int(),
  submitted: z.number().int(),
  onTime: z.number().int(),
  approved: z.number().int(),
  excused: z.number().int(),
  awaitingApplication: z.number().int().optional(),
  outstanding: z.number().int(),
  onTimeRate: z.number().nullable(),
});

const noDetails = z.strictObject({});
const accountType = z.enum(['natural_person', 'legal_person']);
const username = z.strictObject({ username: z.string() });

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
    /** The edition and rule-switch version the submission's audit ran with, to run it again so later. */
    ruleSet: z.strictObject({ editionId: z.string(), switchVersion: z.number().int() }).optional(),
  }),
  'filing.cancel-submission': z.strictObject({
    from: filingStatus,
    to: filingStatus,
    pendingLevel: adminLevel.nullable(),
  }),
  'filing.approve': reviewDecision,
  'filing.return': reviewDecision,
  'filing.send-back': z.strictObject({ level: adminLevel, to: adminLevel, reason: z.string() }),
  'filing.extend': z.strictObject({
    until: isoTime,
    previous: isoTime.nullable(),
    reason: z.string(),
    /** Granted to the whole region (地区延期). */
    regionCode: z.string().optional(),
  }),
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
    /** The figures the pass-up froze (its snapshot holds the totals too). */
    figures: figures.optional(),
    /** 代为审核: the upper level that passed the region up in its place. */
    takenOverBy: adminLevel.optional(),
  }),
  // 退回地区 returns the pass-up alone; the region's approvals stand.
  'region.return': z.strictObject({ taskId: z.string(), reason: z.string() }),
  'region.reopen': z.strictObject({
    taskId: z.string(),
    level: adminLevel,
    difference: z.strictObject({
      figures: z.record(z.string(), z.number()),
      totals: z.record(z.string(), z.number()),
    }),
  }),
  'review.stop-threshold': z.strictObject({ from: z.number(), to: z.number() }),
  'rule-switch.publish': z.strictObject({
    editionId: z.string(),
    effectiveFrom: z.string(),
    changes: z.number().int(),
    reason: z.string(),
  }),
  // A pass-up package another instance sent, taken in.
  'exchange.import': z.strictObject({
    senderKeyId: z.string(),
    outcome: z.enum(['created', 'updated', 'unchanged']),
    period: z.string(),
    filingCount: z.number().int(),
    sha256: z.string(),
  }),
  // A data-quality run queued over a task's filings in the administrator's region (done in the background).
  'data-quality.run': z.strictObject({ taskId: z.string(), regionCode: z.string() }),
  'region.take-over': z.strictObject({
    taskId: z.string(),
    level: adminLevel,
    byLevel: adminLevel,
    reason: z.enum(['deadline-passed', 'no-active-admin']),
    deadline: isoTime.nullable(),
  }),
  'region.remind': z.strictObject({ taskId: z.string(), level: adminLevel, message: z.string() }),
  // 免报: an administrator's decision on one obligation; the enterprise's figures are untouched.
  'obligation.excuse': z.strictObject({
    taskId: z.string(),
    enterpriseId: z.string(),
    level: adminLevel,
    reason: z.enum(['closed', 'deregistered', 'moved-out', 'out-of-scope']),
    note: z.string().nullable(),
  }),
  // Tasks.
  'task.publish': z.strictObject({
    period: z.string(),
    periodType: z.enum(['month', 'year']),
    audience: z.string().optional(),
    generated: z.literal(true).optional(),
  }),
  'task.remind': z.strictObject({ enterpriseIds: z.array(z.string()) }),
  'task-application.apply': z.strictObject({
    taskId: z.string(),
    status: z.enum(['pending', 'approved', 'refused']),
    isAutomatic: z.boolean(),
  }),
  'task-application.approve': z.strictObject({
    taskId: z.string(),
    enterpriseId: z.string(),
    reason: z.string().nullable(),
  }),
  'task-application.refuse': z.strictObject({
    taskId: z.string(),
    enterpriseId: z.string(),
    reason: z.string().nullable(),
  }),
  'review-chain.update': z.strictObject({
    from: z.strictObject({
      levels: z.array(adminLevel),
      delegates: z.record(z.string(), z.string().nullable()),
      reviewDays: z.record(z.string(), z.number()),
    }),
    to: z.strictObject({
      levels: z.array(adminLevel),
      delegates: z.record(z.string(), z.string()),
      reviewDays: z.record(z.string(), z.number()),
    }),
  }),
  // The directory.
  'enterprise.create': z.strictObject({ uscc: z.string(), name: z.string(), isInScope: z.boolean() }),
  'enterprise.update': z.strictObject({
    changes: z.record(z.string(), z.strictObject({ from: z.unknown(), to: z.unknown() })),
    /** 纳统 re-derived because the facts it depends on changed, with the rule's reason. */
    scope: z
      .strictObject({ from: z.boolean().nullable(), to: z.boolean().nullable(), reason: z.string() })
      .optional(),
  }),
  'enterprise.import': z.strictObject({
    fileName: z.string(),
    previewId: z.string(),
    created: z.array(z.string()),
    updated: z.array(z.string()),
    refusedRows: z.array(z.number()),
    scopeChanges: z.array(
      z.strictObject({ uscc: z.string(), from: z.boolean().nullable(), to: z.boolean() }),
    ),
  }),
  /** 纳统 set by hand (or the override withdrawn), with the administrator's reason. */
  'enterprise.scope_override': z.strictObject({
    from: z.boolean(),
    to: z.boolean(),
    reason: z.string().nullable(),
    withdrawn: z.boolean(),
  }),
  /** 加入本期应报: the administrator's decision that listed enterprises join open tasks. */
  'enterprise.join_open_tasks': z.strictObject({
    enterpriseIds: z.array(z.string()),
    taskIds: z.array(z.string()),
    via: z.enum(['directory', 'import']),
  }),
  'directory.scope_thresholds': z.strictObject({ scopeThresholdsId: z.string() }),
  'enterprise.uscc_refused': z.strictObject({ uscc: z.string(), requestedBy: z.string() }),
  // Accounts and sessions.
  'account.registered': username,
  'account.verified': z.strictObject({
    accountType,
    uscc: z.string().optional(),
    identityProvider: z.string().optional(),
  }),
  'migration.import': z.strictObject({
    source: z.string(),
    enterprisesAdded: z.number().int(),
    enterprisesUnchanged: z.number().int(),
    accountsAdded: z.number().int(),
    accountsUnchanged: z.number().int(),
    filingsAdded: z.number().int(),
    filingsUnchanged: z.number().int(),
    refusedRows: z.number().int(),
  }),
  'account.identity_linked': z.strictObject({ provider: z.string(), created: z.boolean() }),
  'account.bound': z.strictObject({
    requestId: z.string(),
    enterpriseId: z.string(),
    uscc: z.string(),
    grantedVia: z.enum(['manager', 'administrator', 'registry', 'identity_provider']),
    isManager: z.boolean(),
    previousManagerIds: z.array(z.string()),
  }),
  'account.unbound': z.strictObject({ enterpriseId: z.string().nullable(), username: z.string() }),
  'account.binding_requested': z.strictObject({
    requestId: z.string(),
    enterpriseId: z.string(),
    uscc: z.string(),
    reviewer: z.enum(['manager', 'administrator']),
    isLegalPersonClaim: z.boolean(),
    registryResult: z.enum(['confirmed', 'unconfirmed']),
  }),
  'account.binding_refused': z.strictObject({
    requestId: z.string(),
    enterpriseId: z.string(),
    uscc: z.string(),
    refusedVia: z.enum(['manager', 'administrator']),
    reason: z.string(),
  }),
  'account.binding_withdrawn': z.strictObject({ requestId: z.string(), enterpriseId: z.string() }),
  'account.manager_transferred': z.strictObject({
    requestId: z.string(),
    enterpriseId: z.string(),
    newManagerId: z.string(),
  }),
  'account.login': z.strictObject({ identityProvider: z.string().optional() }),
  'account.login_failed': z.strictObject({ username: z.string(), reason: z.enum(['password', 'sms_code']) }),
  'account.identity_sign_in_refused': z.strictObject({ provider: z.string(), reason: z.string() }),
  'account.logout': noDetails,
  'account.logout_everywhere': noDetails,
  'account.profile_updated': noDetails,
  'account.password_changed': noDetails,
  'account.password_reset': z.strictObject({
    via: z.literal('sms'),
    mobile: z.string(),
    endedSessions: z.number().int(),
  }),
  'account.mobile_reset': z.strictObject({
    by: z.enum(['manager', 'administrator']),
    username: z.string(),
    enterpriseId: z.string(),
    from: z.string().nullable(),
    to: z.string(),
  }),
  'account.mobile_changed': z.strictObject({ from: z.string(), to: z.string() }),
  'account.document_uploaded': z.strictObject({
    kind: z.enum(['identity_document', 'business_license', 'authorization_letter']),
    documentId: z.string(),
  }),
  'account.admin_created': z.strictObject({ username: z.string(), adminLevel }),
  'account.admin_disabled': username,
  'account.admin_enabled': username,
  // 通知公告.
  'announcement.publish': z.strictObject({
    title: z.string(),
    audience: z.enum(['enterprises', 'administrators', 'all']),
    /** Absent in rows written before 制度文件 were a category. */
    category: z.enum(['notice', 'document']).optional(),
    attachments: z.number().int(),
  }),
  'announcement.withdraw': z.strictObject({ title: z.string() }),
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
