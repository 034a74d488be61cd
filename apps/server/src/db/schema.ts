import type {
  ExcusalReason,
  OfficialSummaryTable,
  PassUpDifference,
  PassUpSnapshot,
  RegionNotice,
} from '@zhibao/contracts';
import type { RuleSwitchChange } from '@zhibao/survey';
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Row types of the database, written by hand beside the migrations that create them. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type RegionLevel = 'nation' | 'province' | 'city' | 'county';
export type AdminLevel = 'county' | 'city' | 'province' | 'ministry';
export type UserRole = 'enterprise' | 'admin';
export type PeriodType = 'month' | 'year';
export type FilingStatus = 'draft' | 'submitted' | 'returned' | 'approved';

export type TaskAudience = 'by-period' | 'in-scope' | 'key-enterprises';

export type CellValues = Record<string, Record<string, number | string | null>>;

export interface RegionTable {
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
}

export interface EnterpriseTable {
  id: Generated<string>;
  uscc: string;
  name: string;
  region_code: string;
  legal_representative: string;
  industry_code: string;
  is_in_scope: boolean;
  is_key_enterprise: boolean;
  has_ai_business: boolean;
  created_at: Generated<Date>;
  // Directory facts behind the computed 纳统 flag (万元), and its manual override.
  main_revenue: number | null;
  software_revenue: number | null;
  ic_design_revenue: number | null;
  is_special_activity: Generated<boolean>;
  size_code: string | null;
  is_scope_overridden: Generated<boolean>;
  scope_override_reason: string | null;
}

export interface UserTable {
  id: Generated<string>;
  username: string;
  password_hash: string;
  display_name: string;
  /** Sealed (personal-data/sealed-mobile.ts, migration 20261210T0710); a null key id: still in the clear. */
  mobile: string | null;
  mobile_key_id: Nullable<string>;
  mobile_hash: Nullable<string>;
  role: UserRole;
  admin_level: AdminLevel | null;
  region_code: string;
  enterprise_id: string | null;
  is_disabled: Generated<boolean>;
  created_at: Generated<Date>;
  // Accounts (migration 20261123T1000): self-registered enterprise users stay unbound (enterprise_id null)
  // until they bind; the account type is chosen at real-name verification.
  account_type: Nullable<AccountType>;
  verified_at: Nullable<Date>;
  bound_at: Nullable<Date>;
  is_enterprise_manager: Generated<boolean>;
  created_by: Nullable<string>;
  password_changed_at: Nullable<Date>;
  // Moving in (migration 20261208T0610): an account from the old platform signs in once with its old password and
  // must then set a new one.
  must_change_password: Generated<boolean>;
  moved_in_at: Nullable<Date>;
}

/** A nullable column added later: optional on insert, so older inserts keep compiling. */
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type AccountType = 'natural_person' | 'legal_person';
export type AccountDocumentKind = 'identity_document' | 'business_license' | 'authorization_letter';

export interface AccountDocumentTable {
  id: Generated<string>;
  user_id: string;
  kind: AccountDocumentKind;
  file_name: string;
  media_type: string;
  byte_size: number;
  /** Encrypted under `content_key_id` (migration 20261208T0700); null key: in the clear, not yet sealed. */
  content: Buffer;
  created_at: Generated<Date>;
  content_key_id: Nullable<string>;
  /** The scan was emptied once its retention after the verification had passed. */
  purged_at: Nullable<Date>;
}

