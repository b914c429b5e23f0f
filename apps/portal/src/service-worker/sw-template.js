/* The portal's service worker, generated at build time by vite.config.ts from this template:
 * the placeholders below become the list of the built files, the base path and a version
 * (a hash of the list), so every build has its own cache.
 *
 * It keeps the app shell on the device so /portal/ opens without a network (a grid worker on
 * patrol, a citizen in a basement car park). Pages are asked from the network first, so a new
 * version shows as soon as there is a network, with the cached shell as the fallback; the
 * hashed assets never change, so they come from the cache. API calls are never touched: what
 * the server answers must always be current, and what waits offline waits in IndexedDB. */

const VERSION = '__VERSION__';
const BASE = '__BASE__';
const PRECACHE = __PRECACHE__;
const CACHE = `citydesk-portal-${VERSION}`;
const SHELL = `${BASE}index.html`;
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, ...PRECACHE.map((file) => `${BASE}${file}`)]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith('citydesk-portal-') && key !== CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** The network's answer unless it takes too long or fails; then the cached shell. */
async function networkFirstShell(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), NAVIGATION_TIMEOUT_MS)),
    ]);
    // Only the app's page is the shell (a navigation to a picture must not replace it).
    if (response.ok && (response.headers.get('content-type') ?? '').startsWith('text/html')) {
      await cache.put(SHELL, response.clone());
      return response;
    }
    if (response.ok) return response;
    return (await cache.match(SHELL)) ?? response;
  } catch (error) {
    const cached = await cache.match(SHELL);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirstShell(request));
    return;
  }
  if (url.pathname.startsWith(`${BASE}assets/`) || PRECACHE.includes(url.pathname.slice(BASE.length))) {
    event.respondWith(cacheFirst(request));
  }
});
