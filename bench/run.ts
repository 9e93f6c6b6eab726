// `npm run bench -- [--households N] [--concurrency 1,8,32] [--duration S] …`
// Loads a running system on the generated data and compares every read
// endpoint with its raw SQL. See docs/benchmark.md.
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { runReportBench, statisticsScenarios, type FileTiming } from "./reports-bench.ts";
import { REPO_ROOT } from "../apps/api/src/db/embedded-postgres.ts";
import { BENCH_PASSWORD } from "../apps/api/src/scale/seed-scale.ts";
import { queuePageUsable } from "./browser.ts";
import { runEarlyWarningBench, type EarlyWarningBenchResult } from "./early-warnings-bench.ts";
import { buildImportFile, runImport, type ImportResult } from "./import-bench.ts";
import { buildDepartmentFile, runDepartmentMatch, type DepartmentResult } from "./department-bench.ts";
import { runHttp, runRaw } from "./load.ts";
import { judge, printTable, TARGETS, writeReport, type BenchReport, type ScenarioResult } from "./report.ts";
import { actionPath, actionPool, actionRecord, actionWrite, assistanceScenarios, loadFixtures, readScenarios, type ActionItem } from "./scenarios.ts";
import { selfReportBench } from "./self-report.ts";
import { ensureSpaBuilt, spaInitialJs } from "./spa.ts";
import { countGeneratedHouseholds, openDatabase, runGenerator, signIn, startApi, type ApiProcess } from "./system.ts";

const USAGE = `Usage: npm run bench -- [options]

  --households N        generated households the database must hold (default 100000; the targets are for 1000000)
  --concurrency LIST    concurrent connections, comma-separated (default 1,8,32)
  --duration S          seconds per scenario and concurrency level, API and raw SQL each (default 5)
  --import-households N households in the import file (default min(100000, households/10))
  --department-rows N   rows of the department list matched (default 100000)
  --only TEXT           run only the scenarios whose name contains TEXT (comma-separated alternatives), e.g. queue, search, detail,
                        assistance (the helper's households, overdue visits, assistance ledger), self-report, case actions, sign-in, import, browser,
                        early-warnings (预警规则 over every household, twice)
  --skip LIST           leave out some of: reads,actions,sign-in,import,department,browser,early-warnings,reports
  --database-url URL    the database (default: BENCH_DATABASE_URL, DATABASE_URL, else an embedded one in .data/bench-postgres)
  --out DIR             where results go (default bench/results)`;

const log = (s: string) => console.log(s);

