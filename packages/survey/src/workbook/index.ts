// @zhibao/survey/workbook: the official .xlsx layout of a filing, read with exceljs. A separate entry, so the
// browser bundle of the main entry never pulls in exceljs.
export {
  APPROVAL_PREFIX,
  FILER_PREFIX,
  FIRST_DATA_ROW,
  HEADER_ROW,
  PERIOD_PREFIX,
  periodOfLabel,
  sheetNameOf,
} from './filing-workbook-layout.ts';
export {
  identifyWorkbook,
  periodLabelOf,
  readFilingSheets,
  type ReadWorkbook,
  type WorkbookIdentity,
  type WorkbookProblem,
} from './read-filing-workbook.ts';
