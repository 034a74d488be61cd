import { codeLabel, getEdition, listCells } from '@zhibao/survey';
import { formatMoney } from './number-format';

/**
 * A filed value as a reviewer reads it: amounts with separators, and a coded answer with its meaning from the
 * survey's code list (B10 `121` → `121 私营股份有限公司`, B16 `3` → `3 小型`); a code the list does not name
 * shows as filed.
 */
export function formatCellValue(
  value: number | string | null,
  cell: { codeList: string | null },
  editionId: string,
): string {
  if (typeof value === 'number') return formatMoney(value);
  if (value === null) return '';
  const list = cell.codeList
    ? getEdition(editionId).codeLists.find((each) => each.id === cell.codeList)
    : null;
  const meaning = list ? codeLabel(list, value) : undefined;
  return meaning ? `${value} ${meaning}` : value;
}

/** The code list a cell's answers come from, found in the edition's forms (null for amounts and free text). */
function codeListOfCell(editionId: string, cell: { formId: string; key: string }): string | null {
  const form = getEdition(editionId).forms.find((each) => each.id === cell.formId);
  return (form && listCells(form).find((each) => each.key === cell.key)?.codeList) ?? null;
}

/**
 * A filed value of a named cell (历史记录, 版本对比), written as on the review page: a coded answer with its
 * meaning (B10 `119` → `119 其他有限责任公司`).
 */
export function formatFiledValue(
  value: number | string | null,
  cell: { formId: string; key: string },
  editionId: string,
): string {
  return formatCellValue(value, { codeList: codeListOfCell(editionId, cell) }, editionId);
}
