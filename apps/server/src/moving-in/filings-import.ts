import {
  auditFiling,
  editionForPeriod,
  type CellDefinition,
  type FilingValues,
  type PeriodType,
  type SurveyEdition,
} from '@zhibao/survey';
import type { AppContext } from '../app-context.ts';
import type { CellValues, MigrationFinding } from '../db/schema.ts';
import { findFilingKeys, insertMigratedFilings } from '../filing/filing-state.repository.ts';
import { typedCellsOf } from '../filing/filing-values.ts';
import { findOrCreateHistoricalTask } from '../task/task.repository.ts';
import {
  column,
  enterprisesOfBatch,
  missingColumns,
  readingAhead,
  type ImportCounts,
  type Refuse,
  type Report,
} from './import-rows.ts';
import type { ExportTable } from './old-platform-files.ts';

/** `2025-03`, `2025年3月`, `202503` → 2025-03; `2025`, `2025年` → 2025; anything else null. */
export function periodOf(text: string): { periodType: PeriodType; period: string } | null {
  const month = /^(\d{4})(?:-|年|)(\d{1,2})月?$/.exec(text.trim());
  if (month) {
    const number = Number(month[2]);
    if (number < 1 || number > 12) return null;
    return { periodType: 'month', period: `${month[1]}-${String(number).padStart(2, '0')}` };
  }
  const year = /^(\d{4})年?$/.exec(text.trim());
  return year ? { periodType: 'year', period: year[1]! } : null;
}

// A period's filings were due by the 15th of the next month (monthly) or 31 March of the next year (annual).
function deadlineOf(periodType: PeriodType, period: string): Date {
  const year = Number(period.slice(0, 4));
  if (periodType === 'year') return new Date(`${year + 1}-03-31T18:00:00+08:00`);
  const month = Number(period.slice(5, 7));
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return new Date(`${next}-15T18:00:00+08:00`);
}

const headerMaps = new Map<string, Map<string, CellDefinition>>();

/**
 * The 明细 workbook's columns: an indicator code names its cell where only one form of the period has it;
 * `<form>.<code>` always does (a grid cell's code is `<row>:<column>`).
 */
function cellsByHeaderOf(edition: SurveyEdition, periodType: PeriodType): Map<string, CellDefinition> {
  const cacheKey = `${edition.id}:${periodType}`;
  let byHeader = headerMaps.get(cacheKey);
  if (byHeader) return byHeader;
  byHeader = new Map();
  const forms = [...typedCellsOf(edition, periodType).values()].flatMap((cells) => [...cells.values()]);
  const formsOfKey = new Map<string, number>();
  for (const cell of forms) formsOfKey.set(cell.key, (formsOfKey.get(cell.key) ?? 0) + 1);
  for (const cell of forms) {
    byHeader.set(`${cell.formId}.${cell.key}`, cell);
    if (formsOfKey.get(cell.key) === 1) byHeader.set(cell.key, cell);
  }
  headerMaps.set(cacheKey, byHeader);
  return byHeader;
}

const isNumeric = (cell: CellDefinition) =>
  cell.type === 'amount' || cell.type === 'count' || cell.type === 'ratio';

/**
 * Past filings from a 明细 workbook: approved, migrated filings of the ministry's task of their period (a closed
 * historical one where none exists), audited with their period's edition, the findings kept.
 */
