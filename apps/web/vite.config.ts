import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { appShellServiceWorker } from "./pwa/service-worker.ts";

// The API (apps/api) serves the built SPA from dist/ in production; in
// development Vite serves the SPA and forwards /api to the API (port 3000
// unless API_URL says otherwise). The web project has browser types only,
// hence the narrow look at process.env.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const API_URL = env.API_URL ?? "http://localhost:3000";

export default defineConfig({
  // The installable app: /sw.js caches the app shell so the visit form opens offline (pwa/service-worker.ts).
  plugins: [react(), appShellServiceWorker(["/manifest.webmanifest", "/icons/icon-192.png", "/icons/icon-512.png"])],
  // "@/x" is src/x (also declared in tsconfig.json "paths").
  resolve: { alias: [{ find: /^@\//, replacement: "/src/" }] },
  build: {
    // WEB_OUT_DIR lets parallel checkouts' test runs build side by side (the API reads WEB_DIST_DIR).
    outDir: env.WEB_OUT_DIR ?? "dist",
    emptyOutDir: true,
    // Lazy routes keep the first screen small; antd's big components land in route chunks.
    chunkSizeWarningLimit: 800,
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: API_URL, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      "/api": { target: API_URL, changeOrigin: false },
    },
  },
});
