import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app-context.ts';
import { openMobile } from '../personal-data/sealed-mobile.ts';
import { createOutboxSmsProvider } from '../sms/outbox-sms-provider.ts';
import type { SmsMessage } from '../sms/sms-provider.ts';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  mobileOf,
  outboxTextsTo,
} from '../test/factories.ts';
import {
  createTestApp,
  sendAs,
  signIn,
  testPersonalDataCipher,
  type SignedIn,
  type TestApp,
} from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { claimDueMessages, type SmsPayload } from './outbox.repository.ts';
import { createOutboxWorker } from './outbox-worker.ts';
import { enqueueSideEffects } from './side-effects.ts';

describe.each(databaseKinds)('the side-effect outbox on %s', (kind) => {
  let t: TestApp;
  let county: SignedIn;
  let period = 0;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const admin = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    county = await signIn(t.app, admin.username, admin.password);
  });
  afterAll(() => t.close());

  /** A context whose clock the test moves: leases and backoff run on it, no test waits. */
  function clockedContext(overrides: Partial<AppContext> = {}) {
    const clock = { now: new Date() };
    const ctx: AppContext = { ...t.ctx, outbox: undefined, now: () => clock.now, ...overrides };
    const advance = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
    return { ctx, clock, advance };
  }

  /** A submitted filing of a new enterprise with one filer, returned by the county: one notice and one SMS queued. */
  async function returnAFiling() {
    period += 1;
    const task = await createTask(t.ctx.db, { period: `2031-${String(period).padStart(2, '0')}` });
    const enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305' });
    const filer = await createFiler(t.ctx.db, enterprise);
    const filing = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId: enterprise.id,
      status: 'submitted',
    });
    const returned = await sendAs(t.app, county, 'POST', `/api/admin/review/filings/${filing.id}/return`, {
      reason: '请核实',
      cellComments: [],
    });
    expect(returned.statusCode).toBe(200);
    return { enterpriseId: enterprise.id, mobile: await mobileOf(t.ctx.db, { username: filer.username }) };
  }

  const textsTo = (mobile: string) => outboxTextsTo(t.ctx.db, mobile);
  const noticesOf = (enterpriseId: string) =>
    t.ctx.db.selectFrom('notices').select('title').where('enterprise_id', '=', enterpriseId).execute();

  it('loses nothing and sends nothing twice when the worker dies after commit, before sending', async () => {
    const { enterpriseId, mobile } = await returnAFiling();
    // Committed, but not yet done: no text and no notice until a worker runs.
    expect(await textsTo(mobile)).toHaveLength(0);
    expect(await noticesOf(enterpriseId)).toHaveLength(0);

    // A worker claims the rows and dies before doing them (its process was killed).
    const { ctx, advance } = clockedContext();
    const dead = await claimDueMessages(ctx.db, {
      now: ctx.now(),
      leaseUntil: new Date(ctx.now().getTime() + 60_000),
      limit: 100,
    });
    expect(dead.map((message) => message.kind).sort()).toEqual(['notice', 'sms']);

    // A new worker leaves them alone while the lease holds, and does each once when it has lapsed.
    const next = createOutboxWorker(ctx, { leaseMs: 60_000 });
    await next.drain();
    expect(await textsTo(mobile)).toHaveLength(0);
    advance(60_001);
    await next.drain();
    await next.drain();
    const texts = await textsTo(mobile);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.text).toContain('被区县退回');
    const notices = await noticesOf(enterpriseId);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toContain('被区县退回');
  });

  it('records a text once when the worker dies after sending, before marking it sent (at least once + key)', async () => {
    const { mobile } = await returnAFiling();
    const { ctx, advance } = clockedContext();
    // The first worker claims the SMS, sends it with its key, and dies before marking it.
    const [sms] = (
      await claimDueMessages(ctx.db, {
        now: ctx.now(),
        leaseUntil: new Date(ctx.now().getTime() + 60_000),
        limit: 100,
      })
    ).filter((message) => message.kind === 'sms');
    // The number waits sealed; the worker opens it to send.
    const payload = sms!.payload as SmsPayload;
    const number = openMobile(testPersonalDataCipher, {
      mobile: payload.mobile,
      mobile_key_id: payload.mobileKeyId!,
    });
    expect(number).toBe(mobile);
    await createOutboxSmsProvider(ctx).send({ mobile: number!, text: payload.text, idempotencyKey: sms!.id });

    // The next worker, after the lease, sends it again with the same key: the outbox of texts keeps one.
    advance(60_001);
    await createOutboxWorker(ctx).drain();
    const texts = await textsTo(mobile);
    expect(texts).toEqual([{ text: payload.text, idempotency_key: sms!.id }]);
    const row = await t.ctx.db
      .selectFrom('outbox')
      .select(['processed_at', 'attempts'])
      .where('id', '=', sms!.id)
      .executeTakeFirstOrThrow();
    expect(row.processed_at).not.toBeNull();
    expect(row.attempts).toBe(2);
  });

  it('retries a failing SMS gateway with growing waits until it accepts, and shows it on /readyz', async () => {
    const received: Array<{ mobile: string; key: string | undefined }> = [];
    let failuresLeft = 2;
    const gateway = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({
          mobile: (JSON.parse(body) as { mobile: string }).mobile,
          key: request.headers['idempotency-key'] as string | undefined,
        });
        response.writeHead(failuresLeft-- > 0 ? 503 : 200).end();
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = gateway.address() as AddressInfo;
      const { mobile } = await returnAFiling();
      const { ctx, advance } = clockedContext({
        config: {
          ...t.ctx.config,
          sms: { provider: 'http', url: `http://127.0.0.1:${port}/send`, token: undefined },
        },
      });
      const worker = createOutboxWorker(ctx, { backoffBaseMs: 5_000 });
      const readyz = async () => (await t.app.inject({ url: '/readyz' })).json().outbox;

      await worker.drain(); // attempt 1: 503
      expect(received).toHaveLength(1);
      expect(await readyz()).toMatchObject({ pending: 1, retrying: 1, failed: 0 });
      await worker.drain(); // not due yet: nothing sent
      advance(4_999);
      await worker.drain();
      expect(received).toHaveLength(1);
      advance(1);
      await worker.drain(); // attempt 2 after 5 s: 503 again
      expect(received).toHaveLength(2);
      advance(9_999); // the next wait is twice as long
      await worker.drain();
      expect(received).toHaveLength(2);
      advance(1);
      await worker.drain(); // attempt 3 after 10 s: accepted
      expect(received).toHaveLength(3);
      await worker.drain();
      expect(received).toHaveLength(3);
      expect(new Set(received.map((request) => request.mobile))).toEqual(new Set([mobile]));
      // Every attempt of one message carries its one key, so a gateway that honours it delivers once.
      expect(new Set(received.map((request) => request.key)).size).toBe(1);
      expect(received[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
      expect(await readyz()).toMatchObject({ pending: 0, retrying: 0, failed: 0 });
    } finally {
      await new Promise((resolve) => gateway.close(resolve));
    }
  });

  it('keeps a done message a week, then forgets it', async () => {
    const { enterpriseId } = await returnAFiling();
    const { ctx, advance } = clockedContext();
    await createOutboxWorker(ctx).drain();
    const receipts = () =>
      t.ctx.db
        .selectFrom('outbox')
        .select('id')
        .where(sql<boolean>`payload ->> 'enterpriseId' = ${enterpriseId}`)
        .execute();
    expect(await receipts()).toHaveLength(1);
    advance(7 * 86_400_000 - 60_000);
    await createOutboxWorker(ctx).drain();
    expect(await receipts()).toHaveLength(1);
    advance(120_000);
    await createOutboxWorker(ctx).drain();
    expect(await receipts()).toHaveLength(0);
    // The notice itself stays.
    expect(await noticesOf(enterpriseId)).toHaveLength(1);
  });

  it('gives a message up after its last attempt and counts it as failed on /readyz', async () => {
    const { ctx, advance } = clockedContext();
    await enqueueSideEffects(t.ctx.db, [
      {
        kind: 'notice',
        notice: { enterpriseId: 'not-a-uuid', kind: 'reminder', title: 'x', body: 'x', sentBy: null },
      },
    ]);
    const worker = createOutboxWorker(ctx, { maxAttempts: 2, backoffBaseMs: 1_000 });
    await worker.drain();
    advance(1_000);
    await worker.drain();
    advance(60_000);
    await worker.drain();
    const health = (await t.app.inject({ url: '/readyz' })).json();
    expect(health.status).toBe('ready');
    expect(health.outbox).toMatchObject({ pending: 0, failed: 1 });
    await t.ctx.db.deleteFrom('outbox').where('failed_at', 'is not', null).execute();
  });
});

