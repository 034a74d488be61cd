import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  createSampleFiling,
  explanationKey,
  getEdition,
  type FilingValues,
  type Finding,
} from '@zhibao/survey';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseTarget } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedDemoData, seedReferenceData } from './db/seed/seed.ts';
import { compactValues } from './filing/filing-values.ts';
import { createEnterprise, createFiler, createTask, userIdOf } from './test/factories.ts';
import {
  createScratchPostgresDatabase,
  exitCodeOf,
  freePort,
  startServerProcess,
  waitUntilReady,
  type ServerStorage,
} from './test/server-process.ts';
import { testPersonalDataCipher } from './test/test-app.ts';
import { databaseKinds } from './test/test-database.ts';

const kills = 4;
const filerCount = 4;

interface Filer {
  username: string;
  password: string;
  userId: string;
  enterpriseId: string;
  taskId: string;
}

type FilingStatus = 'not_started' | 'draft' | 'submitted';

/** What the database must show for a filing after a write: its version, status and typed values. */
interface FilingState {
  version: number | null;
  status: FilingStatus;
  values: FilingValues;
}

/** One filer's acknowledged writes, and the write under way when the server died (it may or may not stand). */
interface FilerLog {
  acknowledged: FilingState | null;
  inFlight: Omit<FilingState, 'version'> | null;
  submittedValues: FilingValues[];
  writes: number;
  submits: number;
}

let valueSeed = 1000;
const sampleValues = (): FilingValues =>
  createSampleFiling(getEdition('2021'), {
    periodType: 'month',
    seed: (valueSeed += 1),
    scale: 1,
    monthIndex: 3,
  });

interface Session {
  cookie: string;
  csrfToken: string;
}

