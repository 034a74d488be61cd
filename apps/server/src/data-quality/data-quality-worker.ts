import type { AppContext } from '../app-context.ts';
import {
  defaultDataQualityRunOptions,
  runNextDataQualityRun,
  type DataQualityRunOptions,
} from './run-data-quality.ts';

/*
 * The background worker of data-quality runs, one per server process beside the outbox worker: it does the
 * queued runs one after another (several processes share the queue through the claim's lock and lease) and
 * looks again every poll, or at once when a run is queued in this process.
 */

export interface DataQualityWorker {
  wake(): void;
  start(): void;
  stop(): Promise<void>;
}

export function createDataQualityWorker(
  ctx: AppContext,
  options: DataQualityRunOptions & { pollIntervalMs: number } = {
    ...defaultDataQualityRunOptions,
    pollIntervalMs: 5_000,
  },
): DataQualityWorker {
  let isRunning = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let isPassActive = false;

  const pass = async () => {
    while (isRunning && (await runNextDataQualityRun(ctx, options)));
  };
  function schedule(delayMs: number) {
    if (!isRunning) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      isPassActive = true;
      running = pass()
        .catch(() => undefined)
        .finally(() => {
          isPassActive = false;
          schedule(options.pollIntervalMs);
        });
    }, delayMs);
  }
  return {
    wake() {
      if (!isPassActive) schedule(0);
    },
    start() {
      if (isRunning) return;
      isRunning = true;
      schedule(0);
    },
    async stop() {
      isRunning = false;
      clearTimeout(timer);
      await running;
    },
  };
}