export interface IdentityVerificationTable {
  user_id: string;
  account_type: AccountType;
  real_name: string;
  id_type: string;
  /** Base64 of the number encrypted under `id_number_key_id`; null key: in the clear, not yet sealed. */
  id_number: string;
  id_number_key_id: Nullable<string>;
  /** Keyed hash (HMAC) of the number, to find it without decrypting. */
  id_number_hash: Nullable<string>;
  contact_address: string;
  valid_from: ColumnType<Date, string, string>;
  valid_until: ColumnType<Date | null, string | null, string | null>;
  organization_type: string | null;
  uscc: string | null;
  organization_name: string | null;
  legal_person_type: string | null;
  /** Null only when an identity provider confirmed the identity (migration 20261208T0600): no scan exists. */
  identity_document_id: string | null;
  business_license_id: string | null;
  /** When the form was submitted: 实名认证 is recorded, not approved, on submission. */
  verified_at: Timestamp;
  // Review (migration 20261206T0900): confirmed by an administrator's binding review or a registry check.
  review_status: Generated<VerificationReviewStatus>;
  confirmed_at: Nullable<Date>;
  confirmed_by: Nullable<string>;
  confirmed_via: Nullable<VerificationConfirmedVia>;
  /** The identity provider that confirmed it (migration 20261208T0600); null for a 实名认证 by form and scans. */
  identity_provider_id: Nullable<string>;
}

export type VerificationConfirmedVia = 'administrator' | 'registry' | 'identity_provider';

/** An account's identity at a configured identity provider (OpenID Connect or CAS): one per provider and account. */
export interface ExternalIdentityTable {
  provider_id: string;
  subject: string;
  user_id: string;
  linked_at: Timestamp;
  last_sign_in_at: Timestamp;
}

/** A sign-in sent to a provider and not yet answered: what the answer must match, used once. */
export interface ExternalSignInAttemptTable {
  state_hash: string;
  provider_id: string;
  nonce: string;
  code_verifier: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
}

/** A provider's verified identity that no account is linked to yet, waiting for the person to create or link one. */
export interface ExternalFirstSignInTable {
  token_hash: string;
  provider_id: string;
  subject: string;
  claims: Json<Record<string, unknown>>;
  id_token: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
}

/** A session opened through a provider, with the ID token its logout hands back to the provider. */
export interface ExternalSessionTable {
  session_id: string;
  provider_id: string;
  id_token: string | null;
}

export type VerificationReviewStatus = 'submitted' | 'confirmed';
export type BindingReviewer = 'manager' | 'administrator';
export type BindingRequestStatus = 'pending' | 'approved' | 'refused' | 'withdrawn';

/** 绑定申请: an account asks to be bound to an enterprise; the manager or a regional administrator decides. */
export interface BindingRequestTable {
  id: Generated<string>;
  user_id: string;
  enterprise_id: string;
  reviewer: BindingReviewer;
  is_legal_person_claim: boolean;
  status: BindingRequestStatus;
  business_license_id: string | null;
  authorization_letter_id: string | null;
  registry_result: 'confirmed' | 'unconfirmed';
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
}

export interface BindingAttemptTable {
  id: Generated<string>;
  user_id: string;
  ip_address: string;
  created_at: Timestamp;
}

export interface AccountProfileTable {
  user_id: string;
  email: string | null;
  contact_address: string | null;
  enterprise_nature: string | null;
  economic_type: string | null;
  employee_count: number | null;
  registered_address: string | null;
  postal_code: string | null;
  updated_at: Timestamp;
}

export interface SmsCodeTable {
  id: Generated<string>;
  /** Sealed, as users.mobile. */
  mobile: string;
  mobile_key_id: Nullable<string>;
  mobile_hash: Nullable<string>;
  purpose: string;
  code_hash: string;
  ip_address: string | null;
  failed_attempts: Generated<number>;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
}

export interface SmsOutboxTable {
  id: Generated<string>;
  /** Sealed, as users.mobile. */
  mobile: string;
  mobile_key_id: Nullable<string>;
  mobile_hash: Nullable<string>;
  text: string;
  created_at: Timestamp;
  /** The side-effect outbox row that sent it: a repeated send of one row is recorded once. */
  idempotency_key: string | null;
}

/** Side effects a state change committed, waiting for the outbox worker (apps/server/src/outbox). */
export interface OutboxTable {
  id: Generated<string>;
  kind: 'sms' | 'notice' | 'region-notice';
  payload: unknown;
  created_at: Generated<Date>;
  available_at: Generated<Date>;
  attempts: Generated<number>;
  locked_until: Timestamp | null;
  last_error: string | null;
  processed_at: Timestamp | null;
  failed_at: Timestamp | null;
}

