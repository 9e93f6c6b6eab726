// A read replica (DATABASE_READ_URL, decision 020): a PostgreSQL streaming
// standby that statistics, ledgers, exports and lists read from, so that the
// primary keeps its strength for writes.
//
// - A monitor polls the replica every REPLICA_CHECK_SECONDS: does it answer,
//   is it in recovery (a standby), how far has it replayed the primary's WAL,
//   and how old is what it shows. The lag in time is measured against samples
//   of the primary's WAL position taken by the same monitor: "the replica has
//   not replayed where the primary was at time T" means it is at least now − T
//   behind. (pg_last_xact_replay_timestamp() alone overstates the lag of an
//   idle primary: its last transaction may be an hour old while the replica
//   is fully caught up. It is only used before the monitor has seen the
//   replica catch up once.)
// - A read goes to the replica only when it answers, is a standby and lags at
//   most REPLICA_MAX_LAG_SECONDS, and the request's user has no write of
//   their own that the replica has not replayed yet (read-your-writes: the
//   primary's WAL position after a user's successful write travels in a
//   short-lived cookie, so it holds across several API processes).
// - A query that fails on the replica because the replica is unreachable
//   (stopped between two checks, a connection cut) or cancelled by a conflict
//   with recovery is run again on the primary, inside the driver adapter, so
//   no service needs to know. A transaction that already began on the replica
//   cannot move; it fails with 503 like any outage.
import type {
  IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction,
} from "@prisma/driver-adapter-utils";
import type { FastifyRequest } from "fastify";
import pg from "pg";
import { pgAdapter, prismaOver, type Db, type PrismaClient } from "./prisma.ts";
import { isDatabaseUnavailable } from "./unavailable.ts";

export type ReplicaStatus = "ok" | "lagging" | "unavailable";
export type ReplicaHealth = { status: ReplicaStatus | "none"; lagSeconds: number | null };

export type ReplicaSettings = {
  /** DATABASE_READ_URL: the replica, as the APPLICATION role (the roles and passwords are replicated with the data). */
  readConnectionString: string;
  /** REPLICA_CHECK_SECONDS (default 1). */
  checkSeconds: number;
  /** REPLICA_MAX_LAG_SECONDS (default 10): a replica further behind is not read from. */
  maxLagSeconds: number;
};

/** The cookie carrying the primary's WAL position after the user's last write (read-your-writes). */
export const WAL_COOKIE = "fanpin_wal";

function positiveNumberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`Environment variable ${name} must be a positive number, got "${raw}"`);
  return n;
}

/** Null without DATABASE_READ_URL: every read goes to the primary. */
export function replicaSettingsFromEnv(): ReplicaSettings | null {
  const url = process.env.DATABASE_READ_URL?.trim();
  if (!url) return null;
  return {
    readConnectionString: url,
    checkSeconds: positiveNumberFromEnv("REPLICA_CHECK_SECONDS", 1),
    maxLagSeconds: positiveNumberFromEnv("REPLICA_MAX_LAG_SECONDS", 10),
  };
}