export async function importFilings(
  ctx: Pick<AppContext, 'db' | 'now'>,
  table: ExportTable,
  counts: ImportCounts,
  refuse: Refuse,
  report: Report,
): Promise<void> {
  if (missingColumns(table, [column.uscc, column.period], refuse)) return;
  const taskIds = new Map<string, string>();
  let rows = 0;
  for await (const batch of readingAhead(table.batches)) {
    const enterprises = await enterprisesOfBatch(ctx.db, batch);
    const filings: Parameters<typeof insertMigratedFilings>[1] = [];
    const pending: Array<{
      taskId: string;
      enterpriseId: string;
      edition: SurveyEdition;
      period: { periodType: PeriodType; period: string };
      values: FilingValues;
    }> = [];
    for (const { rowNumber, cells } of batch) {
      const uscc = (cells.get(column.uscc) ?? '').toUpperCase();
      const enterprise = enterprises.get(uscc);
      if (!enterprise) {
        refuse(table, rowNumber, column.uscc, `统一社会信用代码 ${uscc || '(空)'} 不在企业名录中`);
        continue;
      }
      const period = periodOf(cells.get(column.period) ?? '');
      if (!period) {
        refuse(
          table,
          rowNumber,
          column.period,
          `报告期“${cells.get(column.period) ?? ''}”无法识别，应为2025-03或2025`,
        );
        continue;
      }
      const edition = editionForPeriod(period.period);
      const cellsByHeader = cellsByHeaderOf(edition, period.periodType);
      const values: Record<string, Record<string, number | string>> = {};
      let isRefused = false;
      for (const [header, text] of cells) {
        if (header === column.uscc || header === column.period || header === column.name) continue;
        const cell = cellsByHeader.get(header);
        if (!cell) {
          refuse(
            table,
            rowNumber,
            header,
            `“${header}”不是${edition.id}年版${period.periodType === 'month' ? '月报' : '年报'}可填报的指标代码`,
          );
          isRefused = true;
          continue;
        }
        const number = Number(text.replace(/[,，\s]/g, ''));
        if (isNumeric(cell) && !Number.isFinite(number)) {
          refuse(table, rowNumber, header, `${cell.name}应填写数字，实为“${text}”`);
          isRefused = true;
          continue;
        }
        (values[cell.formId] ??= {})[cell.key] = isNumeric(cell) ? number : text;
      }
      if (isRefused) continue;
      const taskKey = `${period.periodType}:${period.period}`;
      let taskId = taskIds.get(taskKey);
      if (!taskId) {
        taskId = await findOrCreateHistoricalTask(ctx.db, {
          editionId: edition.id,
          periodType: period.periodType,
          period: period.period,
          name: `[部级]${period.periodType === 'month' ? `${period.period.slice(0, 4)}年${period.period.slice(5)}月软件和信息技术服务业月报` : `${period.period}年软件和信息技术服务业年报`}（原平台迁入）`,
          closesAt: deadlineOf(period.periodType, period.period),
        });
        taskIds.set(taskKey, taskId);
      }
      pending.push({ taskId, enterpriseId: enterprise.id, edition, period, values: values as FilingValues });
    }
    // A filing a task already has is left as it is (a second run changes nothing): not audited again either.
    const present = new Set(
      (
        await findFilingKeys(
          ctx.db,
          pending.map((filing) => filing.taskId),
          pending.map((filing) => filing.enterpriseId),
        )
      ).map((filing) => `${filing.task_id}:${filing.enterprise_id}`),
    );
    for (const filing of pending) {
      if (present.has(`${filing.taskId}:${filing.enterpriseId}`)) {
        counts.filingsUnchanged += 1;
        continue;
      }
      // Audited as its period's edition audits it; what the old platform let pass is kept, not refused.
      const { findings } = auditFiling(filing.edition, {
        periodType: filing.period.periodType,
        period: filing.period.period,
        values: filing.values,
      });
      filings.push({
        taskId: filing.taskId,
        enterpriseId: filing.enterpriseId,
        values: filing.values as CellValues,
        findings: findings.map((finding): MigrationFinding => ({
          ruleId: finding.ruleId,
          severity: finding.severity,
          message: finding.message,
        })),
        submittedAt: deadlineOf(filing.period.periodType, filing.period.period),
      });
    }
    const added = await insertMigratedFilings(ctx.db, filings, ctx.now());
    counts.filingsAdded += added;
    counts.filingsUnchanged += filings.length - added;
    rows += batch.length;
    await report(rows);
  }
}