export interface CaptchaTable {
  id: Generated<string>;
  answer_hash: string;
  expires_at: Timestamp;
}

export interface LoginFailureTable {
  id: Generated<string>;
  username: string;
  ip_address: string;
  created_at: Timestamp;
}

export interface SessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface SurveyTaskTable {
  id: Generated<string>;
  name: string;
  edition_id: string;
  period_type: PeriodType;
  period: string;
  owner_level: AdminLevel;
  owner_region_code: string;
  opens_at: Timestamp;
  closes_at: Timestamp;
  created_at: Generated<Date>;
  /** Who must file: 'by-period' (annual: 纳统 enterprises, monthly: key enterprises) or explicit. */
  audience: Generated<TaskAudience>;
  /** Divisions the task covers; empty means the owner's whole region. */
  scope_region_codes: ColumnType<string[], string | undefined, string>;
  /** Review deadline per level (ISO timestamps). */
  review_deadlines: ColumnType<Partial<Record<AdminLevel, string>>, string | undefined, string>;
  published_by: string | null;
  /** A closed task of a past period, made by the import from the old platform to hold its filings. */
  is_historical: Generated<boolean>;
}

export interface FilingTable {
  id: Generated<string>;
  task_id: string;
  enterprise_id: string;
  status: FilingStatus;
  pending_level: AdminLevel | null;
  cell_values: Json<CellValues>;
  explanations: Json<Record<string, string>>;
  version: Generated<number>;
  deadline_extended_until: Timestamp | null;
  submitted_at: Timestamp | null;
  updated_at: Timestamp;
  updated_by: string | null;
  /** Copied from the task by a trigger, for the one-filing-per-地方-period index; never written by the server. */
  period_type: Generated<PeriodType>;
  period: Generated<string>;
  is_local_task: Generated<boolean>;
  /** Moved in from the old platform (migration 20261208T0610), with the findings of its period's audit. */
  is_migrated: Generated<boolean>;
  migration_findings: ColumnType<MigrationFinding[] | null, string | null | undefined, string | null>;
  /** Its first submission (the first frozen revision), kept by a trigger on filing_revisions; never written by the server. */
  first_submitted_at: ColumnType<Date | null, never, never>;
  /** md5 of its values while it is submitted (null otherwise), kept by a trigger; never written by the server. */
  values_hash: ColumnType<string | null, never, never>;
}

/** A finding of the audit of a migrated filing: kept, as the old platform accepted the filing with it. */
export interface MigrationFinding {
  ruleId: string;
  severity: string;
  message: string;
}

