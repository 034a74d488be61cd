import type { AppContext } from '../app-context.ts';
import { currentTaskOutliers } from '../outlier/outlier-run.ts';
import type { DetectedOutlier } from '../outlier/outlier-detection.ts';
import { describeFlag } from '../outlier/send-verification-query.command.ts';
import { cellIndexOf } from '../review/review-cells.ts';
import { listRuleSwitchPackages } from '../rule-switch/rule-switch.repository.ts';
import { previousPeriodOf, samePeriodLastYearOf } from '../task/period.ts';
import { findTaskWithOwnerRegion } from '../task/task.repository.ts';
import { checkFiling } from './data-quality-checks.ts';
import {
  claimRun,
  countFilingsToCheck,
  findValuesOfPeriod,
  finishRun,
  listFilingsToCheck,
  recordBatch,
  type ClaimedRun,
  type NewFinding,
} from './data-quality.repository.ts';

/*
 * Does one queued data-quality run: the population's outlier run of the task's period once, then the task's
 * filings in the region batch by batch — each audited against its own previous period and the same period last
 * year, its key indicators and its basic information checked — writing each batch's findings with the progress.
 */

export interface DataQualityRunOptions {
  batchSize: number;
  /** How long a claim holds the run between two batches; a process that died releases it when it ends. */
  leaseMs: number;
}

export const defaultDataQualityRunOptions: DataQualityRunOptions = { batchSize: 500, leaseMs: 120_000 };

class RunTakenOver extends Error {}

/** Claims and does the oldest queued run; false when none was waiting. */
export async function runNextDataQualityRun(
  ctx: AppContext,
  options: DataQualityRunOptions = defaultDataQualityRunOptions,
): Promise<boolean> {
  const leaseUntil = () => new Date(ctx.now().getTime() + options.leaseMs);
  const run = await claimRun(ctx.db, { now: ctx.now(), leaseUntil: leaseUntil() });
  if (!run) return false;
  try {
    await checkRun(ctx, run, options, leaseUntil);
    await finishRun(ctx.db, run.id, { now: ctx.now(), error: null });
  } catch (error) {
    if (error instanceof RunTakenOver) return true;
    await finishRun(ctx.db, run.id, {
      now: ctx.now(),
      error: error instanceof Error ? error.message : String(error),
    });
  }
  return true;
}

async function checkRun(
  ctx: AppContext,
  run: ClaimedRun,
  options: DataQualityRunOptions,
  leaseUntil: () => Date,
): Promise<void> {
  const task = await findTaskWithOwnerRegion(ctx.db, run.task_id);
  if (!task) throw new Error('任务不存在');
  const filingsTotal = await countFilingsToCheck(ctx.db, run);
  const cells = cellIndexOf(task.edition_id, task.period_type);
  const outliersOf = new Map<string, DetectedOutlier[]>();
  for (const flag of await currentTaskOutliers(ctx.db, task)) {
    if (!flag.regionCode.startsWith(run.region_prefix)) continue;
    const list = outliersOf.get(flag.filingId) ?? [];
    outliersOf.set(flag.filingId, [...list, flag]);
  }
  const packages = await listRuleSwitchPackages(ctx.db);
  const previous = previousPeriodOf(task.period_type, task.period);
  const lastYear = samePeriodLastYearOf(task.period);

  let afterId: string | null = null;
  let filingsDone = 0;
  let findingCount = 0;
  for (;;) {
    const batch = await listFilingsToCheck(ctx.db, run, { afterId, limit: options.batchSize });
    if (batch.length === 0) break;
    const enterpriseIds = batch.map((row) => row.enterprise_id);
    const periodValues = (period: string | null) =>
      findValuesOfPeriod(ctx.db, {
        enterpriseIds,
        ownerRegionCode: task.owner_region_code,
        periodType: task.period_type,
        period,
      });
    const [previousValues, lastYearValues] = await Promise.all([
      periodValues(previous),
      periodValues(lastYear),
    ]);
    const findings: NewFinding[] = [];
    for (const row of batch) {
      const of = { filing_id: row.id, enterprise_id: row.enterprise_id, region_code: row.region_code };
      const checked = checkFiling({
        editionId: task.edition_id,
        periodType: task.period_type,
        period: task.period,
        values: row.cell_values,
        explanations: row.explanations,
        previousPeriod: previousValues.get(row.enterprise_id),
        samePeriodLastYear: lastYearValues.get(row.enterprise_id),
        packages,
        directory: {
          uscc: row.uscc,
          name: row.name,
          regionCode: row.region_code,
          industryCode: row.industry_code,
        },
      });
      for (const finding of checked) {
        findings.push({
          ...of,
          kind: finding.kind,
          form_id: finding.formId,
          cell_key: finding.key,
          rule_id: finding.ruleId,
          message: finding.message,
          explanation: finding.explanation,
        });
      }
      for (const flag of outliersOf.get(row.id) ?? []) {
        const [formId, key] = flag.cellId.split('.') as [string, string];
        const cell = cells.get(flag.cellId);
        findings.push({
          ...of,
          kind: 'outlier',
          form_id: formId,
          cell_key: key,
          rule_id: null,
          message: `${cell?.label ?? key} ${cell?.name ?? ''}：${describeFlag(flag)}`,
          explanation: null,
        });
      }
    }
    filingsDone += batch.length;
    const isStillOurs = await recordBatch(
      ctx.db,
      { id: run.id, leaseUntil: leaseUntil(), now: ctx.now() },
      { findings, firstSeq: findingCount, filingsDone, filingsTotal },
    );
    if (!isStillOurs) throw new RunTakenOver();
    findingCount += findings.length;
    afterId = batch[batch.length - 1]!.id;
  }
  // A region without filings still reports its (zero) progress.
  if (filingsDone === 0) {
    await recordBatch(
      ctx.db,
      { id: run.id, leaseUntil: leaseUntil(), now: ctx.now() },
      { findings: [], firstSeq: 0, filingsDone: 0, filingsTotal },
    );
  }
}
