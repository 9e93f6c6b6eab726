// Reports at province speed (issue 16): a district's and a city's ledger as of a date (seconds per file), a
// district's household export (households/s, the API's peak RSS), and the statistics endpoint against its raw
// SQL (read scenarios, judged like the queues). See docs/benchmark.md.
import pg from "pg";
import { residentMb, type ApiProcess } from "./system.ts";
import { areaScopePrefix } from "@fanpin/domain/areas";
import { statisticsJsonSql } from "../apps/api/src/modules/statistics/statistics.repository.ts";
import type { BenchUser, ReadScenario } from "./scenarios.ts";

export const REPORT_TARGETS = { ledgerDistrictSeconds: 2, ledgerCitySeconds: 10, exportHouseholdsPerSecond: 20_000 };

export type FileTiming = {
  name: string;
  username: string;
  path: string;
  /** Each download's seconds, first (cold) included. */
  tries: number[];
  /** The median. */
  seconds: number;
  bytes: number;
  /** Households in the file (the export's; the ledger's designated households). */
  households: number;
  householdsPerSecond: number;
  peakRssMb: number;
  targetSeconds: number | null;
  targetMet: boolean | null;
};

async function userOfLevel(client: pg.Client, level: "DISTRICT" | "CITY", role: string): Promise<BenchUser & { areaId: number }> {
  // The district with the most households (the largest file), or the city.
  const { rows } = await client.query<{ id: string; username: string; role: string; code: string; level: string; area_id: number }>(
    `SELECT u.id, u.username, u.role::text, a.code, a.level::text AS level, a.id AS area_id
     FROM app_user u JOIN area a ON a.id = u.area_id
     WHERE u.username LIKE 'bench-%' AND u.is_active AND a.level = $1::"AreaLevel" AND u.role = $2::"Role"
     ORDER BY (SELECT count(*) FROM household h WHERE h.village_code LIKE rtrim(a.code, '0') || '%') DESC, u.username LIMIT 1`,
    [level, role],
  );
  const u = rows[0];
  if (!u) throw new Error(`no bench ${role} user of a ${level}`);
  const scope = level === "CITY" ? u.code.slice(0, 4) : u.code.slice(0, 6);
  return { id: u.id, username: u.username, role: u.role, areaCode: u.code, areaLevel: u.level as BenchUser["areaLevel"], scope, areaId: u.area_id };
}

