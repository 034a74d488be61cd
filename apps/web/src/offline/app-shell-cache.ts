/** Registers the service worker that keeps the app shell for a reload without network (production builds). */
export function registerAppShellCache(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/service-worker.js').then(
    () => keepLoadedAssets(),
    () => undefined,
  );
}

/**
 * Tells the service worker which scripts and styles this page has loaded, so that a reload offline finds them:
 * those loaded before the worker took control of the page never passed through it.
 */
export function keepLoadedAssets(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.ready.then((registration) => {
    const urls = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => new URL(name).pathname.startsWith('/assets/'));
    registration.active?.postMessage({ type: 'keep-assets', urls });
  });
}
