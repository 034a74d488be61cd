// A worker thread's module: reads one uploaded 名录 off the main thread (see http/xlsx-worker.ts).
import { serveWorkbookReader } from '../http/xlsx-worker.ts';
import { readImportSheet } from './enterprise-workbook.ts';

serveWorkbookReader((content) => readImportSheet(content));
