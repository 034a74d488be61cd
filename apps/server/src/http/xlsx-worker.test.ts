import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XlsxParsingSettings } from '../config.ts';
import type { BusyReaderInput } from '../test/busy-reader.worker.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { AppError } from './app-error.ts';
import { WorkbookRejection } from './xlsx-upload-guard.ts';
import { readWorkbookInWorker, WorkbookGate } from './xlsx-worker.ts';

const busyReader = new URL('../test/busy-reader.worker.ts', import.meta.url);
const settingsOf = (overrides: Partial<XlsxParsingSettings> = {}): XlsxParsingSettings => ({
  concurrency: 2,
  timeBudgetMs: 60_000,
  memoryBudgetMb: 256,
  ...overrides,
});

/** Signals shared with the busy reader: [0] release, [1] started, [2] loops run. */
function busyJob(mode: BusyReaderInput['mode']) {
  const signals = new SharedArrayBuffer(12);
  const view = new Int32Array(signals);
  return {
    input: { signals, mode } satisfies BusyReaderInput,
    hasStarted: () => Atomics.load(view, 1) === 1,
    loops: () => Atomics.load(view, 2),
    release: () => Atomics.store(view, 0, 1),
  };
}

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function rejectionOf(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => null,
    (caught: unknown) => caught,
  );
}

describe('workbooks read in worker threads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(databaseKinds[0]!);
  });
  afterAll(() => t.close());

  it('keeps /healthz answering while a worker is busy, then hands back what the worker read', async () => {
    const job = busyJob('spin');
    const reading = readWorkbookInWorker<BusyReaderInput, string>(
      settingsOf(),
      busyReader,
      Buffer.from('x'),
      job.input,
    );
    await waitUntil(job.hasStarted);
    // The worker loops without yielding until released: on the main thread this request could never be answered.
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    job.release();
    expect(await reading).toBe('released after 0 allocations');
  });

  it('stops a worker past its time budget and refuses the upload, saying so', async () => {
    const job = busyJob('spin');
    const refusal = await rejectionOf(
      readWorkbookInWorker(settingsOf({ timeBudgetMs: 500 }), busyReader, Buffer.from('x'), job.input),
    );
    expect(refusal).toBeInstanceOf(WorkbookRejection);
    expect((refusal as WorkbookRejection).reason).toBe(
      'Excel 文件解析超过 0.5 秒仍未完成，已停止；请删除多余内容或分批上传',
    );
    // The worker is gone: its loop no longer runs.
    const loops = job.loops();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(job.loops()).toBe(loops);
  });

  it('stops a worker past its memory budget and refuses the upload, saying so', async () => {
    const job = busyJob('hoard');
    const refusal = await rejectionOf(
      readWorkbookInWorker(settingsOf({ memoryBudgetMb: 64 }), busyReader, Buffer.from('x'), job.input),
    );
    expect(refusal).toBeInstanceOf(WorkbookRejection);
    expect((refusal as WorkbookRejection).reason).toBe(
      'Excel 文件解析所需内存超过 64 MB 的上限，已停止；请删除多余内容或分批上传',
    );
  });

  it('lets a few reads run at once, queues a few more and refuses the rest as busy', async () => {
    const gate = new WorkbookGate(1, 1, 60_000);
    const first = await gate.acquire();
    let hasSecondStarted = false;
    const second = gate.acquire().then((release) => {
      hasSecondStarted = true;
      return release;
    });
    const third = await rejectionOf(gate.acquire());
    expect(third).toBeInstanceOf(AppError);
    expect(third).toMatchObject({
      code: 'SERVER_BUSY',
      message: '系统繁忙：正在处理其他 Excel 文件，请稍后重新上传',
    });
    expect(hasSecondStarted).toBe(false);
    first();
    (await second)();
    expect(hasSecondStarted).toBe(true);
    // Once the queue is empty again, a read starts at once.
    (await gate.acquire())();
  });

  it('refuses a read that waited for a free worker too long', async () => {
    const gate = new WorkbookGate(1, 4, 20);
    const running = await gate.acquire();
    const waited = await rejectionOf(gate.acquire());
    expect(waited).toMatchObject({ code: 'SERVER_BUSY' });
    running();
    (await gate.acquire())();
  });
});
