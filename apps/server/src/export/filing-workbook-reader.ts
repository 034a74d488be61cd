import { getEdition, type PeriodType } from '@zhibao/survey';
import { readFilingSheets, type ReadWorkbook } from '@zhibao/survey/workbook';
import type { XlsxParsingSettings } from '../config.ts';
import { loadUploadedWorkbook } from '../http/xlsx-upload-guard.ts';
import { readWorkbookInWorker } from '../http/xlsx-worker.ts';

export type { ReadWorkbook, WorkbookProblem } from '@zhibao/survey/workbook';

/** Which task's template a workbook is read as; plain data, so it can be handed to a worker. */
export interface FilingWorkbookTarget {
  editionId: string;
  periodType: PeriodType;
  periodLabel: string;
}

/**
 * Reads an uploaded, filled template back into typed values (the survey package reads the official layout; see
 * readFilingSheets). A file the upload guard refuses throws a WorkbookRejection.
 */
export async function readFilingWorkbook(
  content: Buffer,
  target: FilingWorkbookTarget,
): Promise<ReadWorkbook> {
  const workbook = await loadUploadedWorkbook(content);
  return readFilingSheets(workbook, getEdition(target.editionId), target.periodType, target.periodLabel);
}

/** `readFilingWorkbook` in a worker thread, within the upload's time and memory budget (see xlsx-worker.ts). */
export function readFilingWorkbookOffThread(
  settings: XlsxParsingSettings,
  content: Buffer,
  target: FilingWorkbookTarget,
): Promise<ReadWorkbook> {
  return readWorkbookInWorker(
    settings,
    new URL('./filing-workbook-reader.worker.ts', import.meta.url),
    content,
    target,
  );
}
