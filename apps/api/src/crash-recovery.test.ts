// kill -9 of a real API process started the way `npm start` starts it (its
// own embedded PostgreSQL), then the same start command: the system comes
// back with its data, sessions included, whether the watchdog stopped the
// database or the database was left running as an orphan.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { signInOver, startEmbeddedApiProcess, type ApiProcess } from "../test/api-process.ts";
import { isAlive, postmasterOf, waitFor, watchdogsOf } from "../test/processes.ts";
import { findFreePort } from "./db/embedded-postgres.ts";

const parent = await mkdtemp(join(tmpdir(), "fanpin-crash-"));
const dataDir = join(parent, "postgres");
let api: ApiProcess | undefined;
afterAll(async () => {
  await api?.stop();
  const postmaster = postmasterOf(dataDir);
  if (postmaster && isAlive(postmaster)) process.kill(postmaster, "SIGINT");
  await rm(parent, { recursive: true, force: true });
});

async function households(base: string, cookie: string): Promise<number> {
  const res = await fetch(`${base}/api/households?pageSize=1`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

describe("crash recovery of `npm start` (embedded PostgreSQL)", () => {
  it("comes back with the same command after kill -9, with its data and sessions", async () => {
    const pgPort = await findFreePort();
    api = await startEmbeddedApiProcess({ dataDir, pgPort });
    const cookie = await signInOver(api.base, "township");
    const total = await households(api.base, cookie);
    expect(total).toBeGreaterThan(0);

    // 1. kill -9 of the API alone: its watchdog stops the database.
    let postmaster = postmasterOf(dataDir)!;
    await api.kill9();
    expect(await waitFor(() => !isAlive(postmaster))).toBe(true);
    api = await startEmbeddedApiProcess({ dataDir, pgPort });
    expect(await households(api.base, cookie)).toBe(total);

    // 2. kill -9 of the API and its watchdog: the database lives on as an orphan; the same command stops and restarts it.
    postmaster = postmasterOf(dataDir)!;
    const watchdogs = watchdogsOf(api.pid);
    expect(watchdogs).toHaveLength(1);
    for (const pid of watchdogs) process.kill(pid, "SIGKILL");
    await api.kill9();
    await new Promise((r) => setTimeout(r, 300));
    expect(isAlive(postmaster)).toBe(true);
    api = await startEmbeddedApiProcess({ dataDir, pgPort });
    expect(isAlive(postmaster)).toBe(false);
    expect(await households(api.base, cookie)).toBe(total);

    // 3. A normal stop takes the database down with it.
    postmaster = postmasterOf(dataDir)!;
    await api.stop();
    api = undefined;
    expect(await waitFor(() => !isAlive(postmaster))).toBe(true);
  }, 240_000);
});
