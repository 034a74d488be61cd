import {
  codeLabel,
  deriveComputedCells,
  formsForPeriodType,
  listCells,
  type FilingValues,
  type PeriodType,
  type SurveyEdition,
} from '@zhibao/survey';
import { PDFDocument } from 'pdf-lib';
import { roundForFormat, unitFormatOf } from './filing-workbook.ts';
import { Fonts, formatThousands, grey, PageWriter } from './pdf-page-writer.ts';

/** What a printed receipt states: the filing as submitted, and the facts of that submission. */
export interface ReceiptFiling {
  edition: SurveyEdition;
  periodType: PeriodType;
  periodLabel: string;
  reportName: string;
  enterprise: { name: string; uscc: string };
  statusLabel: string;
  /** The latest submitted revision: its number, when and by whom, and its values. */
  revisionNo: number;
  submittedAt: Date;
  submittedBy: string;
  values: FilingValues;
  /** SHA-256 of the revision's values (filing/submission-checksum.ts). */
  checksum: string;
}

/** 代码, 指标名称, 计量单位, 数值: x offsets from the margin. */
const tableColumns = [0, 60, 340, 390];

const chinaTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** 2026-05-08T09:30:00Z → 2026-05-08 17:30:00 (China time). */
export function formatChinaTime(at: Date): string {
  const parts = Object.fromEntries(chinaTime.formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The receipt's lines, label and value, as printed on the first page and kept in the document's subject. */
export function receiptLines(filing: ReceiptFiling): Array<[string, string]> {
  return [
    ['填报单位', filing.enterprise.name],
    ['统一社会信用代码', filing.enterprise.uscc],
    ['报表', filing.reportName],
    ['报告期', filing.periodLabel],
    ['状态', filing.statusLabel],
    ['上报时间', `${formatChinaTime(filing.submittedAt)}（北京时间）`],
    ['上报版本', `第${filing.revisionNo}版`],
    ['上报人', filing.submittedBy],
    ['校验码（SHA-256）', filing.checksum],
  ];
}

/**
 * A printable PDF of a submitted filing: the receipt (who, what, when, which version, its checksum), then every
 * form's filled cells as submitted, computed cells derived.
 */
export async function buildFilingReceiptPdf(filing: ReceiptFiling, cjkFont: Uint8Array): Promise<Buffer> {
  const document = await PDFDocument.create();
  const fonts = await Fonts.embed(document, cjkFont);
  const lines = receiptLines(filing);
  document.setTitle(`${filing.reportName} 上报回执`);
  document.setAuthor(filing.enterprise.name);
  // The receipt's facts also as metadata, so a program reads them without parsing the page.
  document.setSubject(lines.map(([label, value]) => `${label}：${value}`).join('\n'));
  document.setKeywords([
    `sha256:${filing.checksum}`,
    `revision:${filing.revisionNo}`,
    `submittedAt:${filing.submittedAt.toISOString()}`,
  ]);
  document.setCreator('软件和信息技术服务业统计直报系统');
  document.setCreationDate(filing.submittedAt);

  const writer = new PageWriter(document, fonts);
  writer.text('软件和信息技术服务业统计直报 — 上报回执', { size: 16, isCentered: true });
  writer.gap();
  for (const [label, value] of lines) writer.columns([label, value], [0, 110], { size: 10 });
  writer.gap(4);
  writer.text('校验码为本版全部填报值（规范化 JSON）的 SHA-256，可据此核对打印件与系统中的数据是否一致。', {
    size: 8,
    color: grey,
  });

  const derived = deriveComputedCells(filing.edition, filing.periodType, filing.values);
  const codeLists = new Map(filing.edition.codeLists.map((list) => [list.id, list]));
  for (const form of formsForPeriodType(filing.edition, filing.periodType)) {
    const values = (derived[form.id] ?? {}) as Record<string, number | string | null>;
    writer.gap(12);
    writer.text(`${form.tableNo}  ${form.name}`, { size: 12 });
    if (form.unitNote) writer.text(form.unitNote, { size: 8, color: grey });
    writer.rule();
    writer.columns(['代码', '指标名称', '计量单位', '数值'], tableColumns, {
      color: grey,
      isLastNumeric: true,
    });
    for (const cell of listCells(form)) {
      const value = values[cell.key];
      if (value === null || value === undefined || value === '') continue;
      let shown: string;
      if (typeof value === 'number') {
        const { decimals } = unitFormatOf(cell.unit, cell.type);
        shown = formatThousands(roundForFormat(value, decimals), decimals);
      } else {
        const list = cell.codeList ? codeLists.get(cell.codeList) : undefined;
        const label = list ? codeLabel(list, value) : undefined;
        shown = label ? `${value} ${label}` : value;
      }
      writer.columns([cell.label, cell.name, cell.unit ?? '', shown], tableColumns, {
        isLastNumeric: typeof value === 'number',
      });
    }
  }
  return Buffer.from(await document.save());
}
