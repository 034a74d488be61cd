import type { Writable } from 'node:stream';
import { diffCellValues } from '../filing/filing-history.ts';
import { verificationAnswerPrefix } from '@zhibao/contracts';
import { auditFiling, getEdition, switchedEdition, type FilingValues, type Finding } from '@zhibao/survey';
import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { AppError, notFound } from '../http/app-error.ts';
import { WorkbookRejection } from '../http/xlsx-upload-guard.ts';
import { findRegion } from '../region/region.repository.ts';
import { listTasksWithOwnerRegion } from '../task/task.repository.ts';
import type { FiledReport, FilingView } from '@zhibao/contracts';
import { getFiledReport, getTaskFiling, listFiledReports } from '../filing/filing.service.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import { openMobile } from '../personal-data/sealed-mobile.ts';
import { findSignOffSources, listFiledFilingsPage } from './export.repository.ts';
import {
  buildBatchWorkbook,
  buildFilingWorkbook,
  writeFilingTable,
  type FilingTableRow,
  type SignOff,
  type WorkbookFiling,
} from './filing-workbook.ts';
import { readFilingWorkbookOffThread, type ReadWorkbook } from './filing-workbook-reader.ts';

export interface DownloadFile {
  fileName: string;
  content: Buffer;
}

function workbookFilingOf(view: FilingView): WorkbookFiling {
  return {
    edition: getEdition(view.editionId),
    periodType: view.periodType,
    period: view.period,
    periodLabel: view.periodLabel,
    enterprise: view.enterprise,
    values: view.values,
    previousPeriod: view.context.previousPeriod,
    samePeriodLastYear: view.context.samePeriodLastYear,
  };
}

const chinaDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/**
 * The footer of a filed report: the annual 企业基本情况表's own 单位负责人 / 统计负责人 / 填表人 / 电话 / 报出日期
 * where the filing has them; otherwise the enterprise's legal representative, the submitter's name and mobile,
 * and the day (China time) of the submission. 统计负责人 has no other source and stays a line to sign on.
 */
async function signOffOf(ctx: AppContext, view: FilingView): Promise<SignOff | undefined> {
  if (!view.filingId) return undefined;
  const sources = await findSignOffSources(ctx.db, view.filingId);
  if (!sources) return undefined;
  const basic = view.values.basic ?? {};
  const text = (key: string) => {
    const value = basic[key];
    return typeof value === 'string' && value.trim() ? value.trim() : null;
  };
  return {
    unitHead: text('B04') ?? sources.legal_representative,
    statisticsHead: text('B17') ?? '',
    preparer: text('B18') ?? sources.display_name,
    // The contact number the form asks for: printed whole, as the filer gave it to be called on.
    phone: text('B19') ?? text('B08') ?? openMobile(personalDataCipher(ctx.config), sources) ?? '',
    reportedOn: text('B20') ?? chinaDate.format(sources.submitted_at),
  };
}

// Every function below starts with the filing service's own access check (getFiledReport, getTaskFiling,
// listFiledReports check the actor's enterprise first), so export sees exactly what the screens see.

/** 导出: one filing as filed (its latest submission), laid out like the official tables. */
export async function exportFiling(ctx: AppContext, actor: Actor, filingId: string): Promise<DownloadFile> {
  authorizeActor(actor, 'filing.export');
  const view = await getFiledReport(ctx, actor, filingId);
  return {
    fileName: `${view.reportName}.xlsx`,
    content: await buildFilingWorkbook({ ...workbookFilingOf(view), signOff: await signOffOf(ctx, view) }),
  };
}

/**
 * 批量导出: exactly the chosen filings, or, when none are chosen, all that match the query; in one workbook, a sheet
 * per filing form. A chosen filing the actor cannot see refuses the whole export, as any other read of it would.
 */
export async function exportFilings(
  ctx: AppContext,
  actor: Actor,
  filter: { filingIds?: string[]; period?: string; keyword?: string },
): Promise<DownloadFile> {
  authorizeActor(actor, 'filing.export');
  let chosen: FiledReport[];
  if (filter.filingIds?.length) {
    const reports = new Map(
      (await listFiledReports(ctx, actor, {})).map((report) => [report.filingId, report]),
    );
    chosen = [...new Set(filter.filingIds)].map((filingId) => {
      const report = reports.get(filingId);
      if (!report) throw notFound('报表');
      return report;
    });
  } else {
    chosen = await listFiledReports(ctx, actor, filter);
  }
  if (chosen.length === 0)
    throw new AppError('NOT_FOUND', '没有可导出的报表，请调整查询条件或勾选要导出的报表');
  const filings: WorkbookFiling[] = [];
  for (const report of chosen) {
    const view = await getFiledReport(ctx, actor, report.filingId);
    filings.push({ ...workbookFilingOf(view), signOff: await signOffOf(ctx, view) });
  }
  return {
    fileName: `填报数据批量导出(${chosen.length}份).xlsx`,
    content: await buildBatchWorkbook(filings),
  };
}

