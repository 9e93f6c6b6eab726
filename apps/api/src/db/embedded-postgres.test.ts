import { spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { isAlive as alive, waitFor, watchdogsOf } from "../../test/processes.ts";
import { CREDENTIALS_FILE, findFreePort, startEmbeddedPostgres } from "./embedded-postgres.ts";

const parent = await mkdtemp(join(tmpdir(), "fanpin-restart-"));
const leftovers: number[] = [];
afterAll(async () => {
  for (const pid of leftovers) {
    try {
      process.kill(pid, "SIGINT");
    } catch {
      // gone already
    }
  }
  await new Promise((r) => setTimeout(r, 500));
  await rm(parent, { recursive: true, force: true });
});

async function query(connectionString: string, sql: string) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A separate process running an embedded server, like `npm start` does. */
async function startInChild(dataDir: string, port: number): Promise<{ child: number; postmaster: number }> {
  const script = fileURLToPath(new URL("../../test/embedded-pg-child.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, dataDir, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    child.once("exit", () => reject(new Error("the child exited before its server was up")));
  });
  const { postmaster } = JSON.parse(line) as { postmaster: number };
  leftovers.push(postmaster);
  return { child: child.pid!, postmaster };
}

describe("embedded PostgreSQL", () => {
  it("keeps its data across a restart, with generated credentials kept in the data dir, and refuses a second server on data in use", async () => {
    const dataDir = join(parent, "pg");
    const port = await findFreePort();
    const first = await startEmbeddedPostgres({ dataDir, port });
    await query(first.ownerConnectionString, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('环翠区')");
    await expect(startEmbeddedPostgres({ dataDir, port: await findFreePort() })).rejects.toThrow(/in use by a running PostgreSQL/);
    await first.stop();

    const file = join(dataDir, CREDENTIALS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, "utf8")) as Record<string, { name: string; password: string }>;
    expect(Object.keys(stored).sort()).toEqual(["app", "owner", "superuser"]);
    for (const role of Object.values(stored)) expect(role.password.length).toBeGreaterThanOrEqual(32);

    const second = await startEmbeddedPostgres({ dataDir, port });
    expect(await query(second.ownerConnectionString, "SELECT v FROM kept")).toEqual([{ v: "环翠区" }]);
    expect(await query(second.connectionString, "SHOW server_encoding")).toEqual([{ server_encoding: "UTF8" }]);
    expect(second.credentials).toEqual(stored);
    // The old fixed password is gone.
    await expect(query(`postgresql://postgres:password@127.0.0.1:${port}/postgres`, "SELECT 1")).rejects.toThrow(/password authentication failed/);
    await second.stop();
  }, 60_000);

  it("does not outlive the process that started it: kill -9 of that process stops the server (watchdog)", async () => {
    const dataDir = join(parent, "watched");
    const { child, postmaster } = await startInChild(dataDir, await findFreePort());
    expect(watchdogsOf(child)).toHaveLength(1);
    process.kill(child, "SIGKILL");
    expect(await waitFor(() => !alive(postmaster))).toBe(true);
  }, 60_000);

  it("after a kill -9 of process and watchdog, the next start stops the orphan of its own data dir and starts again, data intact; another data dir's server is not touched", async () => {
    const ours = join(parent, "ours");
    const theirs = join(parent, "theirs");
    const port = await findFreePort();
    const a = await startInChild(ours, port);
    const b = await startInChild(theirs, await findFreePort());
    const first = await startEmbeddedPostgres({ dataDir: ours, port }).catch((e: Error) => e);
    // Still run by a live process: refused, and nothing stopped.
    expect(String(first)).toMatch(/in use by a running PostgreSQL/);
    expect(alive(a.postmaster)).toBe(true);

    const credentials = JSON.parse(readFileSync(join(ours, CREDENTIALS_FILE), "utf8")) as { owner: { password: string } };
    await query(`postgresql://fanpin_owner:${credentials.owner.password}@127.0.0.1:${port}/fanpin`, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('羊亭镇')");
    for (const { child } of [a, b]) {
      for (const watchdog of watchdogsOf(child)) process.kill(watchdog, "SIGKILL");
      process.kill(child, "SIGKILL");
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(a.postmaster) && alive(b.postmaster)).toBe(true); // orphans now

    const again = await startEmbeddedPostgres({ dataDir: ours, port });
    try {
      expect(alive(a.postmaster)).toBe(false);
      expect(await query(again.ownerConnectionString, "SELECT v FROM kept")).toEqual([{ v: "羊亭镇" }]);
      expect(alive(b.postmaster)).toBe(true);
    } finally {
      await again.stop();
    }
  }, 90_000);
});
