import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.

// An enterprise takes at most one 地方 task (a province's or a city's, through 填报任务申请) per report period:
// the 市级 and the 省级 monthly report of one month are the same form, filed once. Each application carries its
// task's period (copied by a trigger, so no writer can forget it) under a unique index that ignores refusals.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('task_applications')
    .addColumn('period_type', 'text')
    .addColumn('period', 'text')
    .execute();
  await sql`update task_applications set period_type = survey_tasks.period_type, period = survey_tasks.period
    from survey_tasks where survey_tasks.id = task_applications.task_id`.execute(db);
  await sql`create function task_applications_copy_period() returns trigger language plpgsql as $$
begin
  select survey_tasks.period_type, survey_tasks.period into new.period_type, new.period
    from survey_tasks where survey_tasks.id = new.task_id;
  return new;
end $$`.execute(db);
  await sql`create trigger task_applications_period before insert or update of task_id on task_applications
    for each row execute function task_applications_copy_period()`.execute(db);
  // Existing duplicates need a person's decision (which application stands); the index refuses to hide them.
  await sql`create unique index task_applications_enterprise_period_key
    on task_applications (enterprise_id, period_type, period) where status <> 'refused'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index task_applications_enterprise_period_key`.execute(db);
  await sql`drop trigger task_applications_period on task_applications`.execute(db);
  await sql`drop function task_applications_copy_period()`.execute(db);
  await db.schema.alterTable('task_applications').dropColumn('period_type').dropColumn('period').execute();
}
