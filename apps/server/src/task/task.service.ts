import { editionForPeriod, getEdition } from '@zhibao/survey';
import { requireAdminActor } from '../access/access.policy.ts';
import type { Actor } from '../access/actor.ts';
import { isWithinRegion, regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { countFilingsByTaskAndStatus } from '../completeness/completeness.repository.ts';
import type { AdminLevel, PeriodType, TaskAudience } from '../db/schema.ts';
import { AppError, type InvalidParam } from '../http/app-error.ts';
import { adminLevelLabel } from '../region/admin-level.ts';
import { findRegion } from '../region/region.repository.ts';
import { formatPeriodLabel, formatReportName } from './period.ts';
import {
  insertTasks,
  listTasksWithOwnerRegion,
  type NewTask,
  type TaskWithOwnerRow,
} from './task.repository.ts';
import type { GenerateMonthlyInput, PublishTaskInput } from './task.schemas.ts';

type Admin = ReturnType<typeof requireAdminActor>;

export interface AdminTaskView {
  id: string;
  name: string;
  editionId: string;
  periodType: PeriodType;
  period: string;
  periodLabel: string;
  ownerRegionCode: string;
  ownerRegionName: string;
  audience: TaskAudience;
  scopeRegionCodes: string[];
  opensAt: string;
  closesAt: string;
  reviewDeadlines: Partial<Record<AdminLevel, string>>;
  /** The administrator's own task (published for their region). */
  isOwn: boolean;
  /** Reports of the administrator's region submitted at least once (awaiting review, returned or approved). */
  submittedCount: number;
}

/** Tasks that concern the administrator: published for a region containing theirs, or inside theirs. */
export function isTaskRelevantTo(
  admin: Actor,
  task: Pick<TaskWithOwnerRow, 'owner_region_code' | 'owner_region_level'>,
) {
  return (
    isWithinRegion(task.owner_region_code, task.owner_region_level, admin.regionCode) ||
    isWithinRegion(admin.regionCode, admin.regionLevel, task.owner_region_code)
  );
}

function toView(admin: Actor, task: TaskWithOwnerRow, submittedCount = 0): AdminTaskView {
  return {
    id: task.id,
    name: task.name,
    editionId: task.edition_id,
    periodType: task.period_type,
    period: task.period,
    periodLabel: formatPeriodLabel(task.period_type, task.period),
    ownerRegionCode: task.owner_region_code,
    ownerRegionName: task.owner_region_name,
    audience: task.audience,
    scopeRegionCodes: task.scope_region_codes,
    opensAt: task.opens_at.toISOString(),
    closesAt: task.closes_at.toISOString(),
    reviewDeadlines: task.review_deadlines,
    isOwn: task.owner_region_code === admin.regionCode,
    submittedCount,
  };
}

/** 调查任务: the tasks of the administrator's region, newest deadline first. */
export async function listAdminTasks(ctx: AppContext, actor: Actor): Promise<AdminTaskView[]> {
  const admin = requireAdminActor(actor);
  const [tasks, counts] = await Promise.all([
    listTasksWithOwnerRegion(ctx.db),
    countFilingsByTaskAndStatus(ctx.db, regionScopePrefix(admin.regionCode, admin.regionLevel)),
  ]);
  const submitted = new Map<string, number>();
  for (const row of counts) {
    if (row.status !== 'draft') submitted.set(row.task_id, (submitted.get(row.task_id) ?? 0) + row.count);
  }
  return tasks
    .filter((task) => isTaskRelevantTo(admin, task))
    .map((task) => toView(admin, task, submitted.get(task.id)));
}

function requirePublisher(actor: Actor): Admin {
  const admin = requireAdminActor(actor);
  if (admin.regionLevel !== 'nation' && admin.regionLevel !== 'province') {
    throw new AppError('FORBIDDEN', '调查任务由部级或省级（含直辖市）管理员发布');
  }
  return admin;
}

async function checkScope(ctx: AppContext, admin: Admin, codes: string[]): Promise<InvalidParam[]> {
  const problems: InvalidParam[] = [];
  for (const [index, code] of codes.entries()) {
    const region = await findRegion(ctx.db, code);
    if (!region || !isWithinRegion(admin.regionCode, admin.regionLevel, code)) {
      problems.push({ name: `scopeRegionCodes.${index}`, reason: `地区代码 ${code} 不存在或不在本辖区内` });
    }
  }
  return problems;
}

function resolveEdition(editionId: string | undefined, period: string): string {
  try {
    return editionId ? getEdition(editionId).id : editionForPeriod(period).id;
  } catch {
    throw new AppError('VALIDATION_FAILED', `调查制度版本“${editionId}”不存在`, [
      { name: 'editionId', reason: '调查制度版本不存在' },
    ]);
  }
}

const levelOrder: AdminLevel[] = ['county', 'city', 'province', 'ministry'];

function checkReviewDeadlines(closesAt: Date, deadlines: Partial<Record<AdminLevel, Date>>): InvalidParam[] {
  const problems: InvalidParam[] = [];
  let previous = closesAt;
  for (const level of levelOrder) {
    const deadline = deadlines[level];
    if (!deadline) continue;
    if (deadline < previous) {
      problems.push({
        name: `reviewDeadlines.${level}`,
        reason: `${adminLevelLabel[level]}审核截止时间应晚于企业填报截止时间和下级审核截止时间`,
      });
    }
    previous = deadline;
  }
  return problems;
}

function ownerTag(admin: Admin): string {
  return admin.regionLevel === 'nation' ? '[部级]' : '[省级]';
}

/** 发布调查任务: the ministry, or a province for its own region, publishes a report period with its windows. */
export async function publishTask(
  ctx: AppContext,
  actor: Actor,
  input: PublishTaskInput,
  requestId?: string,
): Promise<AdminTaskView> {
  const admin = requirePublisher(actor);
  const editionId = resolveEdition(input.editionId, input.period);
  const problems = [
    ...(await checkScope(ctx, admin, input.scopeRegionCodes)),
    ...checkReviewDeadlines(input.closesAt, input.reviewDeadlines),
  ];
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', '任务设置有误，请检查标出的项', problems);
  const task: NewTask = {
    name:
      input.name ||
      `${ownerTag(admin)}${formatReportName(input.periodType, input.period).replace('-企业月报表', '')}`,
    editionId,
    periodType: input.periodType,
    period: input.period,
    ownerLevel: admin.adminLevel,
    ownerRegionCode: admin.regionCode,
    audience: input.audience,
    scopeRegionCodes: input.scopeRegionCodes,
    opensAt: input.opensAt,
    closesAt: input.closesAt,
    reviewDeadlines: Object.fromEntries(
      Object.entries(input.reviewDeadlines).map(([level, date]) => [level, date.toISOString()]),
    ),
    publishedBy: admin.userId,
  };
  const id = await ctx.db.transaction().execute(async (trx) => {
    const [inserted] = await insertTasks(trx, [task]);
    if (!inserted) {
      throw new AppError(
        'CONFLICT',
        `本辖区${formatPeriodLabel(input.periodType, input.period)}的任务已发布`,
        [{ name: 'period', reason: '该报告期的任务已存在' }],
      );
    }
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'task.publish',
      subjectType: 'task',
      subjectId: inserted.id,
      regionCode: admin.regionCode,
      requestId,
      details: { period: input.period, periodType: input.periodType, audience: input.audience },
    });
    return inserted.id;
  });
  const tasks = await listTasksWithOwnerRegion(ctx.db);
  return toView(
    admin,
    tasks.find((row) => row.id === id)!,
  );
}

