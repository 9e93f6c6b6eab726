// A real API process for tests, started the way `npm start` starts it
// (node --import tsx apps/api/src/main.ts) against a test database.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { TEST_KEY_FILE } from "./data-keys.ts";

export type ApiProcess = { base: string; pid: number; exited: () => boolean; residentMb: () => Promise<number>; stop: () => Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startApiProcess(options: { databaseUrl: string; env?: Record<string, string>; nodeArgs?: string[] }): Promise<ApiProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", main], {
    // The test keys (apps/api/test/data-keys.ts): the process reads what the test wrote, and the reverse.
    env: { ...process.env, DATABASE_URL: options.databaseUrl, DATA_KEYS: JSON.stringify(TEST_KEY_FILE), PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", ...options.env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
    if (i > 300 || exited()) {
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
  };
}

/** Signs in over HTTP; returns the Cookie header value. */
export async function signInOver(base: string, username: string, password = "Demo@2026"): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}
