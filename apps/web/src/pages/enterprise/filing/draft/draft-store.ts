import type { FilingValues } from '@zhibao/survey';
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { CellConflict } from './cell-merge';

/**
 * What the browser keeps of one filer's work on one filing: the server version it started from (`base`, per
 * cell), what they have typed since (`local`), and any cells still waiting for their choice after a conflict.
 */
export interface StoredDraft {
  baseVersion: number | null;
  base: FilingValues;
  local: FilingValues;
  conflicts: CellConflict[];
  savedAt: string | null;
}

/** Where drafts live between keystrokes, reloads and closed tabs. */
export interface DraftStore {
  load(key: string): Promise<StoredDraft | undefined>;
  save(key: string, draft: StoredDraft): Promise<void>;
  remove(key: string): Promise<void>;
}

/** A draft's key: one per filer and task, so two people of one enterprise on one computer never mix. */
export function draftKeyOf(userId: string, taskId: string): string {
  return `filing-draft:${userId}:${taskId}`;
}

let idbStore: UseStore | null = null;
const draftsDatabase = () => (idbStore ??= createStore('zhibao-drafts', 'drafts'));

/** The browser's IndexedDB: survives navigation, reloads, a closed tab and a lost network. */
export const indexedDbDraftStore: DraftStore = {
  load: (key) => get<StoredDraft>(key, draftsDatabase()),
  save: (key, draft) => set(key, draft, draftsDatabase()),
  remove: (key) => del(key, draftsDatabase()),
};

/** Keeps the last view of a filing the filer opened, for a reload without network. */
export function keepFilingView(userId: string, view: { taskId: string }): Promise<void> {
  return set(`filing-view:${userId}:${view.taskId}`, view, draftsDatabase()).catch(() => undefined);
}

export function keptFilingView<T>(userId: string, taskId: string): Promise<T | undefined> {
  return get<T>(`filing-view:${userId}:${taskId}`, draftsDatabase()).catch(() => undefined);
}

/** A store in memory, for tests and for browsers that refuse IndexedDB (private windows of old Safari). */
export function createMemoryDraftStore(): DraftStore & { drafts: Map<string, StoredDraft> } {
  const drafts = new Map<string, StoredDraft>();
  const clone = (draft: StoredDraft) => JSON.parse(JSON.stringify(draft)) as StoredDraft;
  return {
    drafts,
    load: (key) => Promise.resolve(drafts.has(key) ? clone(drafts.get(key)!) : undefined),
    save: (key, draft) => {
      drafts.set(key, clone(draft));
      return Promise.resolve();
    },
    remove: (key) => {
      drafts.delete(key);
      return Promise.resolve();
    },
  };
}
