import type { OfficialSummaryTable } from '@zhibao/contracts';
import { getEdition } from '@zhibao/survey';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import type { Database } from '../db/database.ts';
import type { AdminLevel, RegionLevel } from '../db/schema.ts';
import { requireCjkFont } from '../export/cjk-font.ts';
import { listChildRegions } from '../region/region.repository.ts';
import { headlineCell, numericValue } from '../review/review-cells.ts';
import { priorYearTaskOf } from '../task/prior-year-task.ts';
import { listTasksWithOwnerRegion, type TaskWithOwnerRow } from '../task/task.repository.ts';
import { headlineWithClasses, sumFilings, typedNumericCells } from './aggregation-indicators.ts';
import { listCountedFilings, type CountedFilingRow } from './aggregation.repository.ts';
import { aggregateRegion } from './aggregation.service.ts';
import { centsOf } from './exact-sum.ts';
import { buildOfficialSummaryPdf } from './official-summary-pdf.ts';
import {
  buildOfficialSummaryTable,
  type PriorYearOfGroup,
  type SectionKey,
} from './official-summary-table.ts';
import { buildOfficialSummaryWorkbook } from './official-summary-workbook.ts';

export type SummaryTableQuery = Parameters<typeof aggregateRegion>[2];

/** The official 汇总表 of a task for a region, as data (both files are drawn from it). */
export async function buildSummaryTableOf(
  ctx: AppContext,
  actor: Actor,
  query: SummaryTableQuery,
): Promise<OfficialSummaryTable> {
  // aggregateRegion asks the policy for the region and the task first.
  const report = await aggregateRegion(ctx, actor, { ...query, withoutTrend: true });
  const tasks = await listTasksWithOwnerRegion(ctx.db);
  const task = tasks.find((row) => row.id === report.task.id)!;
  const edition = getEdition(task.edition_id);
  const headline = headlineCell(task.period_type);
  const form = edition.forms.find((candidate) => candidate.id === headline.formId);
  // The report compares only with a prior task the administrator may read; the rows follow it.
  const priorTask = report.comparisonPeriodLabel === null ? undefined : priorYearTaskOf(task, tasks);
  return buildOfficialSummaryTable({
    report,
    edition,
    tableNo: form?.tableNo ?? '',
    indicatorIds: headlineWithClasses(task).map((cell) => `${cell.formId}.${cell.key}`),
    priorYear: priorTask
      ? await readPriorYearGroups(ctx.db, {
          task,
          priorTask,
          region: report.region,
          level: query.countedAt ?? actor.adminLevel!,
          includeSubmitted: query.includeSubmitted,
        })
      : null,
    reportedOn: ctx.now(),
  });
}

/**
 * Last year's figures of every row of the table and its 同口径 pair, summed from the counted filings of both
 * tasks: a row's 去年同期 groups last year's filings as they were then (their division, 行业, 规模); its 同口径
 * pair is the enterprises counted in both years, both years grouped as this year's filing is.
 */
async function readPriorYearGroups(
  db: Database,
  options: {
    task: TaskWithOwnerRow;
    priorTask: TaskWithOwnerRow;
    region: { code: string; level: RegionLevel };
    level: AdminLevel;
    includeSubmitted: boolean;
  },
): Promise<Record<SectionKey, Map<string, PriorYearOfGroup>>> {
  const { task, region } = options;
  const regionPrefix = regionScopePrefix(region.code, region.level);
  const typedCells = typedNumericCells(task);
  const read = async (taskId: string) =>
    (
      await listCountedFilings(db, {
        taskId,
        regionPrefix,
        level: options.level,
        includeSubmitted: options.includeSubmitted,
      })
    ).map((row) => ({
      ...row,
      cents: typedCells.map((cell) => centsOf(numericValue(row.cell_values, cell.formId, cell.key))),
    }));
  const [now, before, children] = await Promise.all([
    read(task.id),
    read(options.priorTask.id),
    listChildRegions(db, region.code),
  ]);
  const childPrefixes = children.map((child) => ({
    code: child.code,
    prefix: regionScopePrefix(child.code, child.level),
  }));
  const keyOf: Record<SectionKey, (filing: CountedFilingRow) => string> = {
    // A division no child contains is the region's own (本级), keyed by the region's code as the report does.
    children: (filing) =>
      childPrefixes.find((child) => filing.region_code.startsWith(child.prefix))?.code ?? region.code,
    byIndustry: (filing) => filing.industry_code,
    bySize: (filing) => filing.size_code ?? '',
    byKeyEnterprise: (filing) => String(filing.is_key_enterprise),
  };
  const nowByEnterprise = new Map(now.map((filing) => [filing.enterprise_id, filing]));
  const filedBefore = new Set(before.map((filing) => filing.enterprise_id));
  const sameSetNow = now.filter((filing) => filedBefore.has(filing.enterprise_id));
  const sameSetBefore = before.filter((filing) => nowByEnterprise.has(filing.enterprise_id));
  const result = {} as Record<SectionKey, Map<string, PriorYearOfGroup>>;
  for (const section of Object.keys(keyOf) as SectionKey[]) {
    const key = keyOf[section];
    const lastYear = sumFilings(task, before, key);
    const pairNow = sumFilings(task, sameSetNow, key);
    // 同口径: last year's filing of an enterprise is grouped as this year's.
    const pairBefore = sumFilings(task, sameSetBefore, (filing) =>
      key(nowByEnterprise.get(filing.enterprise_id)!),
    );
    const groups = new Map<string, PriorYearOfGroup>();
    for (const group of new Set([...lastYear.values.keys(), ...pairNow.values.keys()]))
      groups.set(group, {
        lastYear: lastYear.values.get(group),
        sameSetNow: pairNow.values.get(group),
        sameSetBefore: pairBefore.values.get(group),
      });
    result[section] = groups;
  }
  return result;
}

export type SummaryTableFormat = 'xlsx' | 'pdf';

export interface SummaryTableFile {
  fileName: string;
  content: Buffer;
  format: SummaryTableFormat;
}

/** The 汇总表 drawn as a file: .xlsx, or a printable PDF with the machine's Chinese font. */
export async function renderSummaryTable(
  ctx: AppContext,
  table: OfficialSummaryTable,
  format: SummaryTableFormat,
): Promise<SummaryTableFile> {
  const fileName = `汇总表-${table.region.name}-${table.periodLabel}.${format}`;
  if (format === 'xlsx') return { fileName, content: await buildOfficialSummaryWorkbook(table), format };
  const font = await requireCjkFont(ctx.config.cjkFontPath);
  return { fileName, content: await buildOfficialSummaryPdf(table, font), format };
}

/** The official 汇总表 of a task for a region as a file. */
export async function exportOfficialSummary(
  ctx: AppContext,
  actor: Actor,
  query: SummaryTableQuery,
  format: SummaryTableFormat,
) {
  return renderSummaryTable(ctx, await buildSummaryTableOf(ctx, actor, query), format);
}
