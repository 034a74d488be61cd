import type { CellValue, FilingValues, FormId } from '@zhibao/survey';
import { isApiError } from '../../../../api/http-client';
import {
  changedCells,
  copyValues,
  mergeCells,
  writeCell,
  type CellAddress,
  type CellConflict,
} from './cell-merge';
import type { DraftStore, StoredDraft } from './draft-store';

/** What the sync is doing, for the line beside the toolbar and the banners over the form. */
export type SyncPhase =
  | 'synced'
  | 'pending'
  | 'saving'
  /** The browser has no network, or the last save could not reach the server; retried by itself. */
  | 'offline'
  /** The session ended; the draft waits for the filer to log in again. */
  | 'signed-out'
  /** The server refused or failed the save; a transient failure is retried with backoff. */
  | 'failed'
  /** Cells both the filer and a colleague changed wait for the filer's choice. */
  | 'conflict';

export interface DraftSyncSnapshot {
  phase: SyncPhase;
  /** Cells typed here that the server does not hold yet. */
  unsyncedCount: number;
  savedAt: string | null;
  error: unknown;
  conflicts: readonly CellConflict[];
  /** Unsynced cells found in the browser's store when the filing was opened (a reload, a reopened tab). */
  restoredCount: number;
  /** When the next automatic retry runs (epoch ms), while one is scheduled. */
  nextRetryAt: number | null;
}

/** The two calls the sync makes: a conditional save of the whole draft, and a read of the latest version. */
export interface FilingServer {
  save(version: number | null, values: FilingValues): Promise<{ version: number; updatedAt: string }>;
  loadLatest(): Promise<{ version: number | null; values: FilingValues }>;
}

export interface DraftSyncTiming {
  /** How long typing must pause before a save is sent. */
  quietMs: number;
  /** The longest unsynced work waits while the filer keeps typing. */
  maxWaitMs: number;
  /** The first retry's delay; each further one doubles, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
}

const defaultTiming: DraftSyncTiming = {
  quietMs: 800,
  maxWaitMs: 3000,
  retryBaseMs: 1000,
  retryMaxMs: 30_000,
};

/** A cell the sync changed under the filer's eyes: a colleague's value merged in, or theirs chosen. */
export interface RemoteCell extends CellAddress {
  value: CellValue;
}

export function isVersionConflict(error: unknown): boolean {
  return (
    isApiError(error) &&
    error.status === 409 &&
    !!error.invalidParams?.some((param) => param.name === 'version')
  );
}

const isNetworkFailure = (error: unknown) => isApiError(error) && error.status === 0;
const isSessionExpiry = (error: unknown) => isApiError(error) && error.status === 401;
const isTransient = (error: unknown) =>
  !isApiError(error) || error.status === 0 || error.status === 429 || error.status >= 500;

/**
 * The filer's draft of one filing, local first: every keystroke lands in memory and in the browser's store at
 * once, and a background sync sends the whole draft to the server, conditional on the version it started from.
 * A refused version is merged cell by cell (only cells both sides changed ask the filer); a lost network or a
 * server failure is retried with backoff; an ended session waits for the filer to log in again. Nothing typed
 * is dropped on any of these paths: the store holds it until the server does.
 */
export class FilingDraftSync {
  private base: FilingValues = {};
  private baseVersion: number | null = null;
  private local: FilingValues = {};
  private conflicts: CellConflict[] = [];
  private savedAt: string | null = null;
  private restoredCount = 0;
  private blocker: 'offline' | 'signed-out' | 'failed' | null = null;
  private isBrowserOffline = false;
  private error: unknown = null;
  private inFlight: Promise<void> | null = null;
  private isAgainRequested = false;
  private quietTimer: ReturnType<typeof setTimeout> | null = null;
  private firstUnsyncedAt: number | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryAttempts = 0;
  private nextRetryAt: number | null = null;
  private persisting: Promise<void> = Promise.resolve();
  private isPersistQueued = false;
  private readonly listeners = new Set<() => void>();
  private readonly remoteListeners = new Set<(cells: RemoteCell[]) => void>();
  private snapshot: DraftSyncSnapshot;
  private readonly timing: DraftSyncTiming;

