import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after landing, never import application code.

// One filing per enterprise and report period among the 地方 tasks (a province's or a city's, taken up by 填报任务申请):
// the 省级 and the 市级 monthly report of one month are the same form, filed once. The application index
// (20261207T0300) keeps a second application out; this one holds for the filings themselves, whatever wrote
// them (a decision reversed, an import, a bug). Each filing carries its task's period and whether the task is a
// 地方 one, copied by a trigger so no writer can forget them. The ministry's tasks stay outside: the national
// survey reaches the enterprises of the directory alongside any 地方 task of the same month.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('filings')
    .addColumn('period_type', 'text')
    .addColumn('period', 'text')
    .addColumn('is_local_task', 'boolean')
    .execute();
  await sql`update filings set period_type = survey_tasks.period_type, period = survey_tasks.period,
      is_local_task = regions.level in ('province', 'city')
    from survey_tasks join regions on regions.code = survey_tasks.owner_region_code
    where survey_tasks.id = filings.task_id`.execute(db);
  await sql`create function filings_copy_task_period() returns trigger language plpgsql as $$
begin
  select survey_tasks.period_type, survey_tasks.period, regions.level in ('province', 'city')
    into new.period_type, new.period, new.is_local_task
    from survey_tasks join regions on regions.code = survey_tasks.owner_region_code
    where survey_tasks.id = new.task_id;
  return new;
end $$`.execute(db);
  await sql`create trigger filings_task_period before insert or update of task_id on filings
    for each row execute function filings_copy_task_period()`.execute(db);
  // Existing duplicates need a person's decision (which filing stands); the index refuses to hide them.
  await sql`create unique index filings_enterprise_local_period_key
    on filings (enterprise_id, period_type, period) where is_local_task`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index filings_enterprise_local_period_key`.execute(db);
  await sql`drop trigger filings_task_period on filings`.execute(db);
  await sql`drop function filings_copy_task_period()`.execute(db);
  await db.schema
    .alterTable('filings')
    .dropColumn('period_type')
    .dropColumn('period')
    .dropColumn('is_local_task')
    .execute();
}
