import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.
// 通知公告 of two kinds: a notice (通知), or a document (制度文件与操作手册: the survey's 制度, the filing manual)
// that the 填报业务指南 lists for download beside the filing steps.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table announcements add column category text not null default 'notice'
    check (category in ('notice', 'document'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table announcements drop column category`.execute(db);
}