  constructor(
    private readonly key: string,
    private readonly store: DraftStore,
    private readonly server: FilingServer,
    timing: Partial<DraftSyncTiming> = {},
  ) {
    this.timing = { ...defaultTiming, ...timing };
    this.snapshot = this.buildSnapshot();
  }

  /**
   * Starts from the server's view of the filing and whatever the store kept: unsynced cells of an earlier
   * visit are restored (merged cell by cell when someone saved since), and their sync starts at once.
   * Answers the values the form shows.
   */
  async open(server: {
    version: number | null;
    values: FilingValues;
    updatedAt: string | null;
  }): Promise<FilingValues> {
    await this.settle();
    const stored = await this.store.load(this.key).catch(() => undefined);
    const serverValues = copyValues(server.values);
    const hasWork =
      stored !== undefined &&
      (changedCells(stored.base, stored.local).length > 0 || stored.conflicts.length > 0);
    if (!stored || !hasWork) {
      this.base = serverValues;
      this.baseVersion = server.version;
      this.local = copyValues(serverValues);
      this.conflicts = [];
      this.savedAt = server.updatedAt;
    } else if (server.version === stored.baseVersion || isOlder(server.version, stored.baseVersion)) {
      // The store is as new as the server, or newer: a save landed after this page was fetched.
      this.base = stored.base;
      this.baseVersion = stored.baseVersion;
      this.local = stored.local;
      this.conflicts = stored.conflicts;
      this.savedAt = stored.savedAt ?? server.updatedAt;
    } else {
      const merged = mergeCells(stored.base, stored.local, serverValues);
      const standing = stored.conflicts
        .filter((conflict) => !merged.conflicts.some((next) => sameCell(next, conflict)))
        .map((conflict) => ({ ...conflict, theirs: serverValues[conflict.formId]?.[conflict.key] ?? null }))
        .filter((conflict) => conflict.mine !== conflict.theirs);
      this.base = serverValues;
      this.baseVersion = server.version;
      this.local = merged.merged;
      this.conflicts = [...merged.conflicts, ...standing];
      this.savedAt = server.updatedAt;
    }
    this.restoredCount = hasWork ? this.unsyncedCount() + this.conflicts.length : 0;
    this.error = null;
    this.blocker = null;
    this.persist();
    this.notify();
    if (this.unsyncedCount() > 0) void this.flush();
    return copyValues(this.local);
  }

  /** One keystroke's value: kept at once, saved in the background. */
  setCell(formId: FormId, key: string, value: CellValue): void {
    writeCell(this.local, formId, key, value);
    const conflict = this.conflicts.find((candidate) => sameCell(candidate, { formId, key }));
    if (conflict) conflict.mine = value;
    if (this.blocker === 'failed' && this.retryTimer === null) {
      // A refused save may be fixed by this very keystroke (a value beyond the bound, corrected).
      this.blocker = null;
      this.error = null;
    }
    this.persist();
    this.scheduleSync();
    this.notify();
  }

  /** Sends what is unsynced now (保存, leaving the page, hiding the tab); resolves when it is saved or blocked. */
  flush(): Promise<void> {
    this.clearQuietTimer();
    if (this.inFlight) {
      this.isAgainRequested = true;
      return this.inFlight;
    }
    if (this.blocker !== null || this.conflicts.length > 0 || this.unsyncedCount() === 0) {
      return Promise.resolve();
    }
    this.inFlight = this.runSync().finally(() => {
      this.inFlight = null;
      this.notify();
    });
    this.notify();
    return this.inFlight;
  }

