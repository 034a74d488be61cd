import { checkAuditDetails, type AuditAction, type AuditDetails } from '../../audit/audit-actions.ts';
import { insertAuditEvent } from '../../audit/audit-event.repository.ts';
import type { Database } from '../../db/database.ts';
import type { AdminLevel, CellComment, CellValues, FilingStatus } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { enqueueSideEffects, type SideEffect } from '../../outbox/side-effects.ts';
import { reopenPassUpsAffectedBy } from '../../review/region-pass-up.ts';
import { findLatestRevisionNo, insertFilingReview } from '../../review/review.repository.ts';
import { recordValueChanges } from '../filing-history.repository.ts';
import type { ValueChange } from '../filing-history.ts';
import { findFilingTask } from '../filing.repository.ts';
import {
  extendFilingDeadlineIfStatus,
  insertDraftFiling,
  submitFilingIfVersion,
  updateFilingIfUnchanged,
  updateFilingValuesWithHistory,
} from '../filing-state.repository.ts';
import type { FilingState } from '../filing-transitions.ts';

/*
 * The one step every status change of a filing goes through, after its command has loaded the filing, checked
 * the actor's access and asked the transition table: it writes the filing (only if it is still in the version and
 * status the command checked), the reviewer's row and the audit-trail row, all in one transaction, and answers
 * the new version. The side effects the command names (notices, SMS) are written to the outbox in the same
 * transaction and done by the outbox worker after commit; the command wakes it (ctx.outbox.wake()).
 */

/** The filing as the command loaded and checked it. */
export interface LoadedFiling {
  id: string;
  version: number;
  status: FilingStatus;
}

/** A filing the enterprise has not started: the step creates it (as the table's draft) in the same transaction. */
export interface UnstartedFiling {
  taskId: string;
  enterpriseId: string;
}

/** What the command writes besides the state the table gave. */
export type FilingWrite =
  /** A status change alone (取消上报, 审核通过, 退回, 退回下级, 同意更正). */
  | { kind: 'state'; submittedAt?: null; deadlineExtendedUntil?: Date }
  /** 保存: the values and the history of the cells they change, in one statement (its history is its record). */
  | { kind: 'values'; values: CellValues; changes: ValueChange[] }
  /** 上报: the one-statement submission (filing, frozen revision, history and audit row) the deadline surge needs. */
  | {
      kind: 'submission';
      values: CellValues;
      explanations: Record<string, string>;
      changes: ValueChange[];
    }
  /** 延期: only the enterprise's own deadline. */
  | { kind: 'deadline'; until: Date };

/** The reviewer's row of a decision, shown to the enterprise and in the review's history. */
export interface ReviewRecord {
  level: AdminLevel;
  action: 'approve' | 'return' | 'send-back';
  reason: string | null;
  cellComments?: CellComment[];
  explanationVerdicts?: Record<string, 'accepted' | 'rejected'>;
  /** Whether the row names the submission it decided on (the latest revision). */
  isOfLatestRevision: boolean;
  /** 代为审核: the upper level deciding in place of `level`. */
  takenOverBy?: AdminLevel;
}

export interface FilingTransition<A extends AuditAction> {
  filing: LoadedFiling | UnstartedFiling;
  /** The state the transition table answered for the command. */
  next: FilingState;
  write: FilingWrite;
  review?: ReviewRecord;
  /** Absent only for a save over an existing filing, whose record is its cells' history. */
  audit?: {
    action: A;
    details: AuditDetails<A>;
    /** When the row says it happened; the database's clock unless the command's decision carries a time. */
    at?: Date;
  };
  /** The region of the filing's enterprise: where the audit row is filed. */
  regionCode: string;
  actor: { userId: string; requestId: string | null; ip: string | null };
  now: Date;
  /**
   * What the change causes after commit, given the filing's id (a first write creates it): queued in the outbox
   * in this transaction. Only status and deadline changes carry any (not 保存 or 上报).
   */
  sideEffects?: (filingId: string) => SideEffect[];
}

/** The filing moved on since the command checked it; nothing was written. */
export function filingVersionConflict(): AppError {
  return new AppError('FILING_VERSION_CONFLICT', '报表状态已被他人更改，请刷新后重试');
}

export function isFilingVersionConflict(error: unknown): boolean {
  return error instanceof AppError && error.code === 'FILING_VERSION_CONFLICT';
}

/**
 * Writes one state change of a filing with its review and audit rows, in one transaction (the caller's, when it
 * passes one: 同意更正 decides the request in the same one). Answers the filing's id and new version; throws
 * FILING_VERSION_CONFLICT, writing nothing, when the filing is no longer as loaded.
 */
export async function commitFilingTransition<A extends AuditAction>(
  db: Database,
  transition: FilingTransition<A>,
): Promise<{ id: string; version: number }> {
  if (transition.audit) checkAuditDetails(transition.audit.action, transition.audit.details);
  const { filing, write } = transition;
  if (!('id' in filing)) return inTransaction(db, (trx) => createFiling(trx, filing, transition));
  if (transition.sideEffects && (write.kind === 'submission' || write.kind === 'values')) {
    throw new Error('保存 and 上报 are one statement each and queue no side effects');
  }
  // The two writes of the deadline surge are one statement each, atomic without a transaction.
  if (write.kind === 'submission')
    return { id: filing.id, version: await writeSubmission(db, filing, transition) };
  if (write.kind === 'values')
    return { id: filing.id, version: await writeValues(db, filing, write, transition) };
  return inTransaction(db, async (trx) => {
    const before = write.kind === 'state' ? await findFilingTask(trx, filing.id) : undefined;
    const version = await writeStateOrDeadline(trx, filing, write, transition);
    await writeReviewAndAudit(trx, filing.id, transition);
    // A decision below a region's standing pass-up (a late approval, a reopened filing) may move what it passed.
    if (before) {
      await reopenPassUpsAffectedBy(trx, {
        taskId: before.task_id,
        move: {
          from: { status: before.status, pending_level: before.pending_level },
          to: { status: transition.next.status, pending_level: transition.next.pendingLevel },
        },
        regionCode: transition.regionCode,
        actorUserId: transition.actor.userId,
        requestId: transition.actor.requestId,
        ip: transition.actor.ip,
        now: transition.now,
      });
    }
    return { id: filing.id, version };
  });
}