const TABLE_PAGE = 1000;
const statusLabels: Record<string, string> = { submitted: '审核中', approved: '已通过', returned: '已退回' };

/**
 * 明细导出 (administrators): every filed filing of a task in the administrator's region (or a division of it),
 * a row each. The access check runs here, before anything is sent; `writeTo` then streams page by page, so a
 * national export of tens of thousands of filings holds one page in memory, and resolves with the number of
 * filings written.
 */
export async function openTaskFilingsExport(
  ctx: AppContext,
  actor: Actor,
  query: { taskId: string; regionCode?: string },
): Promise<{ fileName: string; writeTo(output: Writable): Promise<number> }> {
  const admin = authorizeActor(actor, 'task.export');
  const region = await findRegion(ctx.db, query.regionCode ?? admin.regionCode);
  authorize(admin, 'region.read', region);
  const task = (await listTasksWithOwnerRegion(ctx.db)).find((row) => row.id === query.taskId);
  authorize(admin, 'task.export', task);
  const regionPrefix = regionScopePrefix(region.code, region.level);
  async function* filings(): AsyncGenerator<FilingTableRow> {
    let afterId = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await listFiledFilingsPage(ctx.db, {
        taskId: task!.id,
        regionPrefix,
        afterId,
        limit: TABLE_PAGE,
      });
      for (const row of page) {
        yield {
          uscc: row.uscc,
          name: row.name,
          regionCode: row.region_code,
          period: task!.period,
          status: statusLabels[row.status] ?? row.status,
          values: row.cell_values as FilingValues,
          correctedCells: new Set(
            row.first_values
              ? diffCellValues(row.first_values, row.cell_values).map(
                  (change) => `${change.formId}.${change.key}`,
                )
              : [],
          ),
          // Cells answered with an explanation (请核实: the value is right), by the answers the filing carries.
          explainedCells: new Set(
            Object.keys(row.explanations)
              .filter((key) => key.startsWith(verificationAnswerPrefix))
              .map((key) => key.slice(verificationAnswerPrefix.length)),
          ),
        };
      }
      if (page.length < TABLE_PAGE) return;
      afterId = page[page.length - 1]!.id;
    }
  }
  return {
    fileName: `${task.name}-${region.name}-明细.xlsx`,
    writeTo: (output) => writeFilingTable(getEdition(task.edition_id), task.period_type, filings(), output),
  };
}

/** 下载模板: the task's forms with the working copy prefilled (blank when none), input cells marked. */
export async function downloadTemplate(ctx: AppContext, actor: Actor, taskId: string): Promise<DownloadFile> {
  authorizeActor(actor, 'filing.export');
  const view = await getTaskFiling(ctx, actor, taskId);
  return {
    fileName: `${view.reportName}-填报模板.xlsx`,
    content: await buildFilingWorkbook(workbookFilingOf(view), true),
  };
}

export interface ImportedWorkbook {
  values: FilingValues;
  findings: Finding[];
}

/**
 * 导入: reads a filled template and audits it with the same engine, without saving; the filer confirms on
 * screen before it replaces the draft. A wrong file is refused with the sheet and cell of each problem.
 */
export async function importTemplate(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  content: Buffer,
): Promise<ImportedWorkbook> {
  authorizeActor(actor, 'filing.import');
  const view = await getTaskFiling(ctx, actor, taskId);
  if (!view.canEdit) throw new AppError('FORBIDDEN', view.editRefusal ?? '报表当前不能修改');
  const edition = getEdition(view.editionId);
  let read: ReadWorkbook;
  try {
    read = await readFilingWorkbookOffThread(ctx.config.xlsxParsing, content, {
      editionId: view.editionId,
      periodType: view.periodType,
      periodLabel: view.periodLabel,
    });
  } catch (error) {
    if (!(error instanceof WorkbookRejection)) throw error;
    read = { values: {}, problems: [{ name: '(文件)', reason: error.reason }] };
  }
  if (read.problems.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `上传的文件有${read.problems.length}处问题：${read.problems
        .slice(0, 5)
        .map((problem) => `${problem.name} ${problem.reason}`)
        .join('；')}`,
      read.problems,
    );
  }
  // The same rules as the filing screen: the edition with the switch packages in force for the period.
  const { findings } = auditFiling(switchedEdition(edition, view.ruleSet.packages, view.period), {
    periodType: view.periodType,
    period: view.period,
    values: read.values,
    previousPeriod: view.context.previousPeriod ?? undefined,
    samePeriodLastYear: view.context.samePeriodLastYear ?? undefined,
    enterprise: {
      uscc: view.enterprise.uscc,
      name: view.enterprise.name,
      divisionCode: view.enterprise.regionCode,
    },
  });
  return { values: read.values, findings };
}
