import { once, type EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  codeLabel,
  deriveComputedCells,
  formsForPeriodType,
  gridCellKey,
  listCells,
  monthlyComparison,
  type CellDefinition,
  type FilingValues,
  type FormDefinition,
  type PeriodType,
  type SurveyEdition,
  type Unit,
} from '@zhibao/survey';
import {
  APPROVAL_PREFIX,
  FILER_PREFIX,
  HEADER_ROW,
  PERIOD_PREFIX,
  sheetNameOf,
} from '@zhibao/survey/workbook';

// A filing as an .xlsx laid out like the official tables: one sheet per form, named by its 表号, with the
// title, the 表号/制定机关/批准文号 line, the filer and 报告期, the unit line, the column heads, then the rows.
// The same layout is the offline template; the survey package defines it (@zhibao/survey/workbook) and reads it back.

export interface WorkbookFiling {
  edition: SurveyEdition;
  periodType: PeriodType;
  period: string;
  periodLabel: string;
  enterprise: { name: string; uscc: string };
  values: FilingValues;
  previousPeriod?: FilingValues | null;
  samePeriodLastYear?: FilingValues | null;
  /** Prefix of sheet names when several filings share a workbook (批量导出). */
  sheetPrefix?: string;
  /** The sign-off footer of a filed report; a template (nothing filed yet) has none. */
  signOff?: SignOff;
}

/** The footer of every official form: who answers for the figures, and when they were reported. */
export interface SignOff {
  unitHead: string;
  statisticsHead: string;
  preparer: string;
  phone: string;
  /** 报出日期, as YYYY-MM-DD. */
  reportedOn: string;
}