function inTransaction<T>(db: Database, work: (trx: Database) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

async function writeStateOrDeadline<A extends AuditAction>(
  trx: Database,
  filing: LoadedFiling,
  write: Extract<FilingWrite, { kind: 'state' | 'deadline' }>,
  { next, actor, now }: FilingTransition<A>,
): Promise<number> {
  if (write.kind === 'deadline') {
    const isWritten = await extendFilingDeadlineIfStatus(trx, filing.id, filing, write.until);
    if (!isWritten) throw filingVersionConflict();
    return filing.version;
  }
  const version = await updateFilingIfUnchanged(trx, filing.id, filing, {
    status: next.status as FilingStatus,
    pendingLevel: next.pendingLevel,
    submittedAt: write.submittedAt,
    deadlineExtendedUntil: write.deadlineExtendedUntil,
    userId: actor.userId,
    now,
  });
  if (version === undefined) throw filingVersionConflict();
  return version;
}

async function writeReviewAndAudit<A extends AuditAction>(
  trx: Database,
  filingId: string,
  { review, audit, regionCode, actor, sideEffects }: FilingTransition<A>,
): Promise<void> {
  if (sideEffects) await enqueueSideEffects(trx, sideEffects(filingId));
  if (review) {
    const latest = review.isOfLatestRevision ? await findLatestRevisionNo(trx, filingId) : undefined;
    await insertFilingReview(trx, {
      filingId,
      level: review.level,
      action: review.action,
      reason: review.reason,
      cellComments: review.cellComments ?? [],
      explanationVerdicts: review.explanationVerdicts ?? {},
      revisionNo: latest?.revision_no ?? null,
      actorUserId: actor.userId,
      takenOverBy: review.takenOverBy ?? null,
    });
  }
  if (audit) {
    await insertAuditEvent(trx, {
      actorUserId: actor.userId,
      action: audit.action,
      subjectType: 'filing',
      subjectId: filingId,
      regionCode,
      details: audit.details,
      requestId: actor.requestId,
      ip: actor.ip,
      at: audit.at,
    });
  }
}

async function writeValues<A extends AuditAction>(
  db: Database,
  filing: LoadedFiling,
  write: Extract<FilingWrite, { kind: 'values' }>,
  { next, actor, now }: FilingTransition<A>,
): Promise<number> {
  const version = await updateFilingValuesWithHistory(
    db,
    filing.id,
    filing,
    {
      status: next.status as FilingStatus,
      pendingLevel: next.pendingLevel,
      values: write.values,
      userId: actor.userId,
      now,
    },
    { changes: write.changes, action: 'filing.save', ip: actor.ip },
  );
  if (version === undefined) throw filingVersionConflict();
  return version;
}

async function writeSubmission<A extends AuditAction>(
  db: Database,
  filing: LoadedFiling,
  { next, write, audit, regionCode, actor, now }: FilingTransition<A>,
): Promise<number> {
  if (write.kind !== 'submission' || audit?.action !== 'filing.submit') {
    throw new Error('a submission writes its values and the filing.submit audit row');
  }
  const version = await submitFilingIfVersion(
    db,
    filing.id,
    filing,
    {
      status: next.status as FilingStatus,
      pendingLevel: next.pendingLevel,
      values: write.values,
      explanations: write.explanations,
      userId: actor.userId,
      now,
    },
    {
      changes: write.changes,
      regionCode,
      auditDetails: audit.details as Record<string, unknown>,
      requestId: actor.requestId,
      ip: actor.ip,
    },
  );
  if (version === undefined) throw filingVersionConflict();
  return version;
}

/**
 * The first write of a task's filing: the row is created as the draft the table gives a first write (with the
 * values, or empty carrying an extension), then the command's own write follows on it (上报 submits it at once).
 */
async function createFiling<A extends AuditAction>(
  trx: Database,
  filing: UnstartedFiling,
  transition: FilingTransition<A>,
): Promise<{ id: string; version: number }> {
  const { write, actor, now, audit } = transition;
  const values = write.kind === 'values' || write.kind === 'submission' ? write.values : {};
  const inserted = await insertDraftFiling(trx, {
    taskId: filing.taskId,
    enterpriseId: filing.enterpriseId,
    values,
    deadlineExtendedUntil: write.kind === 'deadline' ? write.until : undefined,
    userId: actor.userId,
    now,
  });
  if (!inserted) throw filingVersionConflict();
  const created: LoadedFiling = { id: inserted.id, version: inserted.version, status: 'draft' };
  if (audit?.action === 'filing.save' || audit?.action === 'filing.submit') {
    await recordValueChanges(trx, {
      filingId: created.id,
      before: null,
      after: values,
      action: audit.action,
      actorUserId: actor.userId,
      at: now,
      ip: actor.ip,
    });
  }
  if (write.kind === 'submission') {
    // Its cells' history was written with the draft, so the submission records no change of its own.
    const submission = { ...transition, write: { ...write, changes: [] } };
    return { id: created.id, version: await writeSubmission(trx, created, submission) };
  }
  await writeReviewAndAudit(trx, created.id, transition);
  return { id: created.id, version: created.version };
}
