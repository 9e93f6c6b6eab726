// The printed table and bench/results/*.json.
import type { EarlyWarningBenchResult } from "./early-warnings-bench.ts";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ImportResult } from "./import-bench.ts";
import { REPORT_TARGETS, type FileTiming } from "./reports-bench.ts";
import { DEPARTMENT_TARGET, type DepartmentResult } from "./department-bench.ts";

export type ScenarioResult = {
  name: string;
  /** "timed": a figure reported without a target (e.g. a district's whole ledger). */
  kind: "read" | "write" | "sign-in" | "timed";
  concurrency: number;
  requests: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  errors: number;
  non2xx: number;
  statuses: Record<string, number>;
  raw: { requests: number; p50: number; p95: number; p99: number; rps: number; errors: number } | null;
  /** API p95 / raw p95. */
  ratio: number | null;
  /** Against the issue's targets, judged at the target concurrency only (null elsewhere). */
  targetMet: boolean | null;
  note?: string;
};

export type BenchReport = {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string; loadAverageAtStart: number[] };
  options: Record<string, unknown>;
  database: { embedded: boolean; households: number; generatedHouseholds: number; members: number; cases: number; openCases: number };
  fixtures: Record<string, string>;
  scenarios: ScenarioResult[];
  import: (ImportResult & { targetMet: boolean }) | null;
  /** 部门筛查预警: a department's list matched (absent in reports from before it was measured). */
  departmentList?: DepartmentResult | null;
  /** 预警规则 over every household (bench/early-warnings-bench.ts); absent in reports made before it. */
  earlyWarnings?: EarlyWarningBenchResult | null;
  /** Ledgers as of a date and the household export, seconds per file (bench/reports-bench.ts); absent in reports made before them. */
  reportFiles?: FileTiming[];
  apiPeakRssMb: number;
  apiPeakRssTargetMet: boolean;
  spaInitialJsGzipKb: number | null;
  spaInitialJsFiles: { file: string; gzipKb: number }[];
  spaTargetMet: boolean | null;
  queuePageUsableMs: number | null;
  queuePageUsableTries: number[];
  queuePageTargetMet: boolean | null;
  failures: string[];
};

export const TARGETS = {
  concurrency: 32,
  readRatio: 3,
  readRps: 500,
  writeRatio: 5,
  importHouseholdsPerSecond: 2000,
  apiRssMb: 512,
  spaGzipKb: 300,
  queuePageMs: 1500,
};

export function judge(r: Omit<ScenarioResult, "targetMet">): boolean | null {
  if (r.concurrency !== TARGETS.concurrency || r.ratio === null) return null;
  if (r.kind === "read") return r.ratio <= TARGETS.readRatio && r.rps >= TARGETS.readRps && r.errors + r.non2xx === 0;
  if (r.kind === "write") return r.ratio <= TARGETS.writeRatio && r.errors + r.non2xx === 0;
  return null;
}

const yesNo = (b: boolean | null) => (b === null ? "—" : b ? "yes" : "NO");
const fmt = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? "—" : x.toFixed(digits));