describe.each(databaseKinds.filter((kind) => kind === 'postgres'))('two outbox workers on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it('never send one message twice when they drain the outbox at the same time', async () => {
    const enterprises = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        createEnterprise(t.ctx.db, { regionCode: '440305', name: `并发短信${index}` }),
      ),
    );
    for (const enterprise of enterprises) await createFiler(t.ctx.db, enterprise);
    await enqueueSideEffects(t.ctx.db, [
      {
        kind: 'filer-sms',
        enterpriseIds: enterprises.map((enterprise) => enterprise.id),
        text: '【直报】并发',
      },
    ]);
    const sends: Array<{ worker: string; key: string }> = [];
    // Each send yields, so the two workers' claims and sends interleave on the pool's connections.
    const recordingProvider = (worker: string) => ({
      send: async (message: SmsMessage) => {
        await new Promise((resolve) => setImmediate(resolve));
        sends.push({ worker, key: message.idempotencyKey! });
      },
    });
    const first = createOutboxWorker(t.ctx, { batchSize: 3, smsProvider: recordingProvider('first') });
    const second = createOutboxWorker(t.ctx, { batchSize: 3, smsProvider: recordingProvider('second') });
    await Promise.all([first.drain(), second.drain()]);
    expect(sends).toHaveLength(30);
    expect(new Set(sends.map((send) => send.key)).size).toBe(30);
    const pending = await t.ctx.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('processed_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(pending.count)).toBe(0);
  });
});
