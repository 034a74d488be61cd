import type { FilingValues } from '@zhibao/survey';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { fetchTaskFiling, saveFilingDraft, type FilingView } from '../../../../api/enterprise.api';
import { keepLoadedAssets } from '../../../../offline/app-shell-cache';
import { useSession } from '../../../../session/session-context';
import { draftKeyOf, indexedDbDraftStore } from './draft-store';
import { FilingDraftSync, type DraftSyncSnapshot } from './filing-draft-sync';

// One sync per filer and task for the life of the tab: a page left and opened again finds the save it
// started still under way, instead of racing it with a second one.
const openSyncs = new Map<string, FilingDraftSync>();

function draftSyncOf(userId: string, taskId: string): FilingDraftSync {
  const key = draftKeyOf(userId, taskId);
  let sync = openSyncs.get(key);
  if (!sync) {
    sync = new FilingDraftSync(key, indexedDbDraftStore, {
      save: (version, values) => saveFilingDraft(taskId, { version, values }),
      loadLatest: () => fetchTaskFiling(taskId),
    });
    openSyncs.set(key, sync);
  }
  return sync;
}

/**
 * Opens the filer's local draft of an editable filing: the values to show (the server's, or unsynced work this
 * browser kept), `null` while the store is read; `generation` counts the openings, for the form to start anew.
 * A read-only view has no draft and shows its own values.
 */
export function useOpenedDraft(
  view: FilingView,
  userId: string,
): { sync: FilingDraftSync | null; opened: { values: FilingValues; generation: number } | null } {
  const [sync] = useState(() => (view.canEdit ? draftSyncOf(userId, view.taskId) : null));
  const [opened, setOpened] = useState<{ values: FilingValues; generation: number } | null>(null);
  useEffect(() => {
    if (!sync) return;
    let isCurrent = true;
    void sync
      .open({ version: view.version, values: view.values, updatedAt: view.updatedAt })
      .then((values) => {
        keepLoadedAssets();
        if (isCurrent) setOpened((previous) => ({ values, generation: (previous?.generation ?? 0) + 1 }));
      });
    return () => {
      isCurrent = false;
      // Leaving the page inside the app: what is unsynced goes now, not after the typing pause.
      void sync.flush();
    };
  }, [sync, view]);
  return { sync, opened: sync ? opened : { values: view.values, generation: 0 } };
}

/**
 * Keeps the sync going around the filer: saves when the tab is hidden or closed (and has the browser ask before
 * leaving while work is unsynced), follows the browser's online/offline events, and keeps the page when the
 * session expires so the filer logs in again over the form; the sync resumes once they have.
 */
export function useDraftSyncLifecycle(sync: FilingDraftSync): DraftSyncSnapshot {
  const snapshot = useSyncExternalStore(sync.subscribe, sync.getSnapshot);
  const { state, holdExpiry } = useSession();
  const isExpired = state.status === 'authenticated' && !!state.isExpired;
  const wasExpired = useRef(isExpired);
  // After an offline start the session is confirmed first when the network returns; saves wait for its token.
  const isOfflineStart = state.status === 'authenticated' && !!state.isOffline;
  const isWaitingForSession = useRef(isOfflineStart);

  useEffect(() => holdExpiry(), [holdExpiry]);

  useEffect(() => {
    if (wasExpired.current && !isExpired) void sync.resume();
    wasExpired.current = isExpired;
  }, [isExpired, sync]);

  useEffect(() => {
    isWaitingForSession.current = isOfflineStart;
    if (!isOfflineStart && navigator.onLine) sync.setBrowserOffline(false);
  }, [isOfflineStart, sync]);

  useEffect(() => {
    const onOnline = () => {
      if (!isWaitingForSession.current) sync.setBrowserOffline(false);
    };
    const onOffline = () => sync.setBrowserOffline(true);
    const onVisibilityChange = () => {
      if (document.visibilityState === 'hidden') void sync.flush();
    };
    const onPageHide = () => void sync.flush();
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!sync.hasUnsyncedWork()) return;
      void sync.flush();
      event.preventDefault();
      // Older Chromium asks only when returnValue is set.
      event.returnValue = '';
    };
    if (!navigator.onLine) sync.setBrowserOffline(true);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    document.addEventListener('visibilitychange', onVisibilityChange);
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisibilityChange);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [sync]);

  return snapshot;
}
