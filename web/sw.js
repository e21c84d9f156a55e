// pjsip-lab's service worker: after the first visit the app works offline.
// scripts/precache.mjs fills in the file list and a version derived from the files' contents
// at build time, so every release gets a fresh cache and old caches are dropped.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const CACHE = `pjsip-lab-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("pjsip-lab-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // The page itself: fresh when online, the cached shell when not.
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put("./", copy));
          return response;
        })
        .catch(() => caches.match("./", { ignoreSearch: true }).then((r) => r || caches.match("./index.html"))),
    );
    return;
  }
  // Everything else is content-addressed by Trunk (hashed names) or versioned with this cache:
  // cache first; what was not precached (the views loaded on first use) is kept once fetched,
  // so it works offline afterwards.
  event.respondWith(
    caches.match(request).then(
      (cached) =>
        cached ||
        fetch(request).then((response) => {
          if (response.ok && new URL(request.url).pathname.includes("pjsip-lab-views")) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        }),
    ),
  );
});
