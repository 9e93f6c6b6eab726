// The system under test: a PostgreSQL (BENCH_DATABASE_URL / DATABASE_URL, or
// an embedded one in .data/bench-postgres), migrated and filled by the scale
// data generator, and a real API process started as `npm run serve` starts it.
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { totalmem } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { findFreePort, REPO_ROOT, startEmbeddedPostgres } from "../apps/api/src/db/embedded-postgres.ts";
import { migrateAndGrant } from "../apps/api/src/db/database.ts";
import { embeddedKeyFilePath, useConfiguredDataKeys } from "../apps/api/src/lib/data-keys.ts";
import { SCALE_CITY_CODE } from "../apps/api/src/scale/seed-scale.ts";

export const BENCH_DATA_DIR = join(REPO_ROOT, ".data", "bench-postgres");
export const BENCH_PG_PORT = 54359;

/** connectionString: the owner role's (seeding, fixtures); appConnectionString: the role the API process connects as (decision 013). */
export type Database = { connectionString: string; appConnectionString: string; embedded: boolean; stop: () => Promise<void> };

export async function openDatabase(url: string | undefined, log: (s: string) => void): Promise<Database> {
  let connectionString = url;
  let appConnectionString = url;
  let stop = async () => {};
  if (!connectionString) {
    const dataDir = process.env.BENCH_DATA_DIR ?? BENCH_DATA_DIR;
    // The generator and the API run as child processes with a DATABASE_URL: they are told where the key file is.
    await useConfiguredDataKeys({ embeddedDataDir: dataDir });
    process.env.DATA_KEY_FILE ??= embeddedKeyFilePath(dataDir);
    const port = Number(process.env.BENCH_PG_PORT ?? BENCH_PG_PORT);
    log(`Starting embedded PostgreSQL for the benchmark (data in ${dataDir}, port ${port}) …`);
    // Sized like a database server of its own, not the small default: a quarter of the memory for PostgreSQL's
    // buffers (at most 4 GB), so the 1,000,000-household data (about 5 GB) is mostly served from them.
    const sharedBuffersMb = Math.min(4096, Math.floor(totalmem() / 4 / 1024 / 1024));
    const server = await startEmbeddedPostgres({ dataDir, port, postgresFlags: ["-c", `shared_buffers=${sharedBuffersMb}MB`] });
    connectionString = server.ownerConnectionString;
    appConnectionString = server.connectionString;
    stop = () => server.stop();
  }
  if (url) await useConfiguredDataKeys({ embeddedDataDir: null });
  // As the server does: migrations, the post-migration steps and the application role's grants (decision 013).
  await migrateAndGrant({ connectionString: appConnectionString ?? connectionString, ownerConnectionString: connectionString }, undefined, log);
  return { connectionString, appConnectionString: appConnectionString ?? connectionString, embedded: !url, stop };
}

/** Households made by the generator (its 户编号 are the village code and six digits, under the generated city). */
export async function countGeneratedHouseholds(connectionString: string): Promise<{ generated: number; total: number }> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const prefix = SCALE_CITY_CODE.slice(0, 4);
    const { rows } = await client.query<{ generated: string; total: string }>(
      `SELECT count(*) FILTER (WHERE village_code LIKE $1 AND household_no ~ '^[0-9]{18}$') AS generated, count(*) AS total FROM household`,
      [`${prefix}%`],
    );
    return { generated: Number(rows[0]!.generated), total: Number(rows[0]!.total) };
  } finally {
    await client.end();
  }
}

/** Runs `npm run seed:scale` (the generator's CLI) for `households` more households. */
export async function runGenerator(connectionString: string, households: number, append: boolean, log: (s: string) => void): Promise<void> {
  const args = ["--import", "tsx", join(REPO_ROOT, "apps/api/src/scale/seed-scale-cli.ts"), "--households", String(households), "--database-url", connectionString];
  if (append) args.push("--append");
  log(`Generating ${households.toLocaleString("en")} households (npm run seed:scale${append ? " -- --append" : ""}) …`);
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "inherit", "inherit"] });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`the data generator failed (exit code ${code})`);
}

export type ApiProcess = {
  baseUrl: string;
  pid: number;
  child: ChildProcess;
  /** Highest RSS seen since start (sampled every 200 ms), MB. */
  peakRssMb(): number;
  /** Starts a new peak window and returns the peak of the previous one. */
  resetPeak(): number;
  stop(): Promise<void>;
};

export async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : 0;
}

export async function startApi(db: Database, log: (s: string) => void): Promise<ApiProcess> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The API as `npm run serve` starts it (same node flags, e.g. its heap limit), plus BENCH_API_NODE_ARGS
  // (e.g. --cpu-prof to see where its time goes).
  const extra = process.env.BENCH_API_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...(await serveNodeFlags()), ...extra, join(REPO_ROOT, "apps/api/src/main.ts")], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: db.appConnectionString, MIGRATION_DATABASE_URL: db.connectionString, PORT: String(port), HOST: "127.0.0.1", JOBS: "off", LOG_LEVEL: "warn", LOAD_DEMO_DATA: "false",
      // The public self-report page's abuse limits, raised: every bench request comes from one address.
      SELF_REPORT_ADDRESS_LIMIT: "1000000000", SELF_REPORT_PHONE_LIMIT: "1000000000", SELF_REPORT_CHALLENGE_AFTER: "1000000000" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; ; i++) {
    if (await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false)) break;
    if (i > 600 || child.exitCode !== null) throw new Error("the API process did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`API process ${child.pid} listening on ${baseUrl}`);
  const pid = child.pid!;
  let peak = await residentMb(pid);
  let overall = peak;
  const sampler = setInterval(() => {
    void residentMb(pid).then((mb) => {
      peak = Math.max(peak, mb);
      overall = Math.max(overall, mb);
    });
  }, 200);
  sampler.unref();
  return {
    baseUrl,
    pid,
    child,
    peakRssMb: () => Math.round(overall),
    resetPeak: () => {
      const p = peak;
      peak = 0;
      return Math.round(p);
    },
    stop: async () => {
      clearInterval(sampler);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

/** Signs in and returns the session cookie header. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

/** The node flags of the `serve` script in package.json, up to the entry file (e.g. --max-old-space-size, --import tsx). */
async function serveNodeFlags(): Promise<string[]> {
  const pkg = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const words = pkg.scripts.serve!.split(/\s+/);
  if (words[0] !== "node" || words.at(-1) !== "apps/api/src/main.ts") throw new Error(`unexpected serve script: ${pkg.scripts.serve}`);
  return words.slice(1, -1);
}