async function logIn(base: string, filer: Filer): Promise<Session> {
  const post = (url: string, body: unknown) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const account = { username: filer.username, password: filer.password };
  const codeRequest = await post('/api/session/sms-code', account);
  // 429: a kill came between this filer's code and its login; that code is still valid and in the outbox.
  if (codeRequest.status !== 200 && codeRequest.status !== 429)
    throw new Error(`login of ${filer.username}: ${await codeRequest.text()}`);
  const outbox = await fetch(`${base}/api/dev/sms-outbox?username=${filer.username}&limit=1`);
  const { items } = (await outbox.json()) as { items: Array<{ text: string }> };
  const response = await post('/api/session', { ...account, smsCode: items[0]?.text.match(/\d{6}/)?.[0] });
  if (response.status !== 200) throw new Error(`login of ${filer.username}: ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  return { cookie, csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken };
}

/**
 * A filer at work until the server dies: saves, submits and cancels submissions of one filing, one request
 * at a time, recording each write the server acknowledged with a 2xx.
 */
async function fileUntilKilled(base: string, filer: Filer, log: FilerLog): Promise<void> {
  const url = `${base}/api/enterprise/tasks/${filer.taskId}/filing`;
  let session: Session;
  let view: { version: number | null; status: FilingStatus; values: FilingValues };
  try {
    session = await logIn(base, filer);
    view = (await (await fetch(url, { headers: { cookie: session.cookie } })).json()) as typeof view;
  } catch (error) {
    if (error instanceof TypeError) return;
    throw error;
  }
  const send = (method: 'PUT' | 'POST', target: string, body: unknown) =>
    fetch(target, {
      method,
      headers: {
        'content-type': 'application/json',
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
      },
      body: JSON.stringify(body),
    });
  let state: FilingState = { version: view.version, status: view.status, values: view.values };
  let findings: Finding[] = [];
  for (let step = 0; ; step += 1) {
    try {
      if (state.status === 'submitted') {
        log.inFlight = { status: 'draft', values: state.values };
        const response = await send('POST', `${url}/cancel-submission`, { version: state.version });
        if (response.status !== 200) throw new Error(`cancel: ${response.status} ${await response.text()}`);
        const body = (await response.json()) as { version: number };
        state = { version: body.version, status: 'draft', values: state.values };
      } else if (step % 3 === 2 && !findings.some((finding) => finding.severity === 'error')) {
        // 上报 of the values just saved, with the 审核说明 of each 严重警告 the save reported.
        const values = state.values;
        const explanations = Object.fromEntries(
          findings
            .filter((finding) => finding.severity === 'warning')
            .map((finding) => [explanationKey(finding), '经核实无误']),
        );
        log.inFlight = { status: 'submitted', values };
        const response = await send('POST', `${url}/submit`, {
          version: state.version,
          values,
          explanations,
        });
        if (response.status !== 200) throw new Error(`submit: ${response.status} ${await response.text()}`);
        const body = (await response.json()) as { version: number };
        state = { version: body.version, status: 'submitted', values };
        log.submits += 1;
        log.submittedValues.push(state.values);
      } else {
        const values = sampleValues();
        log.inFlight = { status: 'draft', values: compactValues(values) };
        const response = await send('PUT', url, { version: state.version, values });
        if (response.status !== 200) throw new Error(`save: ${response.status} ${await response.text()}`);
        const body = (await response.json()) as { version: number; findings: Finding[] };
        state = { version: body.version, status: 'draft', values: compactValues(values) };
        findings = body.findings;
      }
      log.acknowledged = state;
      log.inFlight = null;
      log.writes += 1;
    } catch (error) {
      // fetch fails with a TypeError when the connection dies with the server; anything else is a finding.
      if (error instanceof TypeError) return;
      throw error;
    }
  }
}

/** Prepares the database as an operator's would be: demo data, plus one open task and its filers. */
async function prepare(target: DatabaseTarget): Promise<Filer[]> {
  const database = await openDatabase(target);
  try {
    const db = database.db;
    await migrateToLatest(db);
    await seedReferenceData(db);
    await seedDemoData(db, new Date(), testPersonalDataCipher);
    const task = await createTask(db, { period: '2024-03', name: '[部级]断电测试任务' });
    const filers: Filer[] = [];
    for (let index = 0; index < filerCount; index += 1) {
      const enterprise = await createEnterprise(db, {
        regionCode: '440305',
        name: `断电测试软件有限公司${index}`,
      });
      const account = await createFiler(db, enterprise);
      filers.push({
        ...account,
        userId: await userIdOf(db, account.username),
        enterpriseId: enterprise.id,
        taskId: task.id,
      });
    }
    return filers;
  } finally {
    await database.close();
  }
}

/** Reads the database the killed server left behind and checks it against what the filers were told. */
async function checkAfterKill(target: DatabaseTarget, filers: Filer[], logs: FilerLog[]): Promise<number> {
  let committedInFlight = 0;
  const database = await openDatabase(target);
  try {
    const db = database.db;
    for (const [index, filer] of filers.entries()) {
      const log = logs[index]!;
      const filing = await db
        .selectFrom('filings')
        .select(['id', 'version', 'status', 'cell_values', 'submitted_at'])
        .where('task_id', '=', filer.taskId)
        .where('enterprise_id', '=', filer.enterpriseId)
        .executeTakeFirst();
      const found = filing && {
        version: filing.version,
        status: filing.status as FilingStatus,
        values: filing.cell_values as FilingValues,
      };
      const isAcknowledged =
        log.acknowledged === null
          ? found === undefined
          : found !== undefined &&
            found.version === log.acknowledged.version &&
            found.status === log.acknowledged.status &&
            isDeepStrictEqual(found.values, log.acknowledged.values);
      // The request under way when the server died may have committed: then it is the next version, whole.
      const isInFlightCommitted =
        log.inFlight !== null &&
        found !== undefined &&
        (log.acknowledged === null || found.version === log.acknowledged.version! + 1) &&
        found.status === log.inFlight.status &&
        isDeepStrictEqual(found.values, log.inFlight.values);
      expect(
        isAcknowledged || isInFlightCommitted,
        `${filer.username}: found ${JSON.stringify(found && { ...found, values: '…' })}, acknowledged version ${log.acknowledged?.version}`,
      ).toBe(true);
      if (isInFlightCommitted) {
        log.acknowledged = { ...log.inFlight!, version: found!.version };
        committedInFlight += 1;
      }
      log.inFlight = null;
      if (!filing) continue;

      const revisions = await db
        .selectFrom('filing_revisions')
        .select(['revision_no', 'cell_values', 'submitted_at'])
        .where('filing_id', '=', filing.id)
        .orderBy('revision_no')
        .execute();
      for (const values of log.submittedValues) {
        expect(revisions.some((revision) => isDeepStrictEqual(revision.cell_values, values))).toBe(true);
      }
      // Not half-written: a submitted filing has its frozen revision, identical and of the same moment.
      const latest = revisions.at(-1);
      if (filing.status === 'submitted') {
        expect(latest?.cell_values).toEqual(filing.cell_values);
        expect(latest?.submitted_at.getTime()).toBe(filing.submitted_at?.getTime());
      } else {
        expect(filing.submitted_at).toBeNull();
      }
      // Every revision came with its audit row, and every cancellation with its own.
      const { rows } = await sql<{ action: string; count: number }>`
        select action, count(*)::int as count from audit_events
        where subject_type = 'filing' and subject_id = ${filing.id} group by action`.execute(db);
      const audits = (action: string) => rows.find((row) => row.action === action)?.count ?? 0;
      expect(audits('filing.submit')).toBe(revisions.length);
      expect(revisions.length - audits('filing.cancel-submission')).toBe(
        filing.status === 'submitted' ? 1 : 0,
      );
    }
    return committedInFlight;
  } finally {
    await database.close();
  }
}

async function runKillRounds(storage: ServerStorage, target: DatabaseTarget) {
  const filers = await prepare(target);
  const logs: FilerLog[] = filers.map(() => ({
    acknowledged: null,
    inFlight: null,
    submittedValues: [],
    writes: 0,
    submits: 0,
  }));
  let killed = 0;
  let committedInFlight = 0;
  for (let round = 0; round < kills; round += 1) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = startServerProcess(storage, port);
    await waitUntilReady(base, child);
    const writesBefore = logs.reduce((sum, log) => sum + log.writes, 0);
    let finished = 0;
    const writers = filers.map((filer, index) =>
      fileUntilKilled(base, filer, logs[index]!).finally(() => (finished += 1)),
    );
    // Kill once writes are flowing, at a random moment after that.
    while (logs.reduce((sum, log) => sum + log.writes, 0) < writesBefore + filerCount) {
      if (child.exitCode !== null || finished > 0) {
        child.kill('SIGKILL');
        await Promise.all(writers);
        throw new Error('the server or a filer stopped before the kill');
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 2500));
    child.kill('SIGKILL');
    await exitCodeOf(child);
    killed += 1;
    await Promise.all(writers);
    committedInFlight += await checkAfterKill(target, filers, logs);
  }
  // The data survives one more start: the server comes up and serves the last acknowledged values.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = startServerProcess(storage, port);
  try {
    await waitUntilReady(base, child);
    const session = await logIn(base, filers[0]!);
    const view = (await (
      await fetch(`${base}/api/enterprise/tasks/${filers[0]!.taskId}/filing`, {
        headers: { cookie: session.cookie },
      })
    ).json()) as FilingState;
    expect(view.version).toBe(logs[0]!.acknowledged?.version ?? null);
    expect(view.values).toEqual(logs[0]!.acknowledged?.values ?? {});
  } finally {
    child.kill('SIGINT');
    await exitCodeOf(child);
  }
  return {
    killed,
    writes: logs.reduce((sum, log) => sum + log.writes, 0),
    submits: logs.reduce((sum, log) => sum + log.submits, 0),
    committedInFlight,
  };
}

describe('crash recovery: SIGKILL during saves and submits', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const step of cleanup) await step();
  });

  it.each(databaseKinds)(
    'keeps every acknowledged write and no half-written filing on %s',
    { timeout: 600_000 },
    async (kind) => {
      let storage: ServerStorage;
      let target: DatabaseTarget;
      if (kind === 'pglite') {
        const dataDir = await mkdtemp(path.join(tmpdir(), 'zhibao-crash-'));
        cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
        storage = { dataDir };
        target = { kind: 'pglite', dataDir };
      } else {
        const scratch = await createScratchPostgresDatabase('zhibao_crash');
        cleanup.push(scratch.drop);
        storage = { databaseUrl: scratch.url };
        target = { kind: 'postgres', url: scratch.url };
      }
      const { killed, writes, submits, committedInFlight } = await runKillRounds(storage, target);
      console.info(
        `crash recovery on ${kind}: ${killed} kills, ${writes} acknowledged writes (${submits} submits) checked; ` +
          `${committedInFlight} unacknowledged writes under way at the kill were found committed whole`,
      );
      expect(killed).toBe(kills);
      // Enough acknowledged writes to mean something: at least one per filer per round, submits among them.
      expect(writes).toBeGreaterThanOrEqual(kills * filerCount);
      expect(submits).toBeGreaterThan(0);
    },
  );
});
