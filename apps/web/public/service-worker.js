// The app shell for a reload without network (a filing opened before keeps working offline).
// Pages come from the network first and fall back to the cached index.html; the build's hashed assets come from
// the cache first. The API is never cached here: the filing itself is kept by the page (IndexedDB).
const shellCache = 'zhibao-shell-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(shellCache)
      .then((cache) => cache.add('/'))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name !== shellCache).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  );
});

// The page names the assets it loaded before this worker controlled it.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'keep-assets' || !Array.isArray(event.data.urls)) return;
  const urls = event.data.urls.filter(
    (url) => typeof url === 'string' && new URL(url).origin === self.location.origin,
  );
  event.waitUntil(
    caches
      .open(shellCache)
      .then((cache) => cache.addAll(urls))
      .catch(() => undefined),
  );
});

function keep(request, response) {
  if (response.ok) {
    const copy = response.clone();
    void caches.open(shellCache).then((cache) => cache.put(request, copy));
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/'))
    return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => keep('/', response))
        .catch(() => caches.match('/').then((cached) => cached ?? Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches
        .match(request)
        .then((cached) => cached ?? fetch(request).then((response) => keep(request, response))),
    );
  }
});
