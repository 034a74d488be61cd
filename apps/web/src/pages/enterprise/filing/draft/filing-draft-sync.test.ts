import type { FilingValues } from '@zhibao/survey';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../../api/http-client';
import { copyValues } from './cell-merge';
import { createMemoryDraftStore } from './draft-store';
import { FilingDraftSync } from './filing-draft-sync';

const networkDown = () => new ApiError({ status: 0, code: 'NETWORK_ERROR', detail: '' });
const sessionEnded = () => new ApiError({ status: 401, code: 'UNAUTHENTICATED', detail: '请先登录' });
const serverDown = () => new ApiError({ status: 503, code: 'HTTP_503', detail: 'Service Unavailable' });
const versionConflict = () =>
  new ApiError({
    status: 409,
    code: 'CONFLICT',
    detail: '该报表已被其他填报人员修改',
    invalidParams: [{ name: 'version', reason: '当前版本为2' }],
  });

/** A server holding one filing with optimistic locking, that can be told to fail the next calls. */
function fakeServer(values: FilingValues, version: number | null = 1) {
  const state = {
    version,
    values: copyValues(values),
    saves: [] as FilingValues[],
    failures: [] as ApiError[],
    /** The next save is written, but its answer never reaches the browser. */
    losesNextAnswer: false,
  };
  return {
    state,
    /** A colleague saves in another tab. */
    saveAsColleague(change: (values: FilingValues) => void) {
      change(state.values);
      state.version = (state.version ?? 0) + 1;
    },
    save: (sentVersion: number | null, sent: FilingValues) => {
      const failure = state.failures.shift();
      if (failure) return Promise.reject(failure);
      if (sentVersion !== state.version) return Promise.reject(versionConflict());
      state.version = (state.version ?? 0) + 1;
      state.values = copyValues(sent);
      state.saves.push(copyValues(sent));
      if (state.losesNextAnswer) {
        state.losesNextAnswer = false;
        return Promise.reject(networkDown());
      }
      return Promise.resolve({ version: state.version, updatedAt: '2026-12-06T01:00:00.000Z' });
    },
    loadLatest: () => {
      const failure = state.failures.shift();
      if (failure) return Promise.reject(failure);
      return Promise.resolve({ version: state.version, values: copyValues(state.values) });
    },
  };
}

const filled: FilingValues = { monthly: { '2010': 1082.07, '2021': 500, '2080': 1600 } };

async function openDraft(server = fakeServer(filled), store = createMemoryDraftStore()) {
  const sync = new FilingDraftSync('filing-draft:u1:t1', store, server);
  await sync.open({ version: server.state.version, values: server.state.values, updatedAt: null });
  return { sync, server, store };
}

const monthly = (values: FilingValues | undefined) => values?.monthly ?? {};

