import { buildUscc } from '@zhibao/survey';
import { hashPassword } from '../account/password.ts';
import type { Database } from '../db/database.ts';
import type { AdminLevel } from '../db/schema.ts';
import { findUserMobile } from '../account/user.repository.ts';
import { mobileHashes, openMobile, sealMobile } from '../personal-data/sealed-mobile.ts';
import { testPersonalDataCipher } from './test-app.ts';
import { joinOpenTasks, recordObligationsAtPublication } from '../task/task-obligation.repository.ts';

export const testPassword = 'Test@2026pass';

let sequence = 0;
const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function nextSubjectBody(): string {
  sequence += 1;
  let rest = sequence * 104_729 + Math.floor(Math.random() * 1e6);
  let body = '';
  for (let i = 0; i < 7; i += 1) {
    body += alphabet[rest % alphabet.length];
    rest = Math.floor(rest / alphabet.length);
  }
  return `T${body}`;
}

/** A unique mobile per factory account, so the SMS login of signIn can reach it. */
export function mobileFor(serial: number): string {
  return `139${String(serial).padStart(8, '0')}`;
}

/** An account's mobile number, opened (users keeps it sealed). */
export async function mobileOf(db: Database, where: { id: string } | { username: string }): Promise<string> {
  const row = await findUserMobile(db, where);
  return openMobile(testPersonalDataCipher, row!)!;
}

/** What the development outbox recorded for a number (found by its keyed hash), oldest first. */
export function outboxTextsTo(db: Database, mobile: string) {
  return db
    .selectFrom('sms_outbox')
    .select(['text', 'idempotency_key'])
    .where('mobile_hash', 'in', mobileHashes(testPersonalDataCipher, mobile))
    .orderBy('created_at')
    .execute();
}

/**
 * An enterprise in the given division with a valid, unique USCC. Unless told otherwise it joins the open tasks
 * that select it, as if it had been listed before they were published (or added by an administrator's decision).
 */
export async function createEnterprise(
  db: Database,
  options: {
    regionCode: string;
    name?: string;
    isKeyEnterprise?: boolean;
    isInScope?: boolean;
    joinOpenTasks?: boolean;
  },
) {
  const uscc = buildUscc({
    authority: '9',
    kind: '1',
    division: options.regionCode,
    subject: nextSubjectBody(),
  });
  const enterprise = await db
    .insertInto('enterprises')
    .values({
      uscc,
      name: options.name ?? `测试软件有限公司${sequence}`,
      region_code: options.regionCode,
      legal_representative: '测试',
      industry_code: '6513',
      is_in_scope: options.isInScope ?? true,
      is_key_enterprise: options.isKeyEnterprise ?? true,
      has_ai_business: false,
    })
    .returning(['id', 'uscc', 'name', 'region_code'])
    .executeTakeFirstOrThrow();
  if (options.joinOpenTasks ?? true) {
    await joinOpenTasks(db, { enterpriseIds: [enterprise.id], now: new Date(), decidedBy: null });
  }
  return enterprise;
}

/** An enterprise filer account bound to the enterprise. */
export async function createFiler(db: Database, enterprise: { id: string; region_code: string }) {
  sequence += 1;
  const username = `filer${sequence}`;
  await db
    .insertInto('users')
    .values({
      username,
      password_hash: await hashPassword(testPassword),
      display_name: `填报员${sequence}`,
      ...sealMobile(testPersonalDataCipher, mobileFor(sequence)),
      role: 'enterprise',
      admin_level: null,
      region_code: enterprise.region_code,
      enterprise_id: enterprise.id,
    })
    .execute();
  return { username, password: testPassword };
}

/** An administrator of the given level and region. */
export async function createAdmin(db: Database, options: { adminLevel: AdminLevel; regionCode: string }) {
  sequence += 1;
  const username = `admin${sequence}`;
  await db
    .insertInto('users')
    .values({
      username,
      password_hash: await hashPassword(testPassword),
      display_name: `管理员${sequence}`,
      ...sealMobile(testPersonalDataCipher, mobileFor(sequence)),
      role: 'admin',
      admin_level: options.adminLevel,
      region_code: options.regionCode,
      enterprise_id: null,
    })
    .execute();
  return { username, password: testPassword };
}

/**
 * A survey task owned by a region (the nation '000000' by default), open from yesterday for a week unless
 * told otherwise. A unique period per call keeps tasks of one test database apart.
 */
export async function createTask(
  db: Database,
  options: {
    periodType?: 'month' | 'year';
    period?: string;
    name?: string;
    ownerRegionCode?: string;
    ownerLevel?: AdminLevel;
    opensAt?: Date;
    closesAt?: Date;
  } = {},
) {
  sequence += 1;
  const periodType = options.periodType ?? 'month';
  const period =
    options.period ??
    (periodType === 'month' ? `2026-${String((sequence % 12) + 1).padStart(2, '0')}` : '2025');
  const now = Date.now();
  const task = await db
    .insertInto('survey_tasks')
    .values({
      name: options.name ?? `[部级]测试任务${sequence}`,
      edition_id: '2021',
      period_type: periodType,
      period,
      owner_level: options.ownerLevel ?? 'ministry',
      owner_region_code: options.ownerRegionCode ?? '000000',
      opens_at: options.opensAt ?? new Date(now - 86_400_000),
      closes_at: options.closesAt ?? new Date(now + 7 * 86_400_000),
    })
    .returning(['id', 'name', 'period', 'period_type'])
    .executeTakeFirstOrThrow();
  await recordObligationsAtPublication(db, [task.id]);
  return task;
}

/** A filing of an enterprise for a task, in the given state, with a frozen revision when it was submitted. */
export async function createFiling(
  db: Database,
  options: {
    taskId: string;
    enterpriseId: string;
    userId?: string | null;
    status?: 'draft' | 'submitted' | 'returned' | 'approved';
    pendingLevel?: AdminLevel | null;
    values?: Record<string, Record<string, number | string | null>>;
    submittedAt?: Date | null;
    deadlineExtendedUntil?: Date | null;
  },
) {
  const status = options.status ?? 'draft';
  const submittedAt = options.submittedAt ?? (status === 'draft' ? null : new Date(Date.now() - 3_600_000));
  const values = JSON.stringify(options.values ?? {});
  const filing = await db
    .insertInto('filings')
    .values({
      task_id: options.taskId,
      enterprise_id: options.enterpriseId,
      status,
      pending_level: options.pendingLevel ?? (status === 'submitted' ? 'county' : null),
      cell_values: values,
      explanations: '{}',
      deadline_extended_until: options.deadlineExtendedUntil ?? null,
      submitted_at: submittedAt,
      updated_at: new Date(),
      updated_by: options.userId ?? null,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  if (submittedAt && options.userId) {
    await db
      .insertInto('filing_revisions')
      .values({
        filing_id: filing.id,
        revision_no: 1,
        cell_values: values,
        explanations: '{}',
        submitted_by: options.userId,
        submitted_at: submittedAt,
      })
      .execute();
  }
  return filing;
}

/** The id of a user, for factories that record who acted. */
export async function userIdOf(db: Database, username: string): Promise<string> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}
