import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// 通知公告: an administrator publishes an announcement for the enterprises and/or the administrators of its region
// and the regions below (scope_prefix: the code prefix they share, '' for the nation), with attachments such as the
// notice's PDF or the 制度 document; each account's reading is kept apart, one row per reader.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table announcements (
    id uuid primary key default gen_random_uuid(),
    region_code varchar(6) not null references regions(code),
    scope_prefix varchar(6) not null,
    audience text not null check (audience in ('enterprises', 'administrators', 'all')),
    title text not null,
    body text not null,
    is_pinned boolean not null default false,
    expires_at timestamptz,
    published_by uuid not null references users(id),
    published_at timestamptz not null default now(),
    withdrawn_at timestamptz
  )`.execute(db);
  await sql`create index announcements_published_idx on announcements (published_at desc)`.execute(db);
  await sql`create table announcement_attachments (
    id uuid primary key default gen_random_uuid(),
    announcement_id uuid not null references announcements(id),
    position integer not null,
    file_name text not null,
    media_type text not null,
    byte_size integer not null,
    content bytea not null,
    unique (announcement_id, position)
  )`.execute(db);
  await sql`create table announcement_reads (
    announcement_id uuid not null references announcements(id),
    user_id uuid not null references users(id),
    read_at timestamptz not null,
    primary key (announcement_id, user_id)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table announcement_reads`.execute(db);
  await sql`drop table announcement_attachments`.execute(db);
  await sql`drop table announcements`.execute(db);
}
