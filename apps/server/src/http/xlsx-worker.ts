import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { XlsxParsingSettings } from '../config.ts';
import { AppError } from './app-error.ts';
import { WorkbookRejection } from './xlsx-upload-guard.ts';

/**
 * Uploaded workbooks are read in worker threads, never on the main thread: a hostile workbook that passes the
 * upload guard can still keep exceljs busy for seconds and take hundreds of megabytes, and on the main thread
 * that stalls every request (health checks included). Each read gets a fresh worker with a heap limit and a
 * deadline; a few run at once, a few more wait briefly, the rest are refused as busy.
 */

/** What a worker answers: the reader's result, or the guard's refusal, or an unexpected failure. */
type WorkerAnswer<Result> =
  | { kind: 'read'; result: Result }
  | { kind: 'rejected'; reason: string; isUnreadable: boolean }
  | { kind: 'failed'; message: string; stack?: string };

interface WorkerJob<Input> {
  /** The worker module (a `*.worker.ts` calling `serveWorkbookReader`), loaded through the bootstrap. */
  entry: string;
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

// One gate per server: the settings object is built once per configuration, and a server has one.
const gates = new WeakMap<XlsxParsingSettings, WorkbookGate>();
function gateFor(settings: XlsxParsingSettings): WorkbookGate {
  let gate = gates.get(settings);
  if (!gate) {
    gate = new WorkbookGate(settings.concurrency);
    gates.set(settings, gate);
  }
  return gate;
}

// Workers cannot load TypeScript by themselves (Node 20), neither under tsx nor under vitest: this plain
// module registers tsx inside the worker, then imports the worker module.
const bootstrap = new URL('./xlsx-worker-bootstrap.mjs', import.meta.url);

function runWorker<Input, Result>(
  settings: XlsxParsingSettings,
  job: WorkerJob<Input>,
): Promise<WorkerAnswer<Result>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: settings.memoryBudgetMb },
    });
    let isSettled = false;
    // The slot is given back only once the worker is gone, so no more than `concurrency` parses ever run.
    const settle = (outcome: () => void) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(deadline);
      worker.terminate().then(outcome, outcome);
    };
    const deadline = setTimeout(
      () =>
        settle(() =>
          resolve({
            kind: 'rejected',
            reason: `Excel 文件解析超过 ${settings.timeBudgetMs / 1000} 秒仍未完成，已停止；请删除多余内容或分批上传`,
            isUnreadable: false,
          }),
        ),
      settings.timeBudgetMs,
    );
    worker.once('message', (answer: WorkerAnswer<Result>) => settle(() => resolve(answer)));
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? resolve({
              kind: 'rejected',
              reason: `Excel 文件解析所需内存超过 ${settings.memoryBudgetMb} MB 的上限，已停止；请删除多余内容或分批上传`,
              isUnreadable: false,
            })
          : reject(error),
      ),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`workbook worker exited with code ${code} before answering`))),
    );
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
  const release = await gateFor(settings).acquire();
  let answer: WorkerAnswer<Result>;
  try {
    answer = await runWorker<Input, Result>(settings, { entry: workerModule.href, content, input });
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

/** The worker side: reads the job's content with `read` and answers the main thread once. */
export async function serveWorkbookReader<Input, Result>(
  read: (content: Buffer, input: Input) => Promise<Result>,
): Promise<void> {
  const job = workerData as WorkerJob<Input>;
  let answer: WorkerAnswer<Result>;
  try {
    const content = Buffer.from(job.content.buffer, job.content.byteOffset, job.content.byteLength);
    answer = { kind: 'read', result: await read(content, job.input) };
  } catch (error) {
    answer =
      error instanceof WorkbookRejection
        ? { kind: 'rejected', reason: error.reason, isUnreadable: error.isUnreadable }
        : { kind: 'failed', message: String(error), stack: error instanceof Error ? error.stack : undefined };
  }
  parentPort!.postMessage(answer);
}