const thin = { style: 'thin' as const, color: { argb: 'FF999999' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };
const computedFill = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFEFEFEF' } };
const typedFill = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFFFFBE6' } };

/**
 * The display format and the precision of a number, by unit: money (千元, 万元, 万美元) with thousands separators
 * and two decimals, persons as integers, percentages with one decimal.
 */
const unitFormats: Record<Unit, { numFmt: string; decimals: number }> = {
  千元: { numFmt: '#,##0.00', decimals: 2 },
  万元: { numFmt: '#,##0.00', decimals: 2 },
  万美元: { numFmt: '#,##0.00', decimals: 2 },
  人: { numFmt: '#,##0', decimals: 0 },
  '%': { numFmt: '0.0', decimals: 1 },
};

/** The Excel format and the decimals shown of a number in a unit (or, unitless, of its type). */
export function unitFormatOf(unit: Unit | null, type: CellDefinition['type']) {
  if (unit) return unitFormats[unit];
  if (type === 'count') return unitFormats.人;
  if (type === 'ratio') return unitFormats['%'];
  return unitFormats.千元;
}

/**
 * A computed number (a sum of decimals, a growth rate) rounded to what its format shows, so the cell holds
 * 5263.93 and not 5263.929999999999. Typed values are written as typed: they already fit their unit's decimals.
 */
export function roundForFormat(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
}

const isNumeric = (cell: CellDefinition) =>
  cell.type === 'amount' || cell.type === 'count' || cell.type === 'ratio';

function writeHeading(sheet: ExcelJS.Worksheet, form: FormDefinition, filing: WorkbookFiling, width: number) {
  const { edition } = filing;
  sheet.mergeCells(1, 1, 1, width);
  const title = sheet.getCell(1, 1);
  title.value = form.name;
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center' };
  sheet.getRow(1).height = 28;
  sheet.mergeCells(2, 1, 2, width);
  sheet.getCell(2, 1).value =
    `表号：${form.tableNo}    制定机关：${edition.authority}    批准机关：${edition.approvedBy}    ${APPROVAL_PREFIX}${edition.approvalNo}`;
  sheet.getCell(2, 1).alignment = { horizontal: 'right' };
  sheet.mergeCells(3, 1, 3, Math.max(1, width - 1));
  sheet.getCell(3, 1).value =
    `${FILER_PREFIX}${filing.enterprise.name}（统一社会信用代码：${filing.enterprise.uscc}）`;
  sheet.getCell(3, width).value = `${PERIOD_PREFIX}${filing.periodLabel}`;
  sheet.getCell(3, width).alignment = { horizontal: 'right' };
  sheet.mergeCells(4, 1, 4, width);
  sheet.getCell(4, 1).value = form.unitNote;
}

function styleHeader(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  row.eachCell((cell) => {
    cell.border = border;
    cell.fill = computedFill;
  });
}

function writeIndicatorForm(
  sheet: ExcelJS.Worksheet,
  form: FormDefinition,
  filing: WorkbookFiling,
  derived: Record<string, number | string | null>,
  asTemplate: boolean,
) {
  const labelCount = form.labelColumns.length;
  const width = labelCount + form.columns.length;
  writeHeading(sheet, form, filing, width);
  styleHeader(sheet.addRow([...form.labelColumns, ...form.columns.map((column) => column.name)]));
  const cells = new Map(listCells(form).map((cell) => [cell.key, cell]));
  const comparison =
    form.id === 'monthly'
      ? monthlyComparison(filing.edition, {
          values: filing.values,
          previousPeriod: filing.previousPeriod ?? undefined,
          samePeriodLastYear: filing.samePeriodLastYear ?? undefined,
          period: filing.period,
        })
      : {};
  const codeLists = new Map(filing.edition.codeLists.map((list) => [list.id, list]));

  for (const row of form.rows) {
    if (row.kind === 'section') {
      const added = sheet.addRow([row.name]);
      added.getCell(1).alignment = { indent: row.level };
      added.getCell(1).font = { bold: true };
      for (let column = 1; column <= width; column += 1) added.getCell(column).border = border;
      continue;
    }
    const cell = cells.get(row.code)!;
    const labels = form.labelColumns.map((label) =>
      label === '代码' ? row.code : label === '计量单位' ? (row.unit ?? '') : row.name,
    );
    const added = sheet.addRow(labels);
    added.getCell(1).alignment = { indent: row.level };
    const current = derived[row.code] ?? null;
    form.columns.forEach((column, index) => {
      const target = added.getCell(labelCount + 1 + index);
      target.border = border;
      let value: number | string | null = null;
      if (column.source === 'typed') value = current;
      else if (isNumeric(cell)) {
        const compared = comparison[row.code];
        if (column.id === 'samePeriodLastYear') value = compared?.samePeriodLastYear ?? null;
        else if (column.id === 'previousPeriod') value = compared?.previousPeriod ?? null;
        else if (column.id === 'yearOnYear') value = compared?.yearOnYear ?? null;
        else if (column.id === 'periodOnPeriod') value = compared?.periodOnPeriod ?? null;
      }
      const isInput = column.source === 'typed' && !cell.isComputed;
      if (isNumeric(cell)) {
        const format = unitFormatOf(column.unit === '%' ? '%' : cell.unit, cell.type);
        target.numFmt = format.numFmt;
        if (typeof value === 'number' && !isInput) value = roundForFormat(value, format.decimals);
      }
      target.value = value;
      if (isInput && asTemplate) {
        target.fill = typedFill;
        target.protection = { locked: false };
        const list = cell.codeList ? codeLists.get(cell.codeList) : undefined;
        if (list && !list.pattern) {
          target.dataValidation = {
            type: 'list',
            allowBlank: true,
            formulae: [`"${list.entries.map((entry) => entry.code).join(',')}"`],
          };
        }
      } else if (!isInput) {
        target.fill = computedFill;
      }
      if (isInput && !asTemplate && cell.codeList && typeof value === 'string') {
        const list = codeLists.get(cell.codeList);
        const label = list ? codeLabel(list, value) : undefined;
        if (label) target.note = label;
      }
    });
    for (let column = 1; column <= labelCount; column += 1) added.getCell(column).border = border;
  }
  sheet.getColumn(1).width = 44;
  for (let column = 2; column <= width; column += 1)
    sheet.getColumn(column).width = column <= labelCount ? 10 : 16;
}

function writeGridForm(
  sheet: ExcelJS.Worksheet,
  form: FormDefinition,
  filing: WorkbookFiling,
  derived: Record<string, number | string | null>,
  asTemplate: boolean,
) {
  const grid = form.grid!;
  const width = form.labelColumns.length + grid.columns.length;
  writeHeading(sheet, form, filing, width);
  styleHeader(
    sheet.addRow([...form.labelColumns, ...grid.columns.map((column) => `${column.name}(${column.unit})`)]),
  );
  for (const row of grid.rows) {
    const added = sheet.addRow([row.rowNo === 'total' ? '合计' : row.rowNo, row.name]);
    added.getCell(2).alignment = { indent: row.level };
    added.getCell(1).border = border;
    added.getCell(2).border = border;
    grid.columns.forEach((column, index) => {
      const target = added.getCell(form.labelColumns.length + 1 + index);
      target.border = border;
      if (!row.columns.includes(column.code)) {
        target.fill = computedFill;
        return;
      }
      const format = unitFormatOf(column.unit, 'amount');
      const value = derived[gridCellKey(row.rowNo, column.code)] ?? null;
      target.value =
        typeof value === 'number' && row.isComputed ? roundForFormat(value, format.decimals) : value;
      target.numFmt = format.numFmt;
      if (row.isComputed) target.fill = computedFill;
      else if (asTemplate) {
        target.fill = typedFill;
        target.protection = { locked: false };
      }
    });
  }
  sheet.getColumn(1).width = 8;
  sheet.getColumn(2).width = 36;
  for (let column = 3; column <= width; column += 1) sheet.getColumn(column).width = 18;
}

export const SIGN_OFF_LABELS = ['单位负责人', '统计负责人', '填表人', '联系电话', '报出日期'] as const;

/** The footer under the table, one line as on the printed forms: 单位负责人 … 报出日期. */
function writeSignOff(sheet: ExcelJS.Worksheet, signOff: SignOff, width: number) {
  sheet.addRow([]);
  const [year, month, day] = signOff.reportedOn.split('-');
  const values = [
    signOff.unitHead,
    signOff.statisticsHead,
    signOff.preparer,
    signOff.phone,
    year ? `${year}年${month}月${day}日` : '',
  ];
  const row = sheet.addRow([
    SIGN_OFF_LABELS.map((label, index) => `${label}：${values[index] || '＿＿＿＿'}`).join('    '),
  ]);
  sheet.mergeCells(row.number, 1, row.number, width);
  row.getCell(1).alignment = { horizontal: 'left' };
}

/** Adds one filing's forms to the workbook, computed cells derived, the comparison columns filled. */
export function addFilingSheets(
  workbook: ExcelJS.Workbook,
  filing: WorkbookFiling,
  asTemplate = false,
): void {
  const derived = deriveComputedCells(filing.edition, filing.periodType, filing.values);
  for (const form of formsForPeriodType(filing.edition, filing.periodType)) {
    const sheet = workbook.addWorksheet(sheetNameOf(form, filing.sheetPrefix), {
      views: [{ state: 'frozen', ySplit: HEADER_ROW }],
      pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    const values = (derived[form.id] ?? {}) as Record<string, number | string | null>;
    if (form.grid) writeGridForm(sheet, form, filing, values, asTemplate);
    else writeIndicatorForm(sheet, form, filing, values, asTemplate);
    if (filing.signOff && !asTemplate) writeSignOff(sheet, filing.signOff, sheet.columnCount);
  }
}

function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '软件和信息技术服务业统计直报系统';
  workbook.created = new Date();
  return workbook;
}

/** An .xlsx of one filing (导出), or its offline template (模板) with the input cells marked and unlocked. */
export async function buildFilingWorkbook(filing: WorkbookFiling, asTemplate = false): Promise<Buffer> {
  const workbook = newWorkbook();
  addFilingSheets(workbook, filing, asTemplate);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** 批量导出: one workbook, each filing's forms on sheets prefixed by its 报告期. */
export async function buildBatchWorkbook(filings: WorkbookFiling[]): Promise<Buffer> {
  const workbook = newWorkbook();
  const used = new Map<string, number>();
  for (const filing of filings) {
    const seen = (used.get(filing.period) ?? 0) + 1;
    used.set(filing.period, seen);
    addFilingSheets(workbook, {
      ...filing,
      sheetPrefix: seen === 1 ? filing.period : `${filing.period}(${seen})`,
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One filing of a 明细 export: who filed, for which period, in which state, and what. */
export interface FilingTableRow {
  uscc: string;
  name: string;
  regionCode: string;
  period: string;
  status: string;
  values: FilingValues;
  /**
   * Where each value came from: the typed cells (`form.key`) the enterprise corrected after its first submission;
   * the others are as first reported.
   */
  correctedCells: ReadonlySet<string>;
  /** The typed cells asked about and answered with an explanation, the value unchanged (企业说明无误). */
  explainedCells: ReadonlySet<string>;
}

const tableHeads = ['统一社会信用代码', '单位详细名称', '行政区划代码', '报告期', '状态'];
/** The 数据来源 column: the cells corrected, then those explained; 原报 when neither. */
function sourceNote(
  corrected: ReadonlyArray<{ cell: { label: string } }>,
  explained: ReadonlyArray<{ cell: { label: string } }>,
): string {
  const notes = [
    corrected.length > 0 ? `更正: ${corrected.map(({ cell }) => cell.label).join('、')}` : null,
    explained.length > 0 ? `说明无误: ${explained.map(({ cell }) => cell.label).join('、')}` : null,
  ].filter((note) => note !== null);
  return notes.length === 0 ? '原报' : notes.join('；');
}

const correctedFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBFF' } };

// exceljs applies no backpressure (exceljs/exceljs#734): a committed row's XML is handed to the zip at once, so
// rows written faster than the zip compresses them queue up in memory, the more the more filings (about 40 MB at
// 50,000 filings). Past this many queued bytes the writer waits for the zip to take them.
const MAX_ZIP_QUEUE_BYTES = 1 << 20;

interface ZipQueue extends EventEmitter {
  _writableState?: { length: number };
}

/**
 * Waits while the XML queued between the sheet and the zip is over its limit, or until the output is gone. The
 * queue is private to exceljs: without it (another exceljs version) the writer does not wait.
 */
async function waitForZip(sheet: ExcelJS.Worksheet, outputGone: Promise<never>): Promise<void> {
  const queue = (sheet as unknown as { stream?: { pipes?: ZipQueue[] } }).stream?.pipes?.[0];
  if (!queue || (queue._writableState?.length ?? 0) <= MAX_ZIP_QUEUE_BYTES) return;
  await Promise.race([once(queue, 'drain'), outputGone]);
}

/**
 * Rejects when the output closes before all of it was written (a download cut short): the zip then never drains
 * nor finishes, and an export waiting for it would wait forever.
 */
function whenOutputGone(output: Writable): Promise<never> {
  const gone = new Promise<never>((_, reject) => {
    const fail = () => reject(new Error('明细导出的输出已关闭'));
    if (output.destroyed) fail();
    else output.once('close', () => !output.writableFinished && fail());
  });
  // Only raced against the waits below: a rejection nothing waits for any more is not an error.
  gone.catch(() => {});
  return gone;
}

/**
 * 明细导出: the filings of a task as one table, a row per filing and a column per cell of its forms (computed
 * cells derived), streamed: each row is written out before the next filing is read, so memory stays flat
 * however many filings a region has (docs/performance.md). Resolves with the number of filings written.
 */
export async function writeFilingTable(
  edition: SurveyEdition,
  periodType: PeriodType,
  filings: AsyncIterable<FilingTableRow>,
  output: Writable,
): Promise<number> {
  const outputGone = whenOutputGone(output);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    // Inline strings: a shared-strings table would grow with every filing until the end.
    useSharedStrings: false,
  });
  workbook.creator = '软件和信息技术服务业统计直报系统';
  workbook.created = new Date();
  const cells = formsForPeriodType(edition, periodType).flatMap((form) =>
    listCells(form).map((cell) => ({ form, cell })),
  );
  const sheet = workbook.addWorksheet(periodType === 'month' ? '月报明细' : '年报明细', {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }],
  });
  sheet.columns = [
    { width: 22 },
    { width: 36 },
    { width: 12 },
    { width: 10 },
    { width: 8 },
    ...cells.map(() => ({ width: 14 })),
    { width: 30 },
  ];
  // Two heading rows: 表号 and code, then the indicator's name, so a reader can match a column to the form.
  const codes = sheet.addRow([
    ...tableHeads,
    ...cells.map(({ form, cell }) => `${form.tableNo} ${cell.label}`),
    '数据来源',
  ]);
  const names = sheet.addRow([
    ...tableHeads.map(() => ''),
    ...cells.map(({ cell }) => cell.name),
    '企业更正的指标(底色标出),其余为原报',
  ]);
  codes.font = { bold: true };
  names.font = { bold: true };
  codes.commit();
  names.commit();
  let written = 0;
  for await (const filing of filings) {
    const derived = deriveComputedCells(edition, periodType, filing.values);
    const corrected = cells.filter(({ cell }) => filing.correctedCells.has(`${cell.formId}.${cell.key}`));
    const row = sheet.addRow([
      filing.uscc,
      filing.name,
      filing.regionCode,
      filing.period,
      filing.status,
      ...cells.map(({ form, cell }) => derived[form.id]?.[cell.key] ?? null),
      sourceNote(
        corrected,
        cells.filter(
          ({ cell }) =>
            filing.explainedCells.has(`${cell.formId}.${cell.key}`) &&
            !filing.correctedCells.has(`${cell.formId}.${cell.key}`),
        ),
      ),
    ]);
    for (const [index, { cell }] of cells.entries()) {
      if (filing.correctedCells.has(`${cell.formId}.${cell.key}`)) {
        row.getCell(tableHeads.length + index + 1).fill = correctedFill;
      }
    }
    row.commit();
    written += 1;
    await waitForZip(sheet, outputGone);
  }
  sheet.commit();
  await Promise.race([workbook.commit(), outputGone]);
  return written;
}