function intOption(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw.replaceAll("_", "").replaceAll(",", ""));
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} must be a positive number, got "${raw}"\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      households: { type: "string" }, concurrency: { type: "string" }, duration: { type: "string" }, "import-households": { type: "string" },
      "department-rows": { type: "string" }, only: { type: "string" }, skip: { type: "string" }, "database-url": { type: "string" }, out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const households = Math.round(intOption("households", values.households, 100_000));
  const levels = (values.concurrency ?? "1,8,32").split(",").map((c) => Math.round(intOption("concurrency", c.trim(), 1)));
  const duration = intOption("duration", values.duration, 5);
  const importHouseholds = Math.round(intOption("import-households", values["import-households"], Math.max(1, Math.min(100_000, Math.round(households / 10)))));
  const departmentRows = Math.round(intOption("department-rows", values["department-rows"], 100_000));
  const skip = new Set((values.skip ?? "").split(",").map((s) => s.trim()).filter(Boolean));
  const only = values.only ? values.only.split(",").map((s) => s.trim().toLowerCase()) : null;
  const wanted = (name: string) => !only || only.some((o) => name.toLowerCase().includes(o));
  const outDir = values.out ?? join(REPO_ROOT, "bench", "results");
  const startedAt = new Date();
  const failures: string[] = [];

  const db = await openDatabase(values["database-url"] ?? process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL, log);
  let api: ApiProcess | null = null;
  const pool = new pg.Pool({ connectionString: db.connectionString, max: Math.max(...levels) + 2 });
  // pool.end() resolves before its clients' sockets have closed; the embedded server stopping right after
  // terminates them (57P01), which an unheard pool "error" would turn into a crash at the very end.
  pool.on("error", () => undefined);
  try {
    const before = await countGeneratedHouseholds(db.connectionString);
    if (before.generated < households) await runGenerator(db.connectionString, households - before.generated, before.generated > 0, log);
    const counts = (await pool.query<{ households: string; members: string; cases: string; open: string }>(
      `SELECT (SELECT count(*) FROM household) AS households, (SELECT count(*) FROM member) AS members,
              (SELECT count(*) FROM "case") AS cases, (SELECT count(*) FROM "case" WHERE closed_at IS NULL) AS open`,
    )).rows[0]!;
    const generated = (await countGeneratedHouseholds(db.connectionString)).generated;
    log(`Database: ${Number(counts.households).toLocaleString("en")} households (${generated.toLocaleString("en")} generated), ${Number(counts.open).toLocaleString("en")} open cases.`);

    // --only early-warnings: the rules need neither the fixtures nor a running API.
    if (only && only.every((o) => "early-warnings".includes(o))) {
      const earlyWarnings = await runEarlyWarningBench(db.appConnectionString, log);
      if (!earlyWarnings.targetMet) failures.push(`early warnings: ${earlyWarnings.firstRunSeconds} s for ${earlyWarnings.households} households (scaled to 1,000,000: over 60 s)`);
      const cpuList = cpus();
      const report: BenchReport = {
        startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(),
        machine: { cpus: cpuList.length, cpuModel: cpuList[0]?.model ?? "", memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}`, loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100) },
        options: { households, only: values.only ?? null },
        database: { embedded: db.embedded, households: Number(counts.households), generatedHouseholds: generated, members: Number(counts.members), cases: Number(counts.cases), openCases: Number(counts.open) },
        fixtures: {}, scenarios: [], import: null, earlyWarnings, apiPeakRssMb: 0, apiPeakRssTargetMet: true, spaInitialJsGzipKb: null, spaInitialJsFiles: [],
        spaTargetMet: null, queuePageUsableMs: null, queuePageUsableTries: [], queuePageTargetMet: null, failures,
      };
      console.log(`\n${printTable(report)}\n`);
      const files = await writeReport(outDir, report);
      console.log(`Results: ${files.latest} and ${files.dated}`);
      return failures.length ? 1 : 0;
    }

    const fixtures = await loadFixtures(db.connectionString);
    const reads = [
      ...await readScenarios(fixtures, db.connectionString), ...await assistanceScenarios(fixtures, db.connectionString),
      ...(wanted("statistics") ? await statisticsScenarios(db.connectionString, fixtures.township, fixtures.district) : []),
    ].filter((s) => wanted(s.name));
    if (wanted("assistance") && !reads.some((s) => s.name.startsWith("assistance"))) {
      failures.push("assistance: the data has no assistance files (generated before the generator made them?): regenerate the data");
    }
    const actions = skip.has("actions") || !wanted("case actions") ? [] : await actionPool(db.connectionString, fixtures.district.scope);

    let spa: Awaited<ReturnType<typeof spaInitialJs>> | null = null;
    if (wanted("spa")) {
      try {
        ensureSpaBuilt(log);
        spa = await spaInitialJs();
      } catch (error) {
        failures.push(`SPA size: ${(error as Error).message}`);
      }
    }

    api = await startApi(db, log);
    const cookies = new Map<string, string>();
    const cookieOf = async (username: string) => {
      let c = cookies.get(username);
      if (!c) cookies.set(username, (c = await signIn(api!.baseUrl, username, BENCH_PASSWORD)));
      return c;
    };

    const results: ScenarioResult[] = [];
    const record = (r: Omit<ScenarioResult, "targetMet">) => {
      const full = { ...r, targetMet: judge(r) };
      results.push(full);
      log(`  ${r.name} ×${r.concurrency}: p95 ${r.p95} ms, ${r.rps} req/s` + (r.raw ? ` | raw p95 ${r.raw.p95} ms, ${r.raw.rps} req/s, ratio ${r.ratio}×` : "") +
        (r.errors + r.non2xx ? ` | ${r.errors} errors, ${r.non2xx} non-2xx` : ""));
    };
    const ratio = (a: number, b: number | undefined) => (b && b > 0 ? Math.round((a / b) * 100) / 100 : null);

    // ---------------------------------------------------------------- reads
    if (!skip.has("reads")) {
      for (const s of reads) {
        log(`${s.name}: ${s.describe}`);
        const users = s.users ?? [s.username];
        const userCookies: string[] = [];
        for (const u of users) userCookies.push(await cookieOf(u));
        const cookieAt = (i: number) => userCookies[i % userCookies.length]!;
        const scenarioLevels = s.levels ?? levels;
        const kind = s.kind ?? "read";
        // Correctness first: the API answers 200 and agrees with the baseline; then a short warm-up.
        const first = s.http(0);
        const res = await fetch(`${api.baseUrl}${first.path}`, { headers: { cookie: cookieAt(0) } });
        let missing = false;
        if (s.download) {
          const bytes = (await res.arrayBuffer()).byteLength;
          const type = res.headers.get("content-type") ?? "";
          if (res.status === 404) missing = true;
          else if (res.status !== 200) failures.push(`${s.name}: ${res.status} (${bytes} bytes)`);
          else if (!type.includes("spreadsheetml") || bytes === 0) failures.push(`${s.name}: not an .xlsx download (${type}, ${bytes} bytes)`);
          else log(`  ${first.path}: ${(bytes / 1024).toFixed(0)} KB`);
        } else {
          const body = await res.json().catch(() => null);
          if (res.status === 404) missing = true;
          else if (res.status !== 200) failures.push(`${s.name}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
          else if (s.check) {
            const problem = s.check(body);
            if (problem) failures.push(`${s.name}: ${problem}`);
          }
        }
        if (missing) {
          // An endpoint not there (yet): the scenario fails, its raw SQL is still measured, and the run goes on.
          failures.push(`${s.name}: GET ${first.path} answered 404 — the endpoint does not exist in this build; API not measured`);
        } else {
          await runHttp({ baseUrl: api.baseUrl, connections: 4, durationSeconds: 1, request: (i) => ({ ...s.http(i), headers: { cookie: cookieAt(i) } }) });
        }
        for (const c of scenarioLevels) {
          const h = missing
            ? { count: 0, seconds: 0, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, rps: 0, errors: 0, non2xx: 0, statuses: { "404": 1 }, sampleFailure: null }
            : await runHttp({ baseUrl: api.baseUrl, connections: c, durationSeconds: duration, request: (i) => ({ ...s.http(i), headers: { cookie: cookieAt(i) } }) });
          const r = await runRaw({ pool, connections: c, durationSeconds: duration, task: (client, i) => s.raw(client, i) });
          if (h.errors || h.non2xx) failures.push(`${s.name} ×${c}: ${h.errors} errors, ${h.non2xx} non-2xx (${JSON.stringify(h.statuses)}) e.g. ${h.sampleFailure}`);
          if (r.errors) failures.push(`${s.name} ×${c} raw SQL: ${r.errors} errors, e.g. ${r.sampleFailure}`);
          record({
            name: s.name, kind, concurrency: c, requests: h.count, seconds: h.seconds, p50: h.p50, p95: h.p95, p99: h.p99, rps: h.rps,
            errors: h.errors, non2xx: h.non2xx, statuses: h.statuses,
            raw: { requests: r.count, p50: r.p50, p95: r.p95, p99: r.p99, rps: r.rps, errors: r.errors }, ratio: missing ? null : ratio(h.p95, r.p95),
            ...(missing ? { note: "the endpoint answered 404: API not measured" } : {}),
          });
        }
      }
    }

    // ---------------------------------------------------------------- the public self-report page
    if (!skip.has("reads") && wanted("self-report")) {
      const village = (await pool.query<{ code: string }>(`SELECT code FROM area WHERE level = 'VILLAGE' AND code LIKE $1 ORDER BY code LIMIT 1`, [`${fixtures.township.scope}%`])).rows[0];
      if (!village) failures.push("self-report: no village in the township's area");
      else await selfReportBench({ baseUrl: api.baseUrl, pool, villageCode: village.code, levels, duration, record, failures, log });
    }

    // ---------------------------------------------------------------- case actions
    if (actions.length) {
      // Every request consumes a case: each level gets its own slice of the pool for the API and another for the raw writes.
      const slice = Math.floor(actions.length / (levels.length * 2));
      log(`case actions: a mix of township verification, district approval and return; ${actions.length} cases, ${slice} per run`);
      for (const u of new Set(actions.map((a) => a.user.username))) await cookieOf(u);
      let offset = 0;
      for (const c of levels) {
        if (slice < c) {
          failures.push(`case actions ×${c}: only ${slice} cases per run left — generate more households`);
          continue;
        }
        const apiSlice = actions.slice(offset, offset + slice);
        const rawSlice = actions.slice(offset + slice, offset + 2 * slice);
        offset += 2 * slice;
        const spec = (a: ActionItem) => ({
          method: "POST" as const, path: `/api/cases/${a.caseId}/${actionPath(a.kind)}`, headers: { cookie: cookies.get(a.user.username)! },
          body: JSON.stringify({ version: a.version, record: actionRecord(a.kind, fixtures.today) }),
        });
        const h = await runHttp({ baseUrl: api.baseUrl, connections: c, durationSeconds: duration, amount: apiSlice.length, request: (i) => spec(apiSlice[Math.min(i, apiSlice.length - 1)]!) });
        const r = await runRaw({
          pool, connections: c, durationSeconds: duration, amount: rawSlice.length,
          task: async (client, i) => { const { caseActionWrites } = await import("./raw-sql.ts"); await caseActionWrites(client, actionWrite(rawSlice[i]!, fixtures.today, fixtures.addWorkingDays)); },
        });
        if (h.errors || h.non2xx) failures.push(`case actions ×${c}: ${h.errors} errors, ${h.non2xx} non-2xx (${JSON.stringify(h.statuses)}) e.g. ${h.sampleFailure}`);
        if (r.errors) failures.push(`case actions ×${c} raw SQL: ${r.errors} errors, e.g. ${r.sampleFailure}`);
        record({
          name: "case actions (mix)", kind: "write", concurrency: c, requests: h.count, seconds: h.seconds, p50: h.p50, p95: h.p95, p99: h.p99, rps: h.rps,
          errors: h.errors, non2xx: h.non2xx, statuses: h.statuses,
          raw: { requests: r.count, p50: r.p50, p95: r.p95, p99: r.p99, rps: r.rps, errors: r.errors }, ratio: ratio(h.p95, r.p95),
          ...(h.count < slice ? {} : { note: `stopped when its ${slice} cases were used up` }),
        });
      }
    }

    // ---------------------------------------------------------------- sign-in
    if (!skip.has("sign-in") && wanted("sign-in")) {
      const users = (await pool.query<{ username: string }>(`SELECT username FROM app_user WHERE username LIKE 'bench-village-%' AND is_active ORDER BY username LIMIT 50`)).rows.map((u) => u.username);
      log(`sign-in: POST /api/auth/login as ${users.length} village users in turn`);
      for (const c of levels) {
        const h = await runHttp({
          baseUrl: api.baseUrl, connections: c, durationSeconds: duration,
          request: (i) => ({ method: "POST", path: "/api/auth/login", body: JSON.stringify({ username: users[i % users.length], password: BENCH_PASSWORD }) }),
        });
        if (h.errors || h.non2xx) failures.push(`sign-in ×${c}: ${h.errors} errors, ${h.non2xx} non-2xx (${JSON.stringify(h.statuses)}) e.g. ${h.sampleFailure}`);
        record({ name: "sign-in", kind: "sign-in", concurrency: c, requests: h.count, seconds: h.seconds, p50: h.p50, p95: h.p95, p99: h.p99, rps: h.rps, errors: h.errors, non2xx: h.non2xx, statuses: h.statuses, raw: null, ratio: null });
      }
    }
    const apiPeakRssMb = api.resetPeak();

    // ---------------------------------------------------------------- browser
    let usable: { ms: number; tries: number[] } | null = null;
    if (!skip.has("browser") && (wanted("browser") || wanted("queue page"))) {
      log(`queue page in Chromium as ${fixtures.township.username} …`);
      try {
        usable = await queuePageUsable(api.baseUrl, fixtures.township.username, BENCH_PASSWORD);
      } catch (error) {
        failures.push(`queue page in the browser: ${(error as Error).message.split("\n")[0]}`);
      }
    }

    // ---------------------------------------------------------------- reports at province speed (ledgers as of a date, the export)
    let reportFiles: FileTiming[] = [];
    if (!skip.has("reports") && (wanted("ledger district") || wanted("ledger city") || wanted("household export"))) {
      reportFiles = await runReportBench({ api, connectionString: db.connectionString, today: fixtures.today, cookieOf, wanted, log, failures });
    }

    // ---------------------------------------------------------------- early-warning rules
    let earlyWarnings: EarlyWarningBenchResult | null = null;
    if (!skip.has("early-warnings") && wanted("early-warnings")) {
      try {
        earlyWarnings = await runEarlyWarningBench(db.appConnectionString, log);
        if (!earlyWarnings.targetMet) failures.push(`early warnings: ${earlyWarnings.firstRunSeconds} s for ${earlyWarnings.households} households (scaled to 1,000,000: over 60 s)`);
      } catch (error) {
        failures.push(`early warnings: ${(error as Error).message}`);
      }
    }

    // ---------------------------------------------------------------- import
    let imported: ImportResult | null = null;
    if (!skip.has("import") && wanted("import")) {
      log(`import: building a ${importHouseholds.toLocaleString("en")}-household .xlsx for ${fixtures.district.username} …`);
      const { file } = await buildImportFile(db.connectionString, fixtures.district.scope, importHouseholds);
      log(`import: uploading ${(file.length / 1048576).toFixed(1)} MB …`);
      try {
        imported = await runImport(api, await cookieOf(fixtures.district.username), file, importHouseholds, log);
        if (imported.status !== "SUCCEEDED" || imported.created !== importHouseholds) failures.push(`import: ${imported.status}, ${imported.created} of ${importHouseholds} created, ${imported.problems} problems`);
      } catch (error) {
        failures.push(`import: ${(error as Error).message}`);
      }
    }

    // ---------------------------------------------------------------- department list (部门筛查预警)
    let department: DepartmentResult | null = null;
    if (!skip.has("department") && wanted("department")) {
      log(`department list: building a ${departmentRows.toLocaleString("en")}-row .xlsx for ${fixtures.district.username} …`);
      const file = await buildDepartmentFile(db.connectionString, fixtures.district.scope, departmentRows);
      try {
        department = await runDepartmentMatch(api, await cookieOf(fixtures.district.username), file, departmentRows, log);
        department.targetMet &&= department.peakRssMb < TARGETS.apiRssMb;
        log(`  department list: ${department.status}, ${department.matched} matched, ${department.unmatched} unmatched of ${departmentRows} rows in ${department.seconds} s, peak RSS ${department.peakRssMb} MB`);
        if (department.status !== "SUCCEEDED") failures.push(`department list: ${department.status}`);
      } catch (error) {
        failures.push(`department list: ${(error as Error).message}`);
      }
    }

    const cpuList = cpus();
    const report: BenchReport = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: { cpus: cpuList.length, cpuModel: cpuList[0]?.model ?? "", memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}`, loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100) },
      options: { households, concurrency: levels, durationSeconds: duration, importHouseholds, only: values.only ?? null, skip: [...skip] },
      database: { embedded: db.embedded, households: Number(counts.households), generatedHouseholds: generated, members: Number(counts.members), cases: Number(counts.cases), openCases: Number(counts.open) },
      fixtures: { township: fixtures.township.username, district: fixtures.district.username, village: fixtures.village.username, today: fixtures.today },
      scenarios: results,
      import: imported ? { ...imported, targetMet: imported.householdsPerSecond >= TARGETS.importHouseholdsPerSecond } : null,
      departmentList: department,
      earlyWarnings,
      reportFiles,
      apiPeakRssMb,
      apiPeakRssTargetMet: apiPeakRssMb < TARGETS.apiRssMb,
      spaInitialJsGzipKb: spa?.gzipKb ?? null,
      spaInitialJsFiles: spa?.files ?? [],
      spaTargetMet: spa ? spa.gzipKb < TARGETS.spaGzipKb : null,
      queuePageUsableMs: usable?.ms ?? null,
      queuePageUsableTries: usable?.tries ?? [],
      queuePageTargetMet: usable ? usable.ms <= TARGETS.queuePageMs : null,
      failures,
    };
    const table = printTable(report);
    console.log(`\n${table}\n`);
    const files = await writeReport(outDir, report);
    console.log(`Results: ${files.latest} and ${files.dated}`);
    return failures.length ? 1 : 0;
  } finally {
    await api?.stop();
    await pool.end();
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("bench failed:", error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