/** "16/B374D848" → a number that orders like the WAL; null for anything else. */
export function parseLsn(text: unknown): bigint | null {
  if (typeof text !== "string") return null;
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** Unreachable, or a query cancelled because the standby had to replay something it conflicted with. */
export function isReplicaUnavailable(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return true;
  const seen = new Set<unknown>();
  for (let e = error; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const { message, originalMessage } = e as { message?: unknown; originalMessage?: unknown };
    for (const m of [message, originalMessage]) if (typeof m === "string" && /conflict with recovery/i.test(m)) return true;
  }
  return false;
}

type Sample = { lsn: bigint; at: number };
/** Unreplayed primary positions kept at most (one per check): beyond it the oldest stay, so the lag is never understated. */
const MAX_SAMPLES = 10_000;

/** The replica's fitness, checked every `checkSeconds` and after a failed query. */
export class ReplicaMonitor {
  status: ReplicaStatus = "unavailable";
  lagSeconds: number | null = null;
  /** How far the replica had replayed at the last check. */
  replayLsn = 0n;
  private samples: Sample[] = [];
  /** The replica has been seen to reach a sampled primary position: the samples bound the lag from then on. */
  private anchored = false;
  private running: Promise<void> | null = null;
  private notStandby = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly replicaPool: pg.Pool;
  private readonly primaryPool: pg.Pool;

  constructor(
    replicaConnectionString: string,
    primaryConnectionString: string,
    private readonly options: { checkSeconds: number; maxLagSeconds: number; now: () => number; log: (line: string) => void },
  ) {
    const pool = (connectionString: string) => {
      const p = new pg.Pool({ connectionString, max: 1, connectionTimeoutMillis: 2_000, keepAlive: true });
      // An idle connection cut by a stopped server must not take the process down.
      p.on("error", () => undefined);
      return p;
    };
    this.replicaPool = pool(replicaConnectionString);
    this.primaryPool = pool(primaryConnectionString);
  }

  get health(): ReplicaHealth {
    return { status: this.status, lagSeconds: this.lagSeconds };
  }

  /** One check now (a check under way is joined, not doubled). */
  check(): Promise<void> {
    this.running ??= this.checkOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Polls until stop(); the first check is awaited, so reads start on the replica when it is fit. */
  async start(): Promise<void> {
    await this.check();
    const tick = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.check().finally(tick), this.options.checkSeconds * 1000);
      this.timer.unref();
    };
    tick();
  }

  /** A query just failed on the replica: stop reading there until the next check says otherwise. */
  markUnavailable(): void {
    this.set("unavailable", null);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    await Promise.all([this.replicaPool.end(), this.primaryPool.end()]);
  }

  private set(status: ReplicaStatus, lagSeconds: number | null): void {
    if (status !== this.status) this.options.log(`Read replica: ${this.status} → ${status}${lagSeconds === null ? "" : ` (lag ${lagSeconds} s)`}`);
    this.status = status;
    this.lagSeconds = lagSeconds;
  }

  private async checkOnce(): Promise<void> {
    // The primary first: a replica that has replayed past this position was at most this check's age behind.
    let primaryLsn: bigint | null = null;
    try {
      const { rows } = await this.primaryPool.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
      primaryLsn = parseLsn(rows[0]?.lsn);
    } catch {
      // The primary is down: nothing can be compared; the replica's state is still worth knowing.
    }
    let row: { recovery: boolean; replay: string | null; xact_age: number | null };
    try {
      const { rows } = await this.replicaPool.query<typeof row>(
        "SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replay, " +
          "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 AS xact_age",
      );
      row = rows[0]!;
    } catch {
      this.set("unavailable", null);
      return;
    }
    const replay = parseLsn(row.replay);
    if (!row.recovery || replay === null) {
      // Not a standby (promoted, or the URL names another server): its data may have parted from the primary's.
      if (!this.notStandby) this.options.log("Read replica: DATABASE_READ_URL is not a standby in recovery; reading from the primary.");
      this.notStandby = true;
      this.set("unavailable", null);
      return;
    }
    this.notStandby = false;
    this.replayLsn = replay;
    const now = this.options.now();
    if (primaryLsn !== null && this.samples.length < MAX_SAMPLES && !(this.samples.at(-1)?.lsn === primaryLsn)) {
      this.samples.push({ lsn: primaryLsn, at: now });
    }
    while (this.samples.length && this.samples[0]!.lsn <= replay) {
      this.samples.shift();
      this.anchored = true;
    }
    let lag = this.samples.length ? (now - this.samples[0]!.at) / 1000 : 0;
    if (this.samples.length && !this.anchored) lag = Math.max(lag, row.xact_age ?? Number.POSITIVE_INFINITY);
    const lagSeconds = Number.isFinite(lag) ? Math.round(Math.max(0, lag) * 10) / 10 : null;
    this.set(lagSeconds !== null && lagSeconds <= this.options.maxLagSeconds ? "ok" : "lagging", lagSeconds);
  }
}

/**
 * A driver adapter that runs each query on the replica and, when the replica
 * cannot answer it, again on the primary (and tells the monitor).
 */
class FailoverAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider: "postgres";
  readonly adapterName: string;
  constructor(
    private readonly replica: SqlDriverAdapterFactory,
    private readonly primary: SqlDriverAdapterFactory,
    private readonly onReplicaUnavailable: () => void,
  ) {
    this.provider = replica.provider as "postgres";
    this.adapterName = replica.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    // node-postgres pools connect lazily: neither server needs to be up here.
    const [replica, primary] = await Promise.all([this.replica.connect(), this.primary.connect()]);
    return new FailoverAdapter(replica, primary, this.onReplicaUnavailable);
  }
}

class FailoverAdapter implements SqlDriverAdapter {
  readonly provider: "postgres";
  readonly adapterName: string;
  constructor(
    private readonly replica: SqlDriverAdapter,
    private readonly primary: SqlDriverAdapter,
    private readonly onReplicaUnavailable: () => void,
  ) {
    this.provider = replica.provider as "postgres";
    this.adapterName = replica.adapterName;
  }

  private async run<T>(work: (adapter: SqlDriverAdapter) => Promise<T>): Promise<T> {
    try {
      return await work(this.replica);
    } catch (error) {
      if (!isReplicaUnavailable(error)) throw error;
      this.onReplicaUnavailable();
      return work(this.primary);
    }
  }

  queryRaw(query: SqlQuery) {
    return this.run((a) => a.queryRaw(query));
  }
  executeRaw(query: SqlQuery) {
    return this.run((a) => a.executeRaw(query));
  }
  executeScript(script: string) {
    return this.run((a) => a.executeScript(script));
  }
  startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    return this.run((a) => a.startTransaction(isolationLevel));
  }
  getConnectionInfo() {
    return this.replica.getConnectionInfo?.() ?? { supportsRelationJoins: true };
  }
  async dispose() {
    await Promise.all([this.replica.dispose(), this.primary.dispose()]);
  }
}

export type ReadReplica = {
  /** Reads on the replica, each query falling back to the primary when the replica cannot answer it. */
  client: PrismaClient;
  monitor: ReplicaMonitor;
  settings: ReplicaSettings;
  /** Deps.readDb: the replica when fit and the user's own writes are replayed there, else the primary. */
  readDb(req?: FastifyRequest): Db;
  /** How long a user's reads follow their last write to the primary at most: by then the replica has it, or is "lagging". */
  walCookieMaxAgeSeconds: number;
  close(): Promise<void>;
};

/**
 * The replica's client and monitor, started (its first check done). `primary`
 * serves every read the replica may not.
 */
export async function openReadReplica(options: {
  primary: PrismaClient;
  primaryConnectionString: string;
  settings: ReplicaSettings;
  /** Milliseconds since the epoch; tests move it by hand to make a lag without waiting. */
  now?: () => number;
  log?: (line: string) => void;
  max?: number;
}): Promise<ReadReplica> {
  const { primary, primaryConnectionString, settings } = options;
  const monitor = new ReplicaMonitor(settings.readConnectionString, primaryConnectionString, {
    checkSeconds: settings.checkSeconds,
    maxLagSeconds: settings.maxLagSeconds,
    now: options.now ?? Date.now,
    log: options.log ?? console.log,
  });
  const client = prismaOver(new FailoverAdapterFactory(
    // A replica that does not answer is given up on sooner than the primary: the primary is there to take over.
    pgAdapter(settings.readConnectionString, { max: options.max ?? 20, connectionTimeoutMillis: 2_000 }),
    // The fallback for queries caught between two checks: a few connections, opened only when needed.
    pgAdapter(primaryConnectionString, { max: 4 }),
    () => monitor.markUnavailable(),
  ));
  await monitor.start();
  return {
    client,
    monitor,
    settings,
    walCookieMaxAgeSeconds: Math.ceil(settings.maxLagSeconds + 2 * settings.checkSeconds),
    readDb(req) {
      if (monitor.status !== "ok") return primary;
      const written = parseLsn(req?.cookies?.[WAL_COOKIE]);
      if (written !== null && written > monitor.replayLsn) return primary;
      return client;
    },
    async close() {
      await monitor.stop();
      await client.$disconnect();
    },
  };
}

/** The primary's WAL position now: after a commit, at or past that commit. */
export async function primaryWalPosition(primary: PrismaClient): Promise<bigint | null> {
  const rows = await primary.$queryRaw<{ lsn: string }[]>`SELECT pg_current_wal_lsn()::text AS lsn`;
  return parseLsn(rows[0]?.lsn);
}