/** One run of the import from the old platform: its progress while it runs and its counts when done. */
export interface MigrationImportRunTable {
  id: Generated<string>;
  source: string;
  started_by: string | null;
  status: 'running' | 'finished' | 'failed';
  progress: ColumnType<Record<string, unknown>, string | undefined, string>;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

/** A row the import refused, named by file, row and column, with the reason. */
export interface MigrationImportRefusalTable {
  run_id: string;
  file: string;
  row_number: number;
  column_name: string | null;
  reason: string;
}

export interface FilingRevisionTable {
  id: Generated<string>;
  filing_id: string;
  revision_no: number;
  cell_values: Json<CellValues>;
  explanations: Json<Record<string, string>>;
  submitted_by: string;
  submitted_at: Timestamp;
}

export interface AuditEventTable {
  id: Generated<string>;
  actor_user_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  region_code: string | null;
  details: Json<Record<string, unknown>>;
  request_id: string | null;
  created_at: Generated<Date>;
  ip_address: Nullable<string>;
}

/** The review levels of a province, lowest first, and the bodies a level is delegated to (园区, 协会). */
export interface ReviewChainTable {
  province_code: string;
  levels: Json<AdminLevel[]>;
  delegates: ColumnType<Partial<Record<AdminLevel, string>>, string | undefined, string>;
  updated_at: Generated<Date>;
  /** Days each level has for its review, counted from the deadline of the level below (or of filing). */
  review_days: ColumnType<Partial<Record<AdminLevel, number>>, string | undefined, string>;
  updated_by: string | null;
}

export interface CellComment {
  formId: string;
  key: string;
  comment: string;
}

export interface FilingReviewTable {
  id: Generated<string>;
  filing_id: string;
  level: AdminLevel;
  action: 'approve' | 'return' | 'send-back';
  reason: string | null;
  cell_comments: ColumnType<CellComment[], string | undefined, string>;
  explanation_verdicts: ColumnType<Record<string, 'accepted' | 'rejected'>, string | undefined, string>;
  revision_no: number | null;
  actor_user_id: string;
  created_at: Generated<Date>;
  /** Set when an upper level decided in place of the row's level (代为审核): the level that took over. */
  taken_over_by_level: ColumnType<AdminLevel | null, AdminLevel | null | undefined, AdminLevel | null>;
}

export interface NoticeTable {
  id: Generated<string>;
  enterprise_id: string;
  kind: string;
  title: string;
  body: string;
  filing_id: string | null;
  task_id: string | null;
  sent_by: string | null;
  created_at: Generated<Date>;
  read_at: Timestamp | null;
}

export interface RegionSubmissionTable {
  id: Generated<string>;
  task_id: string;
  region_code: string;
  level: AdminLevel;
  /** 'reopened': a change below after the pass-up altered what it passed; the region passes up again. */
  status: 'submitted' | 'returned' | 'reopened';
  submitted_by: string;
  submitted_at: Timestamp;
  return_reason: string | null;
  returned_by: string | null;
  returned_at: Timestamp | null;
  /** The figures and totals as passed (null on pass-ups made before snapshots were kept). */
  snapshot: ColumnType<PassUpSnapshot | null, string | null | undefined, string | null>;
  reopened_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  reopen_difference: ColumnType<PassUpDifference | null, string | null | undefined, string | null>;
  /** The upper region that passed this region up in its place (代为审核), if one did. */
  taken_over_by_region_code: ColumnType<string | null, string | null | undefined, string | null>;
  /** The official 汇总表 as sent (null on pass-ups made before tables were kept). */
  summary_table: ColumnType<OfficialSummaryTable | null, string | null | undefined, string | null>;
}

/** A pass-up package another Zhibao instance sent, as received (exchange/). */
export interface ReceivedPassUpTable {
  id: Generated<string>;
  sender_key_id: string;
  sender_name: string;
  region_code: string;
  region_name: string;
  period_type: PeriodType;
  period: string;
  task_name: string;
  edition_id: string;
  passed_up_at: Timestamp;
  package_sha256: string;
  snapshot: Json<PassUpSnapshot>;
  summary_table: Json<OfficialSummaryTable>;
  /** The approved filings in the interchange format, when the package carried them. */
  filings: ColumnType<unknown[] | null, string | null, string | null>;
  filing_count: number;
  received_by: string;
  received_at: Generated<Date>;
}

/** 免报: an administrator's decision that an enterprise need not file one task, with its reason. */
export interface ObligationExcusalTable {
  id: Generated<string>;
  task_id: string;
  enterprise_id: string;
  reason: ExcusalReason;
  note: string | null;
  excused_by: string;
  excused_level: AdminLevel;
  created_at: Generated<Date>;
}

/** 代为审核: an upper level took over a region's review of one task (its deadline passed, or nobody could). */
export interface RegionTakeoverTable {
  id: Generated<string>;
  task_id: string;
  region_code: string;
  level: AdminLevel;
  by_region_code: string;
  by_level: AdminLevel;
  by_user: string;
  reason: 'deadline-passed' | 'no-active-admin';
  created_at: Generated<Date>;
}

/** A notice to the administrators of a region (reminders and returns from above, re-opened pass-ups below). */
export interface RegionNoticeTable {
  id: Generated<string>;
  region_code: string;
  kind: RegionNotice['kind'];
  title: string;
  body: string;
  task_id: string | null;
  sent_by: string | null;
  created_at: Generated<Date>;
  read_at: Timestamp | null;
}

/** 通知公告 (migration 20261210T0310): published by an administrator for its region and the regions below. */
export interface AnnouncementTable {
  id: Generated<string>;
  region_code: string;
  /** The code prefix of the region's divisions ('' for the nation): who is inside the audience. */
  scope_prefix: string;
  audience: 'enterprises' | 'administrators' | 'all';
  /** 通知, or 制度文件与操作手册 (listed on the 填报业务指南; migration 20261211T0410). */
  category: Generated<'notice' | 'document'>;
  title: string;
  body: string;
  is_pinned: Generated<boolean>;
  expires_at: Timestamp | null;
  published_by: string;
  published_at: Generated<Date>;
  withdrawn_at: Timestamp | null;
}

export interface AnnouncementAttachmentTable {
  id: Generated<string>;
  announcement_id: string;
  position: number;
  file_name: string;
  media_type: string;
  byte_size: number;
  content: Buffer;
}

/** An account has read an announcement. */
export interface AnnouncementReadTable {
  announcement_id: string;
  user_id: string;
  read_at: Timestamp;
}

/**
 * 填报任务申请: an enterprise asks to take up a provincial or municipal task (one row per task and
 * enterprise). 'approved' at once when the enterprise is in its region's directory (纳统); otherwise
 * 'pending' until the district administrator sets 'approved' or 'refused' with decided_by, decided_at
 * and, for a refusal, decision_note (shown to the enterprise). An approved application makes the task
 * appear in 我的填报任务. decided_by is null for an automatic approval.
 */
export type TaskApplicationStatus = 'pending' | 'approved' | 'refused';

export interface TaskApplicationTable {
  id: Generated<string>;
  task_id: string;
  enterprise_id: string;
  status: TaskApplicationStatus;
  applied_by: string;
  applied_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  /** The task's period type and period, copied by a trigger (one 地方 task per enterprise and period). */
  period_type: Generated<PeriodType | null>;
  period: Generated<string | null>;
}

/** One changed cell of a filing, written in the transaction of the save or submission that changed it. */
export interface FilingValueChangeTable {
  id: Generated<string>;
  filing_id: string;
  form_id: string;
  cell_key: string;
  old_value: Json<number | string | null>;
  new_value: Json<number | string | null>;
  /** The audit action of the write: 'filing.save' or 'filing.submit'. */
  action: string;
  actor_user_id: string | null;
  changed_at: Timestamp;
  ip_address: string | null;
}

/** 更正申请: the enterprise asks the level that gave final acceptance to reopen a locked filing. */
export type ChangeRequestStatus = 'pending' | 'granted' | 'refused';

export interface ChangeRequestTable {
  id: Generated<string>;
  filing_id: string;
  reason: string;
  status: ChangeRequestStatus;
  /** The level that gave final acceptance, and so decides the request. */
  deciding_level: AdminLevel;
  requested_by: string;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
}

export interface DB {
  regions: RegionTable;
  enterprises: EnterpriseTable;
  users: UserTable;
  sessions: SessionTable;
  survey_tasks: SurveyTaskTable;
  filings: FilingTable;
  filing_revisions: FilingRevisionTable;
  audit_events: AuditEventTable;
  account_documents: AccountDocumentTable;
  identity_verifications: IdentityVerificationTable;
  account_profiles: AccountProfileTable;
  sms_codes: SmsCodeTable;
  sms_outbox: SmsOutboxTable;
  outbox: OutboxTable;
  captchas: CaptchaTable;
  login_failures: LoginFailureTable;
  task_applications: TaskApplicationTable;
  review_chains: ReviewChainTable;
  filing_reviews: FilingReviewTable;
  notices: NoticeTable;
  region_submissions: RegionSubmissionTable;
  obligation_excusals: ObligationExcusalTable;
  region_takeovers: RegionTakeoverTable;
  region_notices: RegionNoticeTable;
  announcements: AnnouncementTable;
  announcement_attachments: AnnouncementAttachmentTable;
  announcement_reads: AnnouncementReadTable;
  filing_value_changes: FilingValueChangeTable;
  change_requests: ChangeRequestTable;
  binding_requests: BindingRequestTable;
  binding_attempts: BindingAttemptTable;
  task_obligations: TaskObligationTable;
  directory_import_previews: DirectoryImportPreviewTable;
  directory_settings: DirectorySettingsTable;
  external_identities: ExternalIdentityTable;
  external_sign_in_attempts: ExternalSignInAttemptTable;
  external_first_sign_ins: ExternalFirstSignInTable;
  external_sessions: ExternalSessionTable;
  migration_import_runs: MigrationImportRunTable;
  migration_import_refusals: MigrationImportRefusalTable;
  editing_stop_thresholds: EditingStopThresholdTable;
  rule_switch_packages: RuleSwitchPackageTable;
  received_pass_ups: ReceivedPassUpTable;
  data_quality_runs: DataQualityRunTable;
  data_quality_findings: DataQualityFindingTable;
  outlier_runs: OutlierRunTable;
}

/** A published package of dated rule switches (migration 20261210T0510); rows are only ever added. */
export interface RuleSwitchPackageTable {
  version: number;
  edition_id: string;
  /** The first reference month it applies to ('2025-12'). */
  effective_from: string;
  changes: Json<RuleSwitchChange[]>;
  reason: string;
  published_by: string;
  published_at: Generated<Date>;
}

/** The stored outlier run of a survey's period (migration 20261210T0220), with the version of the filings read. */
export interface OutlierRunTable {
  owner_region_code: string;
  edition_id: string;
  period_type: PeriodType;
  period: string;
  version: string;
  flags: ColumnType<unknown, string, string>;
  computed_at: Generated<Date>;
}

/** A data-quality run of a task over a region (migration 20261210T0210): queued, then done in the background. */
export interface DataQualityRunTable {
  id: Generated<string>;
  task_id: string;
  region_code: string;
  region_prefix: string;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  requested_by: string | null;
  requested_at: Generated<Date>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  locked_until: Timestamp | null;
  filings_total: number | null;
  filings_done: Generated<number>;
  finding_count: Generated<number>;
  error: string | null;
}

export type DataQualityKind =
  'rule-error' | 'warning' | 'outlier' | 'blank-key' | 'zero-key' | 'directory-mismatch';

/** One finding of a data-quality run, numbered in the order found (filing by filing). */
export interface DataQualityFindingTable {
  run_id: string;
  seq: number;
  filing_id: string;
  enterprise_id: string;
  region_code: string;
  kind: DataQualityKind;
  form_id: string | null;
  cell_key: string | null;
  rule_id: string | null;
  message: string;
  explanation: string | null;
}

/** Selective editing's stop threshold of a region (migration 20261208T0300); numeric, read as text. */
export interface EditingStopThresholdTable {
  region_code: string;
  stop_threshold: ColumnType<string, number, number>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

/** 应报 of a task (migration 20261207T0500): filled at publication; later joins only by a recorded decision. */
export interface TaskObligationTable {
  task_id: string;
  enterprise_id: string;
  source: 'publication' | 'backfill' | 'decision';
  joined_at: Generated<Date>;
  joined_by: string | null;
}

/** A previewed directory import, applied only on confirmation before it expires. */
export interface DirectoryImportPreviewTable {
  id: Generated<string>;
  user_id: string;
  region_code: string;
  file_name: string;
  plan: Json<unknown>;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  applied_at: Timestamp | null;
}

/** The scope thresholds (纳统条件) a province runs: those of the notice it follows. */
export interface DirectorySettingsTable {
  province_code: string;
  scope_thresholds_id: string;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export type UserRow = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type EnterpriseRow = Selectable<EnterpriseTable>;
export type SurveyTaskRow = Selectable<SurveyTaskTable>;
export type FilingRow = Selectable<FilingTable>;
