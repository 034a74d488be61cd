import type { AppContext } from '../app-context.ts';
import { foldAggregationDeltas } from '../aggregation/aggregation.repository.ts';
import { insertNotices, type NewNotice } from '../notice/notice.repository.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import { openMobile } from '../personal-data/sealed-mobile.ts';
import { insertRegionNotices, type NewRegionNotice } from '../review/region-workflow.repository.ts';
import { smsProviderFor, type SmsProvider } from '../sms/sms-provider.ts';
import {
  claimDueMessages,
  deleteProcessedMessagesBefore,
  hasUnfoldedDeltas,
  markMessageAttemptFailed,
  markMessageProcessed,
  type ClaimedMessage,
  type SmsPayload,
} from './outbox.repository.ts';

/*
 * The outbox worker: runs in every server process. Each pass folds the aggregation deltas the filings trigger
 * appended into the kept totals, then claims due outbox messages (FOR UPDATE SKIP LOCKED plus a lease, so several
 * processes never take one row at once) and does them:
 *
 * - a notice is inserted and its message marked done in one transaction: exactly once;
 * - an SMS is sent, then marked done. A process that dies between the two leaves the row to be claimed again
 *   when its lease ends, so the send is repeated: at least once toward the gateway. The message's id goes with
 *   every send as its idempotency key (the development outbox keeps the key unique; an HTTP gateway gets it as
 *   `Idempotency-Key`), so a gateway that honours the key delivers exactly once.
 *
 * A failed send is retried with exponential backoff (attempt n waits base × 2^(n−1), capped) and given up
 * (failed_at, shown on /readyz) after the last attempt.
 */

export interface OutboxWorkerOptions {
  /** How often an idle worker looks for work; a commit in this process wakes it at once. */
  pollIntervalMs: number;
  /** How long a claim holds its rows; a worker that died releases them when it ends. */
  leaseMs: number;
  batchSize: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long a done message is kept (to see what was sent when), purged at most hourly. */
  keepProcessedMs: number;
  /** The SMS provider; the configured one (SMS_PROVIDER) unless a test gives its own. */
  smsProvider?: SmsProvider;
}

export const defaultOutboxWorkerOptions: OutboxWorkerOptions = {
  pollIntervalMs: 500,
  leaseMs: 60_000,
  batchSize: 20,
  maxAttempts: 8,
  backoffBaseMs: 5_000,
  backoffMaxMs: 15 * 60_000,
  keepProcessedMs: 7 * 86_400_000,
};

export interface OutboxWorker {
  /** Runs a pass soon: called after a commit that wrote outbox rows, so texts go out without waiting a poll. */
  wake(): void;
  /** One pass: folds the deltas and does one batch of due messages. Answers how many messages it claimed. */
  runOnce(): Promise<number>;
  /** Passes until nothing is due (retries waiting for their time are left): tests' deterministic "after commit". */
  drain(): Promise<void>;
  /** Starts polling (the server); tests leave it stopped and drain. */
  start(): void;
  /** Stops polling and waits for the pass under way. */
  stop(): Promise<void>;
}

/** When attempt `attempts` (1-based) failed: how long to wait before the next. */
export function backoffDelayMs(
  attempts: number,
  options: Pick<OutboxWorkerOptions, 'backoffBaseMs' | 'backoffMaxMs'>,
) {
  return Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
}

export function createOutboxWorker(
  ctx: AppContext,
  overrides: Partial<OutboxWorkerOptions> = {},
): OutboxWorker {
  const options = { ...defaultOutboxWorkerOptions, ...overrides };
  let timer: NodeJS.Timeout | undefined;
  let isRunning = false;
  let running: Promise<unknown> = Promise.resolve();
  let isWakeRequested = false;
  let isPassActive = false;
  let lastPurgeAt = 0;

  const provider = () => options.smsProvider ?? smsProviderFor(ctx);

  async function doMessage(message: ClaimedMessage): Promise<void> {
    const now = ctx.now();
    try {
      if (message.kind === 'notice' || message.kind === 'region-notice') {
        await ctx.db.transaction().execute(async (trx) => {
          // Marked first: a row another worker finished meanwhile rolls the insert back with it.
          if (!(await markMessageProcessed(trx, message.id, now))) throw new AlreadyProcessed();
          if (message.kind === 'notice') await insertNotices(trx, [message.payload as NewNotice]);
          else await insertRegionNotices(trx, [message.payload as NewRegionNotice]);
        });
        return;
      }
      const sms = message.payload as SmsPayload;
      const mobile = openMobile(personalDataCipher(ctx.config), {
        mobile: sms.mobile,
        mobile_key_id: sms.mobileKeyId ?? null,
      })!;
      await provider().send({ mobile, text: sms.text, idempotencyKey: message.id });
      await markMessageProcessed(ctx.db, message.id, ctx.now());
    } catch (error) {
      if (error instanceof AlreadyProcessed) return;
      const isLastAttempt = message.attempts >= options.maxAttempts;
      await markMessageAttemptFailed(ctx.db, message.id, {
        error: error instanceof Error ? error.message : String(error),
        retryAt: isLastAttempt ? null : new Date(now.getTime() + backoffDelayMs(message.attempts, options)),
        now,
      });
    }
  }

  async function runOnce(): Promise<number> {
    if (await hasUnfoldedDeltas(ctx.db)) await foldAggregationDeltas(ctx.db);
    const now = ctx.now();
    const claimed = await claimDueMessages(ctx.db, {
      now,
      leaseUntil: new Date(now.getTime() + options.leaseMs),
      limit: options.batchSize,
    });
    for (const message of claimed) await doMessage(message);
    if (now.getTime() - lastPurgeAt >= 3_600_000) {
      lastPurgeAt = now.getTime();
      await deleteProcessedMessagesBefore(ctx.db, new Date(now.getTime() - options.keepProcessedMs));
    }
    return claimed.length;
  }

  function schedule(delayMs: number) {
    if (!isRunning) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      isWakeRequested = false;
      isPassActive = true;
      // A pass that found work, or was woken meanwhile, is followed at once; a failing database waits a poll.
      running = runOnce().then(
        (claimed) => {
          isPassActive = false;
          schedule(claimed > 0 || isWakeRequested ? 0 : options.pollIntervalMs);
        },
        () => {
          isPassActive = false;
          schedule(options.pollIntervalMs);
        },
      );
    }, delayMs);
  }

  return {
    wake() {
      isWakeRequested = true;
      if (!isPassActive) schedule(0);
    },
    runOnce,
    async drain() {
      await running;
      while ((await runOnce()) > 0);
    },
    start() {
      if (isRunning) return;
      isRunning = true;
      schedule(0);
    },
    async stop() {
      isRunning = false;
      clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}

class AlreadyProcessed extends Error {}
