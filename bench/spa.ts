// The SPA's initial JavaScript: the entry script of apps/web/dist/index.html
// and every module it preloads, each gzipped (zlib default level, as a web
// server compresses on the fly), summed.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { REPO_ROOT } from "../apps/api/src/db/embedded-postgres.ts";

export const WEB_DIST = join(REPO_ROOT, "apps", "web", "dist");

export function ensureSpaBuilt(log: (s: string) => void): void {
  if (existsSync(join(WEB_DIST, "index.html"))) return;
  log("apps/web/dist is missing: npm run build …");
  const r = spawnSync("npm", ["run", "build"], { cwd: REPO_ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error("npm run build failed");
}

export async function spaInitialJs(): Promise<{ gzipKb: number; rawKb: number; files: { file: string; gzipKb: number }[] }> {
  const html = await readFile(join(WEB_DIST, "index.html"), "utf8");
  const srcs = [
    ...[...html.matchAll(/<script\b[^>]*type="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!),
  ];
  const files = await Promise.all([...new Set(srcs)].map(async (src) => {
    const body = await readFile(join(WEB_DIST, src.replace(/^\//, "")));
    return { file: src, raw: body.length, gzip: gzipSync(body).length };
  }));
  const kb = (b: number) => Math.round((b / 1024) * 10) / 10;
  return {
    gzipKb: kb(files.reduce((s, f) => s + f.gzip, 0)),
    rawKb: kb(files.reduce((s, f) => s + f.raw, 0)),
    files: files.map((f) => ({ file: f.file, gzipKb: kb(f.gzip) })),
  };
}