export function printTable(report: BenchReport): string {
  const header = ["scenario", "conc", "reqs", "p50 ms", "p95 ms", "p99 ms", "req/s", "err/non2xx", "raw p95", "raw req/s", "ratio", "target"];
  const rows = report.scenarios.map((s) => [
    s.name, String(s.concurrency), String(s.requests), fmt(s.p50), fmt(s.p95), fmt(s.p99), fmt(s.rps, 0),
    `${s.errors}/${s.non2xx}`, fmt(s.raw?.p95), fmt(s.raw?.rps, 0), s.ratio === null ? "—" : `${s.ratio.toFixed(1)}×`, yesNo(s.targetMet),
  ]);
  const width = (i: number) => Math.max(...[header, ...rows].map((r) => [...r[i]!].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
  const pad = (s: string, i: number) => {
    const w = [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
    return i === 0 ? s + " ".repeat(width(i) - w) : " ".repeat(width(i) - w) + s;
  };
  const line = (r: string[]) => `| ${r.map(pad).join(" | ")} |`;
  const out = [line(header), `|${header.map((_, i) => `${i === 0 ? ":" : ""}${"-".repeat(width(i) + 1)}${i === 0 ? "" : ":"}`).join("|")}|`, ...rows.map(line)];
  const i = report.import;
  out.push(
    "",
    `households in the database: ${report.database.households.toLocaleString("en")} (${report.database.generatedHouseholds.toLocaleString("en")} generated), ` +
      `${report.database.openCases.toLocaleString("en")} open cases; ${report.machine.cpus} CPUs, Node ${report.machine.node}`,
    i
      ? `import: ${i.created.toLocaleString("en")} of ${i.households.toLocaleString("en")} households (${i.fileMb} MB .xlsx) in ${i.seconds} s = ` +
        `${i.householdsPerSecond.toLocaleString("en")} households/s, API peak RSS ${i.peakRssMb} MB — target ≥ ${TARGETS.importHouseholdsPerSecond}/s: ${yesNo(i.targetMet)}`
      : "import: skipped",
    report.departmentList
      ? `department list: ${report.departmentList.rows.toLocaleString("en")} rows (${report.departmentList.fileMb} MB .xlsx) matched in ${report.departmentList.seconds} s ` +
        `(${report.departmentList.matched.toLocaleString("en")} matched, ${report.departmentList.unmatched.toLocaleString("en")} unmatched), API peak RSS ` +
        `${report.departmentList.peakRssMb} MB — target ${DEPARTMENT_TARGET.rows.toLocaleString("en")} rows ≤ ${DEPARTMENT_TARGET.seconds} s, RSS < ${TARGETS.apiRssMb} MB: ${yesNo(report.departmentList.targetMet)}`
      : "department list: skipped",
    report.earlyWarnings
      ? `early-warning rules over ${report.earlyWarnings.households.toLocaleString("en")} households: ${report.earlyWarnings.firstRunSeconds} s raising ` +
        `${report.earlyWarnings.raised.toLocaleString("en")}, ${report.earlyWarnings.secondRunSeconds} s unchanged, one household ${report.earlyWarnings.oneHouseholdMs} ms — target ≤ 60 s at 1,000,000: ${yesNo(report.earlyWarnings.targetMet)}`
      : "early-warning rules: skipped",
    ...(report.reportFiles ?? []).map((f) =>
      `${f.name}: ${f.seconds} s per file (${f.tries.join(" s, ")} s), ${f.households.toLocaleString("en")} households, ${f.householdsPerSecond.toLocaleString("en")} households/s, ` +
      `${(f.bytes / 1048576).toFixed(1)} MB, API peak RSS ${f.peakRssMb} MB — target ` +
      (f.targetSeconds === null ? `≥ ${REPORT_TARGETS.exportHouseholdsPerSecond.toLocaleString("en")} households/s, RSS < ${TARGETS.apiRssMb} MB` : `≤ ${f.targetSeconds} s`) +
      `: ${yesNo(f.targetMet)}`),
    `API peak RSS under load: ${report.apiPeakRssMb} MB — target < ${TARGETS.apiRssMb} MB: ${yesNo(report.apiPeakRssTargetMet)}`,
    `SPA initial JS (gzip): ${fmt(report.spaInitialJsGzipKb)} KB in ${report.spaInitialJsFiles.length} files — target < ${TARGETS.spaGzipKb} KB: ${yesNo(report.spaTargetMet)}`,
    `queue page usable after navigation: ${report.queuePageUsableMs === null ? "skipped" : `${report.queuePageUsableMs} ms (median of ${report.queuePageUsableTries.join(", ")})`} — target ≤ ${TARGETS.queuePageMs} ms: ${yesNo(report.queuePageTargetMet)}`,
  );
  if (report.failures.length) out.push("", "FAILURES:", ...report.failures.map((f) => `  - ${f}`));
  return out.join("\n");
}

export async function writeReport(dir: string, report: BenchReport): Promise<{ latest: string; dated: string }> {
  await mkdir(dir, { recursive: true });
  const d = new Date(report.startedAt);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const stamp = `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}T${p2(d.getHours())}${p2(d.getMinutes())}`;
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const latest = join(dir, "latest.json");
  const dated = join(dir, `${stamp}-${report.database.generatedHouseholds}.json`);
  await writeFile(latest, json);
  await writeFile(dated, json);
  return { latest, dated };
}
