import type { FormDefinition } from '../definitions/survey.types.ts';

// The official .xlsx layout of a filing (the export and the offline template): one sheet per form named by its
// 表号; row 1 the title, row 2 表号/制定机关/批准机关/批准文号, row 3 the filer and 报告期, row 4 the unit line,
// row 5 the column heads, the form's rows from row 6. The server writes it; the server and the CLI read it.

export const HEADER_ROW = 5;
export const FIRST_DATA_ROW = 6;
export const PERIOD_PREFIX = '报告期：';
export const APPROVAL_PREFIX = '批准文号：';
export const FILER_PREFIX = '填报单位：';

/** The sheet a form is written to: its 表号, prefixed in a batch. */
export function sheetNameOf(form: FormDefinition, prefix?: string): string {
  return (prefix ? `${prefix} ${form.tableNo}` : form.tableNo).slice(0, 31);
}

/** The period of a 报告期 label (2024年06月 → 2024-06, 2023年 → 2023), or undefined for another text. */
export function periodOfLabel(label: string): string | undefined {
  const match = /^(\d{4})年(?:(\d{1,2})月)?$/.exec(label.trim());
  if (!match) return undefined;
  return match[2] === undefined ? match[1] : `${match[1]}-${match[2].padStart(2, '0')}`;
}
