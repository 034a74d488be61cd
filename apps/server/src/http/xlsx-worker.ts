import { parentPort, Worker } from 'node:worker_threads';
import type { XlsxParsingSettings } from '../config.ts';
import { AppError } from './app-error.ts';
import { WorkbookRejection } from './xlsx-upload-guard.ts';

/**
 * Uploaded workbooks are read in worker threads, never on the main thread: a hostile workbook that passes the
 * upload guard can still keep exceljs busy for seconds and take hundreds of megabytes, and on the main thread
 * that stalls every request (health checks included). Each worker has a heap limit, each read a deadline; a
 * worker that overruns either is terminated. A few reads run at once, a few more wait briefly, the rest are
 * refused as busy. Workers that finished a read in time are kept for the next (loading exceljs takes most of a
 * second), idle ones are closed after a while.
 */

/** What a worker answers: the reader's result, or the guard's refusal, or an unexpected failure. */
type WorkerAnswer<Result> =
  | { kind: 'read'; result: Result }
  | { kind: 'rejected'; reason: string; isUnreadable: boolean }
  | { kind: 'failed'; message: string; stack?: string };

interface WorkerJob<Input> {
  content: Uint8Array;
  input: Input;
}

/** Uploads waiting for a worker beyond those running; more than this are refused at once. */
const waitingPerWorker = 4;
/** How long an upload waits for a worker before it is refused as busy. */
const queueWaitMs = 15_000;

const busyMessage = '系统繁忙：正在处理其他 Excel 文件，请稍后重新上传';

/** A counting semaphore with a bounded, time-limited queue. */
export class WorkbookGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting = concurrency * waitingPerWorker,
    readonly waitMs = queueWaitMs,
  ) {}

  /** Resolves with a release function once a slot is free; refuses as busy when the queue is full or too slow. */
  async acquire(): Promise<() => void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return this.releaser();
    }
    if (this.waiting.length >= this.maxWaiting) throw new AppError('SERVER_BUSY', busyMessage);
    await new Promise<void>((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(turn), 1);
        reject(new AppError('SERVER_BUSY', busyMessage));
      }, this.waitMs);
      this.waiting.push(turn);
    });
    // The slot was handed over by the releaser without being given up.
    return this.releaser();
  }

  private releaser(): () => void {
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    };
  }
}

/** A worker kept after a read closes after this long without another. */
const idleMs = 60_000;
/** A worker is replaced after this many reads, so nothing a read leaves behind accumulates for long. */
const readsPerWorker = 100;

interface PooledWorker {
  worker: Worker;
  reads: number;
  idleTimer?: NodeJS.Timeout;
}

// Workers cannot load TypeScript by themselves (Node 20), neither under tsx nor under vitest: this plain
// module registers tsx inside the worker, then imports the worker module. The production bundle
// (build/server-bundle.ts) compiles each worker module to a .js file beside main.js, started as it is.
const bootstrap = new URL('./xlsx-worker-bootstrap.mjs', import.meta.url);
const isCompiled = import.meta.url.endsWith('.js');

/** The script a worker starts from: the bootstrap under TypeScript, the worker module itself once compiled. */
function workerScript(workerModule: URL): URL {
  return isCompiled ? new URL(workerModule.href.replace(/\.ts$/, '.js')) : bootstrap;
}

/** The gate and the idle workers of one server (one settings object), per worker module. */
class WorkbookWorkers {
  readonly gate: WorkbookGate;
  private readonly idle = new Map<string, PooledWorker[]>();

  constructor(private readonly settings: XlsxParsingSettings) {
    this.gate = new WorkbookGate(settings.concurrency);
  }

  take(workerModule: URL): PooledWorker {
    const pooled = this.idle.get(workerModule.href)?.pop();
    if (pooled) {
      clearTimeout(pooled.idleTimer);
      pooled.worker.ref();
      return pooled;
    }
    const worker = new Worker(workerScript(workerModule), {
      workerData: { entry: workerModule.href },
      resourceLimits: { maxOldGenerationSizeMb: this.settings.memoryBudgetMb },
    });
    // A worker that dies while idle leaves the pool; while busy, the read's own handlers deal with it.
    worker.on('exit', () => this.forget(workerModule, worker));
    worker.on('error', () => undefined);
    return { worker, reads: 0 };
  }

  giveBack(workerModule: URL, pooled: PooledWorker): void {
    if (pooled.reads >= readsPerWorker) {
      void pooled.worker.terminate();
      return;
    }
    // An idle worker must not keep the process (or a test run) alive.
    pooled.worker.unref();
    pooled.idleTimer = setTimeout(() => {
      this.forget(workerModule, pooled.worker);
      void pooled.worker.terminate();
    }, idleMs).unref();
    const idle = this.idle.get(workerModule.href) ?? [];
    idle.push(pooled);
    this.idle.set(workerModule.href, idle);
  }

