import { createWriteStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { deriveComputedCells, getEdition, listCells, formsForPeriodType } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import type { Actor } from '../src/access/actor.ts';
import { openDatabase } from '../src/db/database.ts';
import type { CellValues } from '../src/db/schema.ts';
import { openTaskFilingsExport } from '../src/export/export.service.ts';
import { addFilingSheets, type WorkbookFiling } from '../src/export/filing-workbook.ts';
import { formatPeriodLabel } from '../src/task/period.ts';
import { testConfig } from '../src/test/test-app.ts';

// One export run in a process of its own, so its peak resident memory is its own: `stream` is the app's 明细导出
// of one month for the whole country (openTaskFilingsExport, streamed), `buffer` the batch export as it was before
// (every filing's sheets in one in-memory workbook), `csv` the same cells as plain lines (the baseline). Prints
// one JSON line: filings, seconds, peakRssMb, peakHeapMb, peakBuffersMb, bytes.

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    mode: { type: 'string', default: 'stream' },
    'task-id': { type: 'string' },
    'region-code': { type: 'string' },
    filings: { type: 'string', default: '10000' },
    out: { type: 'string' },
  },
});
const limit = Number(values.filings);
const out = values.out!;
// The resident set, the V8 heap in use and the Buffers outside it: RSS also holds garbage V8 has not collected
// yet; the heap holds what the JavaScript still uses and that garbage; the Buffers hold the bytes on their way
// to the file (XML queued for the zip, compressed data, database pages).
let peakRss = 0;
let peakHeap = 0;
let peakBuffers = 0;
function sampleMemory(): void {
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
  peakBuffers = Math.max(peakBuffers, usage.arrayBuffers);
}
sampleMemory();
const sampler = setInterval(sampleMemory, 5);

const database = await openDatabase({ kind: 'postgres', url: values['database-url']! });

// The month's filings page by page (keyset on id), for the buffer and csv runs.
async function* readFilings(): AsyncGenerator<WorkbookFiling> {
  let after = '00000000-0000-0000-0000-000000000000';
  let read = 0;
  while (read < limit) {
    const page = await database.db
      .selectFrom('filings as f')
      .innerJoin('enterprises as e', 'e.id', 'f.enterprise_id')
      .innerJoin('survey_tasks as t', 't.id', 'f.task_id')
      .select(['f.id', 'f.cell_values', 'e.name', 'e.uscc', 't.edition_id', 't.period', 't.period_type'])
      .where('f.task_id', '=', values['task-id']!)
      .where('f.status', '<>', 'draft')
      .where('f.id', '>', after)
      .orderBy('f.id')
      .limit(Math.min(1000, limit - read))
      .execute();
    if (page.length === 0) return;
    for (const row of page) {
      yield {
        edition: getEdition(row.edition_id),
        periodType: row.period_type,
        period: row.period,
        periodLabel: formatPeriodLabel(row.period_type, row.period),
        enterprise: { name: row.name, uscc: row.uscc },
        values: row.cell_values as CellValues as WorkbookFiling['values'],
      };
    }
    read += page.length;
    after = page[page.length - 1]!.id;
  }
}

const start = performance.now();
let written = 0;
if (values.mode === 'stream') {
  const ministry: Actor = {
    userId: '00000000-0000-0000-0000-000000000000',
    username: 'bench',
    role: 'admin',
    adminLevel: 'ministry',
    regionCode: '000000',
    regionLevel: 'nation',
    enterpriseId: null,
  };
  const output = createWriteStream(out);
  const ctx = { db: database.db, config: testConfig(), now: () => new Date() };
  const exported = await openTaskFilingsExport(ctx, ministry, {
    taskId: values['task-id']!,
    regionCode: values['region-code'],
  });
  written = await exported.writeTo(output);
  await finished(output);
} else if (values.mode === 'buffer') {
  // The batch export before the fix: every sheet of every filing in one in-memory workbook, then one buffer.
  const workbook = new ExcelJS.Workbook();
  const used = new Map<string, number>();
  for await (const filing of readFilings()) {
    const seen = (used.get(filing.period) ?? 0) + 1;
    used.set(filing.period, seen);
    addFilingSheets(workbook, {
      ...filing,
      sheetPrefix: seen === 1 ? filing.period : `${filing.period}(${seen})`,
    });
    written += 1;
  }
  await writeFile(out, Buffer.from(await workbook.xlsx.writeBuffer()));
} else {
  // Baseline: the same derived cells as CSV lines (no layout, no styles, no zip).
  const output = createWriteStream(out);
  for await (const filing of readFilings()) {
    const derived = deriveComputedCells(filing.edition, filing.periodType, filing.values);
    let lines = '';
    for (const form of formsForPeriodType(filing.edition, filing.periodType)) {
      for (const cell of listCells(form)) {
        const value = derived[form.id]?.[cell.key];
        lines += `${filing.enterprise.uscc},${filing.period},${form.id},${cell.key},${value ?? ''}\n`;
      }
    }
    if (!output.write(lines)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
    written += 1;
  }
  output.end();
  await finished(output);
}
const seconds = (performance.now() - start) / 1000;
clearInterval(sampler);
sampleMemory();
await database.close();
console.log(
  JSON.stringify({
    filings: written,
    seconds,
    peakRssMb: Math.round(peakRss / 1024 / 1024),
    peakHeapMb: Math.round(peakHeap / 1024 / 1024),
    // One decimal: a small export holds about a megabyte of Buffers.
    peakBuffersMb: Math.round((peakBuffers / 1024 / 1024) * 10) / 10,
    bytes: (await stat(out)).size,
  }),
);