/** Downloads `path` `tries` times one after another (the body read to its end), sampling the API's RSS meanwhile. */
async function timeDownload(api: ApiProcess, cookie: string, path: string, tries: number) {
  const times: number[] = [];
  let bytes = 0;
  let peak = 0;
  const sampler = setInterval(() => void residentMb(api.pid).then((mb) => (peak = Math.max(peak, mb))), 100);
  try {
    for (let i = 0; i < tries; i++) {
      const t = performance.now();
      const res = await fetch(`${api.baseUrl}${path}`, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
      let n = 0;
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) n += chunk.length;
      times.push((performance.now() - t) / 1000);
      bytes = n;
    }
  } finally {
    clearInterval(sampler);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { times: times.map((s) => Math.round(s * 100) / 100), median: Math.round(sorted[Math.floor(sorted.length / 2)]! * 100) / 100, bytes, peak: Math.round(peak) };
}

export async function runReportBench(opts: {
  api: ApiProcess; connectionString: string; today: string; cookieOf: (username: string) => Promise<string>;
  wanted: (name: string) => boolean; log: (s: string) => void; failures: string[];
}): Promise<FileTiming[]> {
  const { api, log, failures } = opts;
  const client = new pg.Client({ connectionString: opts.connectionString });
  await client.connect();
  const out: FileTiming[] = [];
  try {
    const designatedIn = async (scope: string) => Number((await client.query<{ n: string }>(
      `SELECT count(DISTINCT p.household_id) AS n FROM designation_period p JOIN household h ON h.id = p.household_id
       WHERE h.village_code LIKE $1 AND p.started_on <= $2::date AND (p.ended_on IS NULL OR p.ended_on > $2::date)`, [`${scope}%`, opts.today],
    )).rows[0]!.n);
    const ledger = async (name: string, level: "DISTRICT" | "CITY", role: string, target: number) => {
      if (!opts.wanted(name)) return;
      const user = await userOfLevel(client, level, role);
      const path = `/api/ledgers/monitoring.xlsx?asOf=${opts.today}`;
      log(`${name}: ${user.username} GET ${path}, 3 downloads one after another`);
      try {
        const r = await timeDownload(api, await opts.cookieOf(user.username), path, 3);
        const households = await designatedIn(user.scope);
        out.push({
          name, username: user.username, path, tries: r.times, seconds: r.median, bytes: r.bytes, households,
          householdsPerSecond: Math.round(households / r.median), peakRssMb: r.peak, targetSeconds: target, targetMet: r.median <= target,
        });
        log(`  ${name}: ${r.times.join(" s, ")} s (median ${r.median} s, ${(r.bytes / 1048576).toFixed(1)} MB, ${households} households), API peak RSS ${r.peak} MB`);
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
      }
    };
    await ledger("ledger district", "DISTRICT", "DISTRICT_REVIEWER", REPORT_TARGETS.ledgerDistrictSeconds);
    await ledger("ledger city", "CITY", "CITY_SUPERVISOR", REPORT_TARGETS.ledgerCitySeconds);

    const exportName = "household export district";
    if (opts.wanted(exportName)) {
      const user = await userOfLevel(client, "DISTRICT", "DISTRICT_REVIEWER");
      const path = "/api/households/export.xlsx";
      const households = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM household WHERE village_code LIKE $1`, [`${user.scope}%`])).rows[0]!.n);
      log(`${exportName}: ${user.username} GET ${path} (${households.toLocaleString("en")} households), 2 downloads`);
      try {
        api.resetPeak();
        const r = await timeDownload(api, await opts.cookieOf(user.username), path, 2);
        const rate = Math.round(households / r.median);
        out.push({
          name: exportName, username: user.username, path, tries: r.times, seconds: r.median, bytes: r.bytes, households,
          householdsPerSecond: rate, peakRssMb: r.peak, targetSeconds: null, targetMet: rate >= REPORT_TARGETS.exportHouseholdsPerSecond,
        });
        log(`  ${exportName}: ${r.times.join(" s, ")} s, ${rate.toLocaleString("en")} households/s, ${(r.bytes / 1048576).toFixed(1)} MB, API peak RSS ${r.peak} MB`);
      } catch (error) {
        failures.push(`${exportName}: ${(error as Error).message}`);
      }
    }
  } finally {
    await client.end();
  }
  return out;
}

/**
 * GET /api/statistics for a township, a district and the city user (the area's precomputed row and its
 * children's), judged as reads against the statement the endpoint needs at least: the stored figures of the
 * area and of its children (`area_statistics`, refreshed by a job; the first request fills it when empty).
 */
export async function statisticsScenarios(connectionString: string, township: BenchUser, district: BenchUser): Promise<ReadScenario[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const city = await userOfLevel(client, "CITY", "CITY_SUPERVISOR");
    // The endpoint's own statement (it builds the answer's JSON), as a named statement like the API's.
    const raw = (u: BenchUser) => {
      const sql = statisticsJsonSql({ code: u.areaCode }, areaScopePrefix(u.areaLevel, u.areaCode));
      return (c: pg.PoolClient | pg.Client) => c.query({ name: `bench-statistics-${u.areaCode}`, text: sql.text, values: sql.values });
    };
    const scenario = (name: string, u: BenchUser): ReadScenario => ({
      name, username: u.username, describe: `${u.username}: GET /api/statistics (its area ${u.areaCode} and its children)`,
      http: () => ({ path: "/api/statistics" }), raw: raw(u),
    });
    return [scenario("statistics township", township), scenario("statistics district", district), scenario("statistics city", city)];
  } finally {
    await client.end();
  }
}