  /** Tries again now: the network came back, the filer logged in again, or pressed 保存. */
  resume(): Promise<void> {
    this.clearRetryTimer();
    this.retryAttempts = 0;
    if (this.blocker !== 'offline' || !this.isBrowserOffline) this.blocker = null;
    this.error = this.blocker ? this.error : null;
    this.notify();
    return this.flush();
  }

  /** The browser's own word on the network (the online/offline events). */
  setBrowserOffline(isOffline: boolean): void {
    this.isBrowserOffline = isOffline;
    if (isOffline) {
      this.clearQuietTimer();
      if (this.blocker === null || this.blocker === 'failed') this.blocker = 'offline';
      this.notify();
    } else if (this.blocker === 'offline') {
      void this.resume();
    }
  }

  /** The filer's choice for one cell both sides changed; the sync resumes once every such cell is chosen. */
  resolveConflict(cell: CellAddress, side: 'mine' | 'theirs'): void {
    const conflict = this.conflicts.find((candidate) => sameCell(candidate, cell));
    if (!conflict) return;
    this.conflicts = this.conflicts.filter((candidate) => candidate !== conflict);
    if (side === 'theirs') {
      writeCell(this.local, conflict.formId, conflict.key, conflict.theirs);
      this.emitRemote([{ formId: conflict.formId, key: conflict.key, value: conflict.theirs }]);
    }
    this.persist();
    this.notify();
    if (this.conflicts.length === 0) void this.flush();
  }

  resolveAllConflicts(side: 'mine' | 'theirs'): void {
    for (const conflict of [...this.conflicts]) this.resolveConflict(conflict, side);
  }

  /** After 上报 or 取消上报: the server's values are the filer's, nothing is left to sync. */
  adoptServerState(version: number | null, values: FilingValues): void {
    this.clearQuietTimer();
    this.clearRetryTimer();
    this.base = copyValues(values);
    this.local = copyValues(values);
    this.baseVersion = version;
    this.conflicts = [];
    this.blocker = null;
    this.error = null;
    this.persist();
    this.notify();
  }

  /** The version and values a submission must send: the draft as it stands, on the version it is based on. */
  submission(): { version: number | null; values: FilingValues } {
    return { version: this.baseVersion, values: copyValues(this.local) };
  }

  /** Whether leaving now would leave work only in this browser. */
  hasUnsyncedWork(): boolean {
    return this.unsyncedCount() > 0 || this.conflicts.length > 0 || this.inFlight !== null;
  }

  /** Resolves once the save under way (if any) and the store's writes are done. */
  async settle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    await this.persisting;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): DraftSyncSnapshot => this.snapshot;

  /** Cells the sync itself changed (merged from a colleague, or theirs chosen), for the form to show. */
  onRemoteCells(listener: (cells: RemoteCell[]) => void): () => void {
    this.remoteListeners.add(listener);
    return () => this.remoteListeners.delete(listener);
  }

  private async runSync(): Promise<void> {
    for (;;) {
      this.isAgainRequested = false;
      if (this.blocker !== null || this.conflicts.length > 0) return;
      const sent = copyValues(this.local);
      if (changedCells(this.base, sent).length === 0) {
        this.firstUnsyncedAt = null;
        return;
      }
      this.firstUnsyncedAt = null;
      try {
        const saved = await this.server.save(this.baseVersion, sent);
        this.base = sent;
        this.baseVersion = saved.version;
        this.savedAt = saved.updatedAt;
        this.retryAttempts = 0;
        this.error = null;
        this.persist();
      } catch (error) {
        const shouldContinue = await this.handleFailure(error);
        if (!shouldContinue) return;
        continue;
      } finally {
        this.notify();
      }
      if (!this.isAgainRequested) return;
    }
  }

