import type { Plugin } from "vite";

/**
 * The app shell's service worker, written by hand (no Workbox): the build
 * lists its own output (index.html, the hashed assets, the manifest and
 * icons), and this plugin emits /sw.js with that list and a version made of
 * it. The worker precaches the list on install, drops older caches on
 * activate, answers page navigations from the network and falls back to the
 * cached index.html when offline, and serves the hashed assets from the
 * cache. It never touches /api: answers carrying personal data stay out of
 * every cache (the API also sends Cache-Control: no-store).
 */
function workerSource(files: readonly string[], version: string): string {
  return `/* 防止返贫监测帮扶: app shell service worker (generated at build; never caches /api). */
const CACHE = "fanpin-shell-${version}";
const SHELL = ${JSON.stringify(files)};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("fanpin-shell-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/") || url.pathname === "/api") return;
  if (request.mode === "navigate") {
    // Fresh when online (a new deployment shows at once); the cached shell when not.
    event.respondWith(fetch(request).catch(() => caches.match("/index.html", { cacheName: CACHE }).then((r) => r || Response.error())));
    return;
  }
  if (!SHELL.includes(url.pathname)) return;
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((cached) => cached || fetch(request)));
});
`;
}

/** Emits /sw.js listing everything the build wrote (and the public files the shell needs). */
export function appShellServiceWorker(publicFiles: readonly string[]): Plugin {
  return {
    name: "fanpin-app-shell-sw",
    apply: "build",
    enforce: "post",
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((f) => !f.endsWith(".map")).map((f) => `/${f}`);
      const files = [...new Set([...built, ...publicFiles])].sort();
      let h = 0x811c9dc5;
      for (const ch of files.join("\n")) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
      this.emitFile({ type: "asset", fileName: "sw.js", source: workerSource(files, h.toString(36)) });
    },
  };
}
