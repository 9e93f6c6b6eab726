// A real API process for tests, started the way `npm start` starts it
// (node --import tsx apps/api/src/main.ts) against a test database.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { TEST_KEY_FILE } from "./data-keys.ts";

export type ApiProcess = {
  base: string; pid: number; exited: () => boolean; residentMb: () => Promise<number>; stop: () => Promise<void>;
  /** kill -9, and wait until it is gone. */
  kill9: () => Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * `databaseUrl` is the application role's (DATABASE_URL), `migrationDatabaseUrl`
 * the owner's (MIGRATION_DATABASE_URL), as in production (decision 013).
 */
export async function startApiProcess(options: { databaseUrl: string; migrationDatabaseUrl: string; env?: Record<string, string>; nodeArgs?: string[] }): Promise<ApiProcess> {
  return spawnApi({ DATABASE_URL: options.databaseUrl, MIGRATION_DATABASE_URL: options.migrationDatabaseUrl, ...options.env }, options.nodeArgs);
}

/** The API as `npm start` runs it by default: no DATABASE_URL, its own embedded PostgreSQL in `dataDir` on `pgPort`. */
export async function startEmbeddedApiProcess(options: { dataDir: string; pgPort: number; env?: Record<string, string> }): Promise<ApiProcess> {
  return spawnApi({ DATABASE_URL: undefined, MIGRATION_DATABASE_URL: undefined, DATA_DIR: options.dataDir, EMBEDDED_PG_PORT: String(options.pgPort), ...options.env });
}

async function spawnApi(env: Record<string, string | undefined>, nodeArgs: string[] = []): Promise<ApiProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
  // The test keys (apps/api/test/data-keys.ts): the process reads what the test wrote, and the reverse.
  const merged: Record<string, string | undefined> = {
    ...process.env, DATA_KEYS: JSON.stringify(TEST_KEY_FILE), PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env,
  };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", main], {
    env: merged,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
    if (i > 600 || exited()) {
      child.kill("SIGKILL");
      throw new Error("the API process did not start");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    pid: child.pid!,
    exited,
    residentMb: async () => {
      const status = await readFile(`/proc/${child.pid}/status`, "utf8").catch(() => "");
      const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
      return kb ? Number(kb) / 1024 : 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited()) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
    kill9: () =>
      new Promise<void>((resolve) => {
        if (exited()) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}

/** Signs in over HTTP; returns the Cookie header value. */
export async function signInOver(base: string, username: string, password = "Demo@2026"): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}