  private forget(workerModule: URL, worker: Worker): void {
    const idle = this.idle.get(workerModule.href);
    const index = idle?.findIndex((pooled) => pooled.worker === worker) ?? -1;
    if (index >= 0) idle!.splice(index, 1);
  }
}

// One pool per server: the settings object is built once per configuration, and a server has one.
const pools = new WeakMap<XlsxParsingSettings, WorkbookWorkers>();
function poolFor(settings: XlsxParsingSettings): WorkbookWorkers {
  let pool = pools.get(settings);
  if (!pool) {
    pool = new WorkbookWorkers(settings);
    pools.set(settings, pool);
  }
  return pool;
}

/**
 * Runs one read on a worker. Resolves with the worker's answer, or with a refusal when the read overran its time
 * (the worker is terminated) or the worker ran out of heap; `isReusable` tells whether the worker may read again.
 */
function readOn<Input, Result>(
  worker: Worker,
  settings: XlsxParsingSettings,
  job: WorkerJob<Input>,
): Promise<{ answer: WorkerAnswer<Result>; isReusable: boolean }> {
  return new Promise((resolve, reject) => {
    let isSettled = false;
    // A worker that is not reused is gone before the read settles, so no more than `concurrency` ever run.
    const settle = (isReusable: boolean, outcome: () => void) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(deadline);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (isReusable) outcome();
      else worker.terminate().then(outcome, outcome);
    };
    const refuse = (reason: string) => ({
      answer: { kind: 'rejected', reason, isUnreadable: false } as const,
      isReusable: false,
    });
    const onMessage = (answer: WorkerAnswer<Result>) =>
      settle(answer.kind !== 'failed', () => resolve({ answer, isReusable: answer.kind !== 'failed' }));
    const onError = (error: Error & { code?: string }) =>
      settle(false, () =>
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? resolve(
              refuse(
                `Excel 文件解析所需内存超过 ${settings.memoryBudgetMb} MB 的上限，已停止；请删除多余内容或分批上传`,
              ),
            )
          : reject(error),
      );
    const onExit = (code: number) =>
      settle(false, () => reject(new Error(`workbook worker exited with code ${code} before answering`)));
    const deadline = setTimeout(
      () =>
        settle(false, () =>
          resolve(
            refuse(
              `Excel 文件解析超过 ${settings.timeBudgetMs / 1000} 秒仍未完成，已停止；请删除多余内容或分批上传`,
            ),
          ),
        ),
      settings.timeBudgetMs,
    );
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job);
  });
}

/**
 * Reads an uploaded workbook in a worker running `workerModule` (which calls `serveWorkbookReader`), within the
 * time and memory budget of the settings and behind the server's gate. The guard's refusals and a blown budget
 * come back as a WorkbookRejection; a full queue as AppError SERVER_BUSY.
 */
export async function readWorkbookInWorker<Input, Result>(
  settings: XlsxParsingSettings,
  workerModule: URL,
  content: Buffer,
  input: Input,
): Promise<Result> {
  const pool = poolFor(settings);
  const release = await pool.gate.acquire();
  let answer: WorkerAnswer<Result>;
  try {
    const pooled = pool.take(workerModule);
    pooled.reads += 1;
    const read = await readOn<Input, Result>(pooled.worker, settings, { content, input });
    if (read.isReusable) pool.giveBack(workerModule, pooled);
    answer = read.answer;
  } finally {
    release();
  }
  if (answer.kind === 'rejected') throw new WorkbookRejection(answer.reason, answer.isUnreadable);
  if (answer.kind === 'failed') {
    const error = new Error(`workbook worker failed: ${answer.message}`);
    if (answer.stack) error.stack = answer.stack;
    throw error;
  }
  return answer.result;
}

/** The worker side: reads each job's content with `read` and answers the main thread, one job at a time. */
export function serveWorkbookReader<Input, Result>(
  read: (content: Buffer, input: Input) => Promise<Result>,
): void {
  parentPort!.on('message', async (job: WorkerJob<Input>) => {
    let answer: WorkerAnswer<Result>;
    try {
      const content = Buffer.from(job.content.buffer, job.content.byteOffset, job.content.byteLength);
      answer = { kind: 'read', result: await read(content, job.input) };
    } catch (error) {
      answer =
        error instanceof WorkbookRejection
          ? { kind: 'rejected', reason: error.reason, isUnreadable: error.isUnreadable }
          : {
              kind: 'failed',
              message: String(error),
              stack: error instanceof Error ? error.stack : undefined,
            };
    }
    parentPort!.postMessage(answer);
  });
}
