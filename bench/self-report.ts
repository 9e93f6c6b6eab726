// The public self-report page (一键报贫, issue 15): GET status at each concurrency against the raw SQL of the same
// lookup, and POST reports (no raw baseline: each one is a whole receiveClue transaction). The bench's API runs
// with the abuse limits raised (system.ts), or one address would be refused after a handful of reports.
import type pg from "pg";
import { statementNames } from "../apps/api/src/db/prisma.ts";
import { selfReportLookupSql } from "../apps/api/src/modules/self-reports/self-reports.repository.ts";
import { runHttp, runRaw } from "./load.ts";
import type { ScenarioResult } from "./report.ts";

type Record_ = (r: Omit<ScenarioResult, "targetMet">) => void;
const nameOf = statementNames();

const phoneOf = (i: number) => `136${String(10_000_000 + ((i * 7_919) % 89_999_999)).padStart(8, "0")}`;
const report = (villageCode: string, i: number, run: number) => ({
  villageCode, name: "压测申报", phone: phoneOf(run * 1_000_003 + i), description: "压测：家中有人住院，医疗支出较大", riskCauses: ["SERIOUS_ILLNESS"],
});

export async function selfReportBench(options: {
  baseUrl: string; pool: pg.Pool; villageCode: string; levels: number[]; duration: number; record: Record_; failures: string[]; log: (s: string) => void;
}): Promise<void> {
  const { baseUrl, pool, villageCode, levels, duration, record, failures, log } = options;
  const run = Date.now() % 1000;
  // Fixtures: 200 reports through the API, the references kept with their phones' last 4 digits.
  const refs: { reference: string; last4: string }[] = [];
  for (let i = 0; i < 200; i++) {
    const body = report(villageCode, i, run);
    const res = await fetch(`${baseUrl}/api/public/self-reports`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (res.status !== 201) {
      failures.push(`self-report fixtures: POST answered ${res.status} ${(await res.text()).slice(0, 200)} (are the limits raised for the bench?)`);
      return;
    }
    refs.push({ reference: ((await res.json()) as { reference: string }).reference, last4: body.phone.slice(-4) });
  }
  const pick = (i: number) => refs[i % refs.length]!;
  const dayStart = new Date(Date.now() - 86_400_000);

  log("self-report status: GET /api/public/self-reports/:reference?phoneLast4= (public, no session), 200 references");
  const first = await fetch(`${baseUrl}/api/public/self-reports/${pick(0).reference}?phoneLast4=${pick(0).last4}`);
  if (first.status !== 200) failures.push(`self-report status: ${first.status} ${(await first.text()).slice(0, 200)}`);
  const statusSpec = (i: number) => ({ path: `/api/public/self-reports/${pick(i).reference}?phoneLast4=${pick(i).last4}` });
  await runHttp({ baseUrl, connections: 4, durationSeconds: 1, request: statusSpec });
  for (const c of levels) {
    const h = await runHttp({ baseUrl, connections: c, durationSeconds: duration, request: statusSpec });
    const r = await runRaw({
      pool, connections: c, durationSeconds: duration,
      task: (client, i) => {
        const sql = selfReportLookupSql(pick(i).reference, "status:127.0.0.1", dayStart);
        return client.query({ name: nameOf({ sql: sql.text }), text: sql.text, values: sql.values });
      },
    });
    if (h.errors || h.non2xx) failures.push(`self-report status ×${c}: ${h.errors} errors, ${h.non2xx} non-2xx (${JSON.stringify(h.statuses)}) e.g. ${h.sampleFailure}`);
    if (r.errors) failures.push(`self-report status ×${c} raw SQL: ${r.errors} errors, e.g. ${r.sampleFailure}`);
    record({
      name: "self-report status (public)", kind: "read", concurrency: c, requests: h.count, seconds: h.seconds, p50: h.p50, p95: h.p95, p99: h.p99, rps: h.rps,
      errors: h.errors, non2xx: h.non2xx, statuses: h.statuses,
      raw: { requests: r.count, p50: r.p50, p95: r.p95, p99: r.p99, rps: r.rps, errors: r.errors }, ratio: r.p95 > 0 ? Math.round((h.p95 / r.p95) * 100) / 100 : null,
    });
  }

  log("self-report submit: POST /api/public/self-reports, a new phone each (each a new lead), limits raised for the bench");
  for (const c of levels) {
    const offset = (c + 1) * 100_000;
    const h = await runHttp({
      baseUrl, connections: c, durationSeconds: duration,
      request: (i) => ({ method: "POST", path: "/api/public/self-reports", body: JSON.stringify(report(villageCode, offset + i, run)) }),
    });
    if (h.errors || h.non2xx) failures.push(`self-report submit ×${c}: ${h.errors} errors, ${h.non2xx} non-2xx (${JSON.stringify(h.statuses)}) e.g. ${h.sampleFailure}`);
    record({
      name: "self-report submit (public)", kind: "timed", concurrency: c, requests: h.count, seconds: h.seconds, p50: h.p50, p95: h.p95, p99: h.p99, rps: h.rps,
      errors: h.errors, non2xx: h.non2xx, statuses: h.statuses, raw: null, ratio: null,
    });
  }
}
