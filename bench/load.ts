// The two load loops of every scenario: HTTP through autocannon against the
// API, and the scenario's SQL straight through `pg` with one connection per
// virtual user. Both run the same number of concurrent users for the same
// time and collect every request's latency themselves (autocannon's own
// result has no p95), so both sides are summarised the same way.
import autocannon from "autocannon";
import pg from "pg";

export type Summary = { count: number; seconds: number; p50: number; p95: number; p99: number; rps: number };
export type HttpResult = Summary & { errors: number; non2xx: number; statuses: Record<string, number>; sampleFailure: string | null };

/** Nearest-rank percentile of ascending latencies. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(latencies: number[], seconds: number): Summary {
  const sorted = Float64Array.from(latencies).sort();
  const arr = Array.from(sorted);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    count: arr.length,
    seconds: round(seconds),
    p50: round(percentile(arr, 50)),
    p95: round(percentile(arr, 95)),
    p99: round(percentile(arr, 99)),
    rps: seconds > 0 ? Math.round((arr.length / seconds) * 10) / 10 : 0,
  };
}

export type HttpRequestSpec = { method?: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: string };

export type HttpLoad = {
  baseUrl: string;
  connections: number;
  durationSeconds: number;
  /** Stop after this many requests (a pool of cases that each request consumes). */
  amount?: number;
  /** The i-th request (0-based, in the order autocannon asks for them). */
  request: (i: number) => HttpRequestSpec;
};

/** Runs autocannon; latencies (ms) of every response, 2xx or not, are kept. */
export async function runHttp(load: HttpLoad): Promise<HttpResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let sampleFailure: string | null = null;
  const started = process.hrtime.bigint();
  let finish!: (value: autocannon.Result) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const options: autocannon.Options = {
    url: load.baseUrl,
    connections: load.connections,
    duration: load.durationSeconds,
    ...(load.amount !== undefined ? { amount: load.amount } : {}),
    timeout: 30,
    requests: [
      {
        setupRequest: (req: autocannon.Request): autocannon.Request => {
          const spec = load.request(next++);
          return {
            ...req,
            method: spec.method ?? "GET",
            path: spec.path,
            headers: { ...(spec.body !== undefined ? { "content-type": "application/json" } : {}), ...spec.headers },
            ...(spec.body !== undefined ? { body: spec.body } : {}),
          };
        },
        onResponse: (status: number, body: string) => {
          if ((status < 200 || status > 299) && sampleFailure === null) sampleFailure = `${status} ${String(body).slice(0, 300)}`;
        },
      },
    ],
  };
  const instance = autocannon(options, (error, result) => (error ? fail(error) : finish(result)));
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ...summarize(latencies, seconds), errors: result.errors + result.timeouts, non2xx: result.non2xx, statuses, sampleFailure };
}

export type RawLoad = {
  pool: pg.Pool;
  connections: number;
  durationSeconds: number;
  amount?: number;
  /** One "request" of the baseline: the scenario's statements on one connection. */
  task: (client: pg.PoolClient, i: number) => Promise<unknown>;
};

/** `connections` virtual users, each holding one pg connection, running `task` back to back until the time (or amount) is up. */
export async function runRaw(load: RawLoad): Promise<Summary & { errors: number; sampleFailure: string | null }> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let sampleFailure: string | null = null;
  const started = performance.now();
  const deadline = started + load.durationSeconds * 1000;
  const user = async () => {
    const client = await load.pool.connect();
    try {
      while (performance.now() < deadline && (load.amount === undefined || next < load.amount)) {
        const i = next++;
        const t0 = performance.now();
        try {
          await load.task(client, i);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          sampleFailure ??= error instanceof Error ? error.message : String(error);
          await client.query("ROLLBACK").catch(() => undefined);
        }
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: load.connections }, user));
  const seconds = (performance.now() - started) / 1000;
  return { ...summarize(latencies, seconds), errors, sampleFailure };
}
