// A real streaming replica (decision 020): a primary of its own, a standby
// made from it with the low-level backup API (pg_backup_start / copy /
// pg_backup_stop, as pg_basebackup does), and the real app reading from it
// through DATABASE_READ_URL's wiring (openReadReplica + buildApp).
// Shown: lists served by the replica (with replay paused, another user sees
// the old state while the writer, by their cookie, sees their own write);
// lag beyond REPLICA_MAX_LAG_SECONDS sends reads to the primary and health
// says "lagging"; the replica stopped, reads go to the primary with no 5xx
// and health says "unavailable"; started again, reads return to it without a
// restart of the app.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmod, chown, cp, lstat, mkdir, mkdtemp, readdir, rm, writeFile, appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { householdPayload } from "../../test/fixtures.ts";
import { signIn } from "../../test/test-app.ts";
import { buildApp } from "../app.ts";
import { configFromEnv } from "../config.ts";
import { loadDemoDataIfEmpty } from "../demo/seed.ts";
import { migrateAndGrant } from "./database.ts";
import { findFreePort, startEmbeddedPostgres, type EmbeddedPostgresServer } from "./embedded-postgres.ts";
import { createPrisma, type PrismaClient } from "./prisma.ts";
import { openReadReplica, parseLsn, type ReadReplica } from "./replica.ts";

const MAX_LAG_SECONDS = 10;
const SLOT = "fanpin_test_replica";

let root: string;
let primary: EmbeddedPostgresServer | undefined;
let replicaDir: string;
let replicaPort: number;
let standby: ChildProcess | undefined;
let watchdog: ChildProcess | undefined;
let prisma: PrismaClient | undefined;
let replica: ReadReplica | undefined;
let app: FastifyInstance | undefined;
/** The replica monitor's clock: still unless a test moves it, so no lag comes from the machine's speed. */
let monitorNow = Date.now();

const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { pg_ctl: string; postgres: string };
/** As root (containers, CI) the servers run as `postgres`, like embedded-postgres's own. */
const serverUser = process.getuid?.() === 0
  ? { uid: Number(execFileSync("id", ["-u", "postgres"]).toString()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString()) }
  : null;