// China Standard Time has no daylight saving, so a fixed offset is exact.
function chinaTime(year: number, month: number, day: number, time: string): Date {
  const pad = (value: number) => String(value).padStart(2, '0');
  return new Date(`${year}-${pad(month)}-${pad(day)}T${time}+08:00`);
}

/**
 * 生成全年月报任务: the twelve monthly tasks of a year at once, each opening on the 1st of the following month
 * and closing on its filing day at 18:00, each review level a few days after the one below; existing ones are kept.
 */
export async function generateMonthlyTasks(
  ctx: AppContext,
  actor: Actor,
  input: GenerateMonthlyInput,
  requestId?: string,
): Promise<{ created: string[]; skipped: string[] }> {
  const admin = requirePublisher(actor);
  const problems = await checkScope(ctx, admin, input.scopeRegionCodes);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', '任务设置有误，请检查标出的项', problems);
  const tasks: NewTask[] = [];
  for (let month = 1; month <= 12; month += 1) {
    const period = `${input.year}-${String(month).padStart(2, '0')}`;
    const fileYear = month === 12 ? input.year + 1 : input.year;
    const fileMonth = month === 12 ? 1 : month + 1;
    const closesAt = chinaTime(fileYear, fileMonth, input.filingDay, '18:00:00');
    const reviewDeadlines = Object.fromEntries(
      levelOrder.map((level, index) => [
        level,
        new Date(closesAt.getTime() + (index + 1) * input.reviewDaysPerLevel * 86_400_000).toISOString(),
      ]),
    );
    tasks.push({
      name: `${ownerTag(admin)}${input.year}年${String(month).padStart(2, '0')}月软件和信息技术服务业月报`,
      editionId: resolveEdition(input.editionId, period),
      periodType: 'month',
      period,
      ownerLevel: admin.adminLevel,
      ownerRegionCode: admin.regionCode,
      audience: input.audience,
      scopeRegionCodes: input.scopeRegionCodes,
      opensAt: chinaTime(fileYear, fileMonth, 1, '00:00:00'),
      closesAt,
      reviewDeadlines,
      publishedBy: admin.userId,
    });
  }
  const created = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await insertTasks(trx, tasks);
    for (const task of inserted) {
      await insertAuditEvent(trx, {
        actorUserId: admin.userId,
        action: 'task.publish',
        subjectType: 'task',
        subjectId: task.id,
        regionCode: admin.regionCode,
        requestId,
        details: { period: task.period, periodType: 'month', generated: true },
      });
    }
    return inserted.map((task) => task.period).sort();
  });
  return { created, skipped: tasks.map((task) => task.period).filter((period) => !created.includes(period)) };
}