  /** Answers whether the sync should try again at once (a version conflict merged without a question). */
  private async handleFailure(error: unknown): Promise<boolean> {
    if (isVersionConflict(error)) {
      let latest: { version: number | null; values: FilingValues };
      try {
        latest = await this.server.loadLatest();
      } catch (loadError) {
        return this.handleFailure(loadError);
      }
      this.rebaseOn(latest);
      return this.conflicts.length === 0;
    }
    this.error = error;
    if (isSessionExpiry(error)) {
      this.blocker = 'signed-out';
    } else if (isNetworkFailure(error)) {
      this.blocker = 'offline';
      this.scheduleRetry();
    } else {
      this.blocker = 'failed';
      if (isTransient(error)) this.scheduleRetry();
    }
    return false;
  }

  private rebaseOn(latest: { version: number | null; values: FilingValues }): void {
    const theirs = copyValues(latest.values);
    const merged = mergeCells(this.base, this.local, theirs);
    this.base = theirs;
    this.baseVersion = latest.version;
    this.local = merged.merged;
    this.conflicts = merged.conflicts;
    this.persist();
    this.emitRemote(
      merged.takenFromTheirs.map((cell) => ({ ...cell, value: theirs[cell.formId]?.[cell.key] ?? null })),
    );
  }

  private scheduleSync(): void {
    if (this.blocker !== null || this.conflicts.length > 0) return;
    const now = Date.now();
    this.firstUnsyncedAt ??= now;
    const delay = Math.max(
      0,
      Math.min(this.timing.quietMs, this.firstUnsyncedAt + this.timing.maxWaitMs - now),
    );
    this.clearQuietTimer();
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      void this.flush();
    }, delay);
  }

  private scheduleRetry(): void {
    this.clearRetryTimer();
    const delay = Math.min(this.timing.retryMaxMs, this.timing.retryBaseMs * 2 ** this.retryAttempts);
    this.retryAttempts += 1;
    this.nextRetryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.nextRetryAt = null;
      if (this.blocker === 'offline' && this.isBrowserOffline) return;
      this.blocker = null;
      void this.flush();
    }, delay);
  }

  private clearQuietTimer(): void {
    if (this.quietTimer !== null) clearTimeout(this.quietTimer);
    this.quietTimer = null;
  }

  private clearRetryTimer(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.nextRetryAt = null;
  }

  private unsyncedCount(): number {
    return changedCells(this.base, this.local).length;
  }

  /** Writes the draft to the store; writes queued while one runs collapse into one of the latest state. */
  private persist(): void {
    this.isPersistQueued = true;
    this.persisting = this.persisting
      .then(async () => {
        if (!this.isPersistQueued) return;
        this.isPersistQueued = false;
        const draft: StoredDraft = {
          baseVersion: this.baseVersion,
          base: this.base,
          local: this.local,
          conflicts: this.conflicts,
          savedAt: this.savedAt,
        };
        await this.store.save(this.key, draft);
      })
      .catch(() => undefined);
  }

  private emitRemote(cells: RemoteCell[]): void {
    if (cells.length === 0) return;
    for (const listener of this.remoteListeners) listener(cells);
  }

  private buildSnapshot(): DraftSyncSnapshot {
    const unsyncedCount = this.unsyncedCount();
    const phase: SyncPhase =
      this.conflicts.length > 0
        ? 'conflict'
        : this.blocker === 'signed-out'
          ? 'signed-out'
          : this.blocker === 'offline' || this.isBrowserOffline
            ? 'offline'
            : this.blocker === 'failed'
              ? 'failed'
              : this.inFlight
                ? 'saving'
                : unsyncedCount > 0
                  ? 'pending'
                  : 'synced';
    return {
      phase,
      unsyncedCount,
      savedAt: this.savedAt,
      error: this.error,
      conflicts: [...this.conflicts],
      restoredCount: this.restoredCount,
      nextRetryAt: this.nextRetryAt,
    };
  }

  private notify(): void {
    this.snapshot = this.buildSnapshot();
    for (const listener of this.listeners) listener();
  }
}

function sameCell(a: CellAddress, b: CellAddress): boolean {
  return a.formId === b.formId && a.key === b.key;
}

function isOlder(version: number | null, than: number | null): boolean {
  return version !== null && than !== null && version < than;
}