function withPort(url: string, port: number): string {
  const u = new URL(url);
  u.port = String(port);
  return u.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const primaryAdmin = () => primary!.adminConnectionString;
const replicaAdmin = () => withPort(primary!.adminConnectionString, replicaPort);

async function until(what: string, test: () => Promise<boolean>, seconds = 30): Promise<void> {
  for (const end = Date.now() + seconds * 1000; Date.now() < end;) {
    if (await test().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

async function chownTree(path: string): Promise<void> {
  if (!serverUser) return;
  await chown(path, serverUser.uid, serverUser.gid);
  if ((await lstat(path)).isDirectory()) for (const entry of await readdir(path)) await chownTree(join(path, entry));
}

/** The standby's postmaster in the foreground (a child of this process), with the watchdog embedded-postgres uses. */
async function startStandby(): Promise<void> {
  const child = spawn(binaries.postgres, ["-D", replicaDir, "-p", String(replicaPort), "-c", "fsync=off"], {
    stdio: ["ignore", "ignore", process.env.DEBUG_EMBEDDED_PG ? "inherit" : "ignore"],
    ...(serverUser ?? {}),
  });
  standby = child;
  const script = fileURLToPath(new URL("./pg-watchdog.mjs", import.meta.url));
  watchdog = spawn(process.execPath, [script, String(child.pid), replicaDir], { stdio: ["pipe", "ignore", "ignore"] });
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  await until("the standby accepts read-only connections", async () =>
    (await query<{ r: boolean }>(replicaAdmin(), "SELECT pg_is_in_recovery() AS r"))[0]!.r);
}

/** pg_ctl stop -m immediate: the postmaster quits at once, as a crash would. */
async function stopStandby(): Promise<void> {
  const child = standby;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  execFileSync(binaries.pg_ctl, ["stop", "-D", replicaDir, "-m", "immediate", "-w"], { stdio: "ignore", ...(serverUser ?? {}) });
  await exited;
  watchdog?.stdin?.end();
}

async function caughtUp(): Promise<boolean> {
  const [{ lsn }] = (await query<{ lsn: string }>(primaryAdmin(), "SELECT pg_current_wal_lsn()::text AS lsn")) as [{ lsn: string }];
  await replica!.monitor.check();
  return replica!.monitor.status === "ok" && replica!.monitor.replayLsn >= parseLsn(lsn)!;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fanpin-replica-"));
  await chmod(root, 0o711);
  primary = await startEmbeddedPostgres({ dataDir: join(root, "primary"), port: await findFreePort(), postgresFlags: ["-c", "fsync=off"] });
  await migrateAndGrant(primary, undefined, () => undefined);
  prisma = createPrisma(primary.connectionString, { max: 4 });
  await loadDemoDataIfEmpty(prisma, () => new Date("2026-11-01T00:00:00Z"), configFromEnv(), { cases: false });

  // A base backup by the low-level API: the slot keeps the WAL from here on, the backup's own connection stays open.
  replicaDir = join(root, "replica");
  replicaPort = await findFreePort();
  const admin = new pg.Client({ connectionString: primaryAdmin() });
  await admin.connect();
  try {
    await admin.query(`SELECT pg_create_physical_replication_slot('${SLOT}', true)`);
    await admin.query("SELECT pg_backup_start('fanpin replica test', true)");
    const skip = /^(postmaster\.(pid|opts)|(pg_wal|pg_replslot|pg_stat_tmp)\/.+)$/;
    await cp(primary.dataDir, replicaDir, { recursive: true, filter: (src) => !skip.test(relative(primary!.dataDir, src)) });
    const { rows } = await admin.query<{ labelfile: string; spcmapfile: string }>("SELECT labelfile, spcmapfile FROM pg_backup_stop(true)");
    await writeFile(join(replicaDir, "backup_label"), rows[0]!.labelfile);
    if (rows[0]!.spcmapfile) await writeFile(join(replicaDir, "tablespace_map"), rows[0]!.spcmapfile);
  } finally {
    await admin.end();
  }
  await mkdir(join(replicaDir, "pg_wal", "archive_status"), { recursive: true });
  await writeFile(join(replicaDir, "standby.signal"), "");
  const su = primary.credentials.superuser;
  await appendFile(join(replicaDir, "postgresql.auto.conf"),
    `primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=${su.name} password=${su.password} application_name=fanpin_replica'\n` +
    `primary_slot_name = '${SLOT}'\nhot_standby = on\n`);
  await chmod(replicaDir, 0o700);
  await chownTree(replicaDir);
  await startStandby();

  // The app as the server wires DATABASE_READ_URL: the replica as the application role (replicated with the data).
  replica = await openReadReplica({
    primary: prisma,
    primaryConnectionString: primary.connectionString,
    settings: { readConnectionString: withPort(primary.connectionString, replicaPort), checkSeconds: 1, maxLagSeconds: MAX_LAG_SECONDS },
    now: () => monitorNow,
    log: () => undefined,
  });
  await until("the replica has replayed everything", caughtUp);
  app = await buildApp({ prisma, config: configFromEnv(), replica });
}, 90_000);

afterAll(async () => {
  await app?.close();
  await replica?.close();
  await prisma?.$disconnect();
  await stopStandby().catch(() => standby?.kill("SIGQUIT"));
  await primary?.stop();
  await rm(root, { recursive: true, force: true });
});

describe("reads on a streaming replica (DATABASE_READ_URL)", () => {
  it("serves lists from the replica, the writer's own reads from the primary, and falls back when it lags or stops", async () => {
    const town = await signIn(app!, "township");
    const district = await signIn(app!, "district");
    const zhangcun = await prisma!.area.findFirstOrThrow({ where: { name: "张村", level: "VILLAGE" } });
    const total = async (cookie: string) => {
      const res = await app!.inject({ method: "GET", url: "/api/households?pageSize=1", headers: { cookie } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().total as number;
    };
    const health = async () => {
      const res = await app!.inject({ method: "GET", url: "/api/health" });
      expect(res.statusCode).toBe(200);
      return res.json().replica as { status: string; lagSeconds: number | null };
    };
    /** The writer's cookies after a write: the session and the primary's WAL position. */
    const write = async (cookie: string) => {
      const res = await app!.inject({ method: "POST", url: "/api/households", headers: { cookie }, payload: householdPayload(zhangcun.id) });
      expect(res.statusCode, res.body).toBe(201);
      const wal = res.cookies.find((c) => c.name === "fanpin_wal");
      expect(wal).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/api", maxAge: MAX_LAG_SECONDS + 2 });
      return `${cookie}; fanpin_wal=${wal!.value}`;
    };
    const pauseReplay = async () => {
      await query(replicaAdmin(), "SELECT pg_wal_replay_pause()");
      await until("replay is paused", async () =>
        (await query<{ s: string }>(replicaAdmin(), "SELECT pg_get_wal_replay_pause_state() AS s"))[0]!.s === "paused");
    };
    const resumeReplay = () => query(replicaAdmin(), "SELECT pg_wal_replay_resume()");

    const before = await total(district);
    const beforeTown = await total(town); // 张村, where the households are registered, is in both areas
    expect(await health()).toEqual({ status: "ok", lagSeconds: 0 });

    // (a) Replay paused, the township registers a household on the primary.
    await pauseReplay();
    const townAfterWrite = await write(town);
    await replica!.monitor.check();
    expect(replica!.monitor.status).toBe("ok"); // behind, but within the allowance (the monitor's clock has not moved)
    expect(await total(district)).toBe(before); // the replica's (old) state
    expect(await total(town)).toBe(beforeTown); // without the write's cookie, the township reads the replica too
    expect(await total(townAfterWrite)).toBe(beforeTown + 1); // with it, its own write, from the primary
    for (const url of ["/api/statistics", "/api/leads", "/api/report-snapshots", "/api/queues/counts"]) {
      const res = await app!.inject({ method: "GET", url, headers: { cookie: district } });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    }
    console.log(`replica test (a): households on the replica ${before}, on the primary ${before + 1}; the writer sees ${before + 1}, another user ${before}`);

    // (b) The unreplayed write becomes older than the allowance: reads go to the primary and health says so.
    monitorNow += (MAX_LAG_SECONDS + 1) * 1000;
    await replica!.monitor.check();
    const lagging = await health();
    expect(lagging.status).toBe("lagging");
    expect(lagging.lagSeconds).toBeGreaterThan(MAX_LAG_SECONDS);
    expect(await total(district)).toBe(before + 1);
    console.log(`replica test (b): lag ${lagging.lagSeconds} s > ${MAX_LAG_SECONDS} s → health ${JSON.stringify(lagging)}, reads from the primary`);

    await resumeReplay();
    await until("the replica has caught up", caughtUp);
    expect(await health()).toEqual({ status: "ok", lagSeconds: 0 });
    expect(await total(district)).toBe(before + 1);

    // (c) The replica crashes between two checks: each query falls back to the primary, no 5xx.
    await stopStandby();
    const fallback = await replica!.client.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM household`;
    expect(Number(fallback[0]!.n)).toBe(before + 1); // asked of the replica's client, answered by the primary
    expect(replica!.monitor.status).toBe("unavailable"); // that failure told the monitor at once
    expect(await total(district)).toBe(before + 1);
    await replica!.monitor.check();
    expect(await health()).toEqual({ status: "unavailable", lagSeconds: null });
    await write(town);
    expect(await total(district)).toBe(before + 2);
    console.log(`replica test (c): replica stopped → health ${JSON.stringify(await health())}, reads and writes served by the primary`);

    // Started again: the monitor's own polling (every REPLICA_CHECK_SECONDS) finds it fit, no restart of the app.
    await startStandby();
    await until("health says the replica is ok again", async () => (await health()).status === "ok");
    // Served there again: with replay paused, another user sees the state the replica has.
    await until("the replica has caught up", caughtUp);
    await pauseReplay();
    const townAfterThirdWrite = await write(town);
    await replica!.monitor.check();
    expect(await total(district)).toBe(before + 2);
    expect(await total(townAfterThirdWrite)).toBe(beforeTown + 3);
    await resumeReplay();
    await until("the replica has caught up", caughtUp);
    expect(await total(district)).toBe(before + 3);
    console.log(`replica test (c): replica restarted → health ok, reads from the replica again (old state ${before + 2} while paused, then ${before + 3})`);
  }, 60_000);
});