describe('the filing draft sync', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps every keystroke in the store at once, before any save is sent', async () => {
    const { sync, server, store } = await openDraft();
    sync.setCell('monthly', '2010', 2000);
    sync.setCell('monthly', '2021', 600);
    await sync.settle();
    expect(server.state.saves).toHaveLength(0);
    expect(monthly(store.drafts.get('filing-draft:u1:t1')?.local)).toMatchObject({
      '2010': 2000,
      '2021': 600,
    });
    expect(sync.getSnapshot()).toMatchObject({ phase: 'pending', unsyncedCount: 2 });
  });

  it('sends one save once typing pauses, and no later than the longest wait while typing goes on', async () => {
    const { sync, server } = await openDraft();
    for (let step = 0; step < 6; step += 1) {
      sync.setCell('monthly', '2010', 2000 + step);
      await vi.advanceTimersByTimeAsync(700);
    }
    // Six keystrokes 0.7 s apart never pause for 0.8 s, yet the draft was saved within 3 s of the first.
    expect(server.state.saves.length).toBeGreaterThanOrEqual(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(monthly(server.state.values)['2010']).toBe(2005);
    expect(sync.getSnapshot()).toMatchObject({ phase: 'synced', unsyncedCount: 0 });
  });

  it('saves at once when flushed (leaving the page), and keeps what was typed during a save', async () => {
    const { sync, server } = await openDraft();
    sync.setCell('monthly', '2010', 2000);
    const flushed = sync.flush();
    sync.setCell('monthly', '2021', 650);
    void sync.flush();
    await flushed;
    await sync.settle();
    expect(monthly(server.state.values)).toMatchObject({ '2010': 2000, '2021': 650 });
    expect(server.state.version).toBe(3);
    expect(sync.getSnapshot().unsyncedCount).toBe(0);
  });

  it('keeps the draft while the network is down, retries with growing delays, and syncs when it is back', async () => {
    const { sync, server } = await openDraft();
    server.state.failures.push(networkDown(), networkDown());
    sync.setCell('monthly', '2010', 2000);
    await sync.flush();
    expect(sync.getSnapshot()).toMatchObject({ phase: 'offline', unsyncedCount: 1 });
    const firstRetryAt = sync.getSnapshot().nextRetryAt!;
    await vi.advanceTimersByTimeAsync(1000);
    const secondRetryAt = sync.getSnapshot().nextRetryAt!;
    expect(secondRetryAt - firstRetryAt).toBeGreaterThanOrEqual(1000);
    sync.setCell('monthly', '2021', 650);
    await vi.advanceTimersByTimeAsync(2000);
    await sync.settle();
    expect(monthly(server.state.values)).toMatchObject({ '2010': 2000, '2021': 650 });
    expect(sync.getSnapshot()).toMatchObject({ phase: 'synced', unsyncedCount: 0 });
  });

  it('sends nothing while the browser says it is offline, and syncs by itself when it is online again', async () => {
    const { sync, server } = await openDraft();
    sync.setBrowserOffline(true);
    sync.setCell('monthly', '2010', 2000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.state.saves).toHaveLength(0);
    expect(sync.getSnapshot()).toMatchObject({ phase: 'offline', unsyncedCount: 1 });
    sync.setBrowserOffline(false);
    await sync.settle();
    expect(monthly(server.state.values)['2010']).toBe(2000);
    expect(sync.getSnapshot().phase).toBe('synced');
  });

  it('waits after an ended session until the filer logs in again, then syncs what was typed meanwhile', async () => {
    const { sync, server } = await openDraft();
    server.state.failures.push(sessionEnded());
    sync.setCell('monthly', '2010', 2000);
    await sync.flush();
    sync.setCell('monthly', '2021', 650);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sync.getSnapshot()).toMatchObject({ phase: 'signed-out', unsyncedCount: 2 });
    expect(server.state.saves).toHaveLength(0);
    await sync.resume();
    expect(monthly(server.state.values)).toMatchObject({ '2010': 2000, '2021': 650 });
  });

  it('retries a server failure with backoff and stops retrying a refusal until the filer changes something', async () => {
    const { sync, server } = await openDraft();
    server.state.failures.push(serverDown());
    sync.setCell('monthly', '2010', 2000);
    await sync.flush();
    expect(sync.getSnapshot()).toMatchObject({ phase: 'failed' });
    expect(sync.getSnapshot().nextRetryAt).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    await sync.settle();
    expect(monthly(server.state.values)['2010']).toBe(2000);

    server.state.failures.push(new ApiError({ status: 422, code: 'VALIDATION_FAILED', detail: '数值超出' }));
    sync.setCell('monthly', '2010', 3000);
    await sync.flush();
    expect(sync.getSnapshot()).toMatchObject({ phase: 'failed', nextRetryAt: null });
    sync.setCell('monthly', '2010', 3001);
    await vi.advanceTimersByTimeAsync(1000);
    await sync.settle();
    expect(monthly(server.state.values)['2010']).toBe(3001);
  });

  it('merges a colleague’s save cell by cell: cells only they changed stay theirs, mine are saved over them', async () => {
    const { sync, server } = await openDraft();
    const shown: string[] = [];
    sync.onRemoteCells((cells) => shown.push(...cells.map((cell) => `${cell.key}=${String(cell.value)}`)));
    server.saveAsColleague((values) => {
      values.monthly!['2080'] = 1650;
    });
    sync.setCell('monthly', '2010', 2000);
    await sync.flush();
    await sync.settle();
    expect(monthly(server.state.values)).toMatchObject({ '2010': 2000, '2080': 1650, '2021': 500 });
    expect(shown).toEqual(['2080=1650']);
    expect(sync.getSnapshot()).toMatchObject({ phase: 'synced', conflicts: [] });
  });

  it('asks only about cells both changed, and "mine" overwrites only those cells', async () => {
    const { sync, server } = await openDraft();
    server.saveAsColleague((values) => {
      values.monthly!['2010'] = 1500;
      values.monthly!['2080'] = 1650;
    });
    sync.setCell('monthly', '2010', 2000);
    sync.setCell('monthly', '2021', 650);
    await sync.flush();
    expect(sync.getSnapshot().phase).toBe('conflict');
    expect(sync.getSnapshot().conflicts).toEqual([
      { formId: 'monthly', key: '2010', base: 1082.07, mine: 2000, theirs: 1500 },
    ]);
    expect(server.state.saves).toHaveLength(0);

    sync.resolveConflict({ formId: 'monthly', key: '2010' }, 'mine');
    await sync.settle();
    expect(monthly(server.state.values)).toEqual({ '2010': 2000, '2021': 650, '2080': 1650 });
  });

  it('"theirs" takes the colleague’s value of a conflicting cell and keeps my other cells', async () => {
    const { sync, server } = await openDraft();
    server.saveAsColleague((values) => {
      values.monthly!['2010'] = 1500;
    });
    sync.setCell('monthly', '2010', 2000);
    sync.setCell('monthly', '2021', 650);
    await sync.flush();
    sync.resolveAllConflicts('theirs');
    await sync.settle();
    expect(monthly(server.state.values)).toEqual({ '2010': 1500, '2021': 650, '2080': 1600 });
  });

  it('writes once when a save landed but its answer was lost: the retry merges into no change, no duplicate', async () => {
    const { sync, server } = await openDraft();
    server.state.losesNextAnswer = true;
    sync.setCell('monthly', '2010', 2000);
    await sync.flush();
    expect(sync.getSnapshot().phase).toBe('offline');
    await vi.advanceTimersByTimeAsync(1000);
    await sync.settle();
    expect(server.state.saves).toHaveLength(1);
    expect(server.state.version).toBe(2);
    expect(sync.getSnapshot()).toMatchObject({ phase: 'synced', unsyncedCount: 0, conflicts: [] });
  });

  it('restores unsynced work on reopening (a reload, a new tab) and says how much', async () => {
    const store = createMemoryDraftStore();
    const server = fakeServer(filled);
    server.state.failures.push(networkDown());
    const first = await openDraft(server, store);
    first.sync.setCell('monthly', '2010', 2000);
    await first.sync.flush();
    await first.sync.settle();

    const reopened = new FilingDraftSync('filing-draft:u1:t1', store, server);
    const shown = await reopened.open({ version: 1, values: filled, updatedAt: null });
    expect(monthly(shown)['2010']).toBe(2000);
    expect(reopened.getSnapshot().restoredCount).toBe(1);
    await reopened.settle();
    expect(monthly(server.state.values)['2010']).toBe(2000);
  });

  it('trusts the store over a page fetched before its last save landed', async () => {
    const store = createMemoryDraftStore();
    const server = fakeServer(filled);
    const first = await openDraft(server, store);
    first.sync.setCell('monthly', '2010', 2000);
    await first.sync.flush();
    first.sync.setCell('monthly', '2021', 650);
    await first.sync.settle();

    const reopened = new FilingDraftSync('filing-draft:u1:t1', store, server);
    // The page was fetched while version 1 was current; the store knows version 2.
    const shown = await reopened.open({ version: 1, values: filled, updatedAt: null });
    expect(monthly(shown)).toMatchObject({ '2010': 2000, '2021': 650 });
    await reopened.settle();
    expect(monthly(server.state.values)).toMatchObject({ '2010': 2000, '2021': 650, '2080': 1600 });
  });
});
