import { sql, type Expression, type SqlBool } from 'kysely';
import type { Database } from '../db/database.ts';

/*
 * 应报 of record (issue 17): a task's obligations are rows of task_obligations, filled from the directory as it
 * stands when the task is published. A later directory change never reaches a task by itself: an enterprise joins
 * an open task only by an administrator's recorded decision (joinOpenTasks), and a closed task never changes.
 */

/**
 * Whether task `t` selects enterprise `e` by its rule: the owner's region (and the scope divisions, when set)
 * contains the enterprise, and it is 纳统 for the annual report or a key enterprise (重点企业) for monthly ones,
 * unless the task names its audience. `t` is survey_tasks joined with the owner's region as `r`.
 */
const taskSelectsEnterprise: Expression<SqlBool> = sql<SqlBool>`
  e.region_code like (case r.level when 'nation' then '' when 'province' then left(r.code, 2)
    when 'city' then left(r.code, 4) else r.code end) || '%'
  and (jsonb_array_length(t.scope_region_codes) = 0 or exists (
    select 1 from jsonb_array_elements_text(t.scope_region_codes) as scope(code)
    where e.region_code like (case when scope.code like '%0000' then left(scope.code, 2)
      when scope.code like '%00' then left(scope.code, 4) else scope.code end) || '%'))
  and case t.audience
    when 'in-scope' then e.is_in_scope
    when 'key-enterprises' then e.is_in_scope and e.is_key_enterprise
    else case when t.period_type = 'year' then e.is_in_scope else e.is_in_scope and e.is_key_enterprise end
  end`;

/** At publication: the tasks' obligations from the directory as it stands now. */
export async function recordObligationsAtPublication(db: Database, taskIds: string[]): Promise<void> {
  if (taskIds.length === 0) return;
  await sql`insert into task_obligations (task_id, enterprise_id, source)
    select t.id, e.id, 'publication'
    from survey_tasks t join regions r on r.code = t.owner_region_code, enterprises e
    where t.id in (${sql.join(taskIds)}) and ${taskSelectsEnterprise}
    on conflict do nothing`.execute(db);
}

/** The open tasks (window not closed) whose rule selects the enterprise but that it has not joined. */
export async function listJoinableOpenTasks(db: Database, enterpriseIds: string[], now: Date) {
  if (enterpriseIds.length === 0) return [];
  const { rows } = await sql<{ task_id: string; enterprise_id: string; task_name: string }>`
    select t.id as task_id, e.id as enterprise_id, t.name as task_name
    from survey_tasks t join regions r on r.code = t.owner_region_code, enterprises e
    where e.id in (${sql.join(enterpriseIds)}) and t.closes_at > ${now} and ${taskSelectsEnterprise}
      and not exists (select 1 from task_obligations o where o.task_id = t.id and o.enterprise_id = e.id)
    order by t.closes_at, t.name`.execute(db);
  return rows;
}

/** 加入本期应报: the enterprises join the open tasks that select them; answers the pairs added. */
export async function joinOpenTasks(
  db: Database,
  options: { enterpriseIds: string[]; now: Date; decidedBy: string | null },
) {
  if (options.enterpriseIds.length === 0) return [];
  const { rows } = await sql<{ task_id: string; enterprise_id: string }>`
    insert into task_obligations (task_id, enterprise_id, source, joined_by)
    select t.id, e.id, 'decision', ${options.decidedBy}
    from survey_tasks t join regions r on r.code = t.owner_region_code, enterprises e
    where e.id in (${sql.join(options.enterpriseIds)}) and t.closes_at > ${options.now}
      and ${taskSelectsEnterprise}
    on conflict do nothing
    returning task_id, enterprise_id`.execute(db);
  return rows;
}

/** The tasks an enterprise must file (its 应报 of record). */
export async function listObligedTaskIds(db: Database, enterpriseId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('task_obligations')
    .select('task_id')
    .where('enterprise_id', '=', enterpriseId)
    .execute();
  return new Set(rows.map((row) => row.task_id));
}

/**
 * 应报 of record per task inside a region (code prefix): the enterprises obliged to it, or with a filing of it (an
 * applied task, or a period moved in from the old platform, which has no obligations of record). As in the one
 * definition of the figures (completeness-figures.ts), an enterprise still to apply for a 省/市 task (待申请: no
 * filing and no approved application) is not 应报.
 */
export async function countExpectedByTask(
  db: Database,
  options: { taskIds: string[]; regionPrefix: string },
): Promise<Map<string, number>> {
  if (options.taskIds.length === 0) return new Map();
  const taskIds = sql.join(options.taskIds);
  const region = `${options.regionPrefix}%`;
  // The filings, and the obligations without a filing: the union of both without deduplicating every pair (at
  // national scale a hash of 12 tasks × the region's enterprises).
  const result = await sql<{ task_id: string; expected: number }>`
    select obliged.task_id, count(*)::int as expected
    from (select f.task_id from filings f
          join enterprises e on e.id = f.enterprise_id
          where f.task_id in (${taskIds}) and e.region_code like ${region}
          union all
          select o.task_id from task_obligations o
          join enterprises e on e.id = o.enterprise_id
          join survey_tasks t on t.id = o.task_id
          join regions owner on owner.code = t.owner_region_code
          where o.task_id in (${taskIds}) and e.region_code like ${region}
            and (owner.level not in ('province', 'city') or exists (select 1 from task_applications a
              where a.task_id = o.task_id and a.enterprise_id = o.enterprise_id and a.status = 'approved'))
            and not exists (select 1 from filings f
                            where f.task_id = o.task_id and f.enterprise_id = o.enterprise_id)) obliged
    group by obliged.task_id`.execute(db);
  return new Map(result.rows.map((row) => [row.task_id, row.expected]));
}
