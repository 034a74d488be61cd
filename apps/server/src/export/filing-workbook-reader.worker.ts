// A worker thread's module: reads one uploaded filing template off the main thread (see http/xlsx-worker.ts).
import { serveWorkbookReader } from '../http/xlsx-worker.ts';
import { readFilingWorkbook } from './filing-workbook-reader.ts';

serveWorkbookReader(readFilingWorkbook);
