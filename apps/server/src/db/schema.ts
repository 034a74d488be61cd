import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Row types of the database, written by hand beside the migrations that create them. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type RegionLevel = 'nation' | 'province' | 'city' | 'county';
export type AdminLevel = 'county' | 'city' | 'province' | 'ministry';
export type UserRole = 'enterprise' | 'admin';
export type PeriodType = 'month' | 'year';
export type FilingStatus = 'draft' | 'submitted' | 'returned' | 'approved';

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
}

export interface UserTable {
  id: Generated<string>;
  username: string;
  password_hash: string;
  display_name: string;
  mobile: string | null;
  role: UserRole;
  admin_level: AdminLevel | null;
  region_code: string;
  enterprise_id: string | null;
  is_disabled: Generated<boolean>;
  created_at: Generated<Date>;
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
}

export type UserRow = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type EnterpriseRow = Selectable<EnterpriseTable>;
export type SurveyTaskRow = Selectable<SurveyTaskTable>;
export type FilingRow = Selectable<FilingTable>;
