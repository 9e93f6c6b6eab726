// The scale data generator, run small (2,000 households) into a test database
// that already holds the demo district: what it writes must be what the app
// itself would have written, so the app's own API reads it without errors.
import { describeCitizenId, isValidCitizenId } from "@fanpin/domain/citizen-id";
import { queuesOf } from "@fanpin/domain/procedures/queue-membership";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, signIn, type TestApp } from "../../test/test-app.ts";
import { dataKeys } from "../lib/data-crypto.ts";
import ExcelJS from "../lib/exceljs.ts";
import { prismaQuery } from "../modules/audit/audit-chain.repository.ts";
import { verifyAuditChain } from "../modules/audit/audit.service.ts";
import { assignmentDeadline, nextVisitDue } from "@fanpin/domain/assistance/deadlines";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import { syncAssistanceFiles } from "../modules/assistance/assistance-files.repository.ts";
import { loadCalendar } from "../modules/calendar/calendar.service.ts";
import { AlreadySeededError, BENCH_PASSWORD, seedScale, type SeedScaleResult } from "./seed-scale.ts";

const N = 2000;
let t: TestApp;
let result: SeedScaleResult;
const cookies = new Map<string, string>();

async function get(user: string, url: string) {
  if (!cookies.has(user)) cookies.set(user, await signIn(t.app, user, BENCH_PASSWORD));
  return t.app.inject({ method: "GET", url, headers: { cookie: cookies.get(user)! } });
}
async function ok<T = Record<string, unknown>>(user: string, url: string): Promise<T> {
  const res = await get(user, url);
  expect(res.statusCode, `GET ${url} as ${user}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.json() as T;
}
const rows = async <T>(sql: string, ...params: unknown[]) => t.prisma.$queryRawUnsafe<T[]>(sql, ...params);

beforeAll(async () => {
  t = await createTestApp();
  result = await seedScale({ connectionString: t.ownerConnectionString, households: N, now: t.clock.now(), log: () => undefined, chunkSize: 300 });
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe("seed:scale", () => {
  it("generates the households with a real district's category mix beside the demo data", async () => {
    expect(result.households).toBe(N);
    const [counts] = await rows<{ generated: number; demo: number }>(
      `SELECT count(*) FILTER (WHERE village_code LIKE '3799%')::int AS generated, count(*) FILTER (WHERE village_code LIKE '371002%')::int AS demo FROM household`,
    );
    expect(counts).toEqual({ generated: N, demo: expect.any(Number) });
    expect(counts!.demo).toBeGreaterThan(0);
    const mix = await rows<{ category: string; n: number }>(`SELECT category::text, count(*)::int AS n FROM household WHERE village_code LIKE '3799%' GROUP BY 1`);
    const share = (c: string) => (mix.find((m) => m.category === c)?.n ?? 0) / N;
    expect(share("ORDINARY")).toBeGreaterThan(0.9);
    expect(share("LIFTED_WITH_POLICY")).toBeGreaterThan(0.02);
    expect(share("LIFTED_WITH_POLICY")).toBeLessThan(0.08);
    expect(share("LIFTED_WITHOUT_POLICY")).toBeGreaterThan(0.002);
    expect(share("LIFTED_WITHOUT_POLICY")).toBeLessThan(0.025);
    const [open] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM "case" WHERE village_code LIKE '3799%' AND closed_at IS NULL`);
    expect(open!.n / N).toBeGreaterThan(0.03);
    expect(open!.n / N).toBeLessThan(0.07);
    // The area tree: city → districts → ~15 townships → ~20 villages, every household in a village of it.
    const levels = await rows<{ level: string; n: number }>(`SELECT level::text, count(*)::int AS n FROM area WHERE code LIKE '3799%' GROUP BY 1`);
    const level = (l: string) => levels.find((x) => x.level === l)?.n ?? 0;
    expect(level("CITY")).toBe(1);
    expect(level("DISTRICT")).toBe(result.districts.length);
    expect(level("TOWNSHIP") / level("DISTRICT")).toBeGreaterThanOrEqual(13);
    expect(level("VILLAGE") / level("TOWNSHIP")).toBeGreaterThanOrEqual(16);
    const [orphans] = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM household h JOIN area v ON v.id = h.village_id WHERE h.village_code LIKE '3799%' AND (v.code <> h.village_code OR v.level <> 'VILLAGE')`,
    );
    expect(orphans!.n).toBe(0);
    // The bulk-loaded cases are in the open-case tally the district overview reads (kept by a trigger, COPY included).
    const [tally] = await rows<{ tallied: number; open: number }>(
      `SELECT (SELECT coalesce(sum(count), 0)::int FROM open_case_tally) AS tallied, (SELECT count(*)::int FROM "case" WHERE closed_at IS NULL) AS open`,
    );
    expect(tally!.tallied).toBe(tally!.open);
  });

  it("gives every member a valid, unique, gender-consistent citizen ID of the household's district", async () => {
    const members = (await rows<{ id_number_enc: Buffer; gender: string; village_code: string }>(
      `SELECT m.id_number_enc, m.gender, h.village_code FROM member m JOIN household h ON h.id = m.household_id WHERE h.village_code LIKE '3799%'`,
    )).map((m) => ({ ...m, id_number: dataKeys().decryptText(m.id_number_enc) }));
    expect(members.length).toBe(result.members);
    expect(members.length / N).toBeGreaterThan(3.2);
    expect(members.length / N).toBeLessThan(3.8);
    const today = t.clock.now();
    for (const m of members) {
      expect(isValidCitizenId(m.id_number, today), m.id_number).toBe(true);
      expect(describeCitizenId(m.id_number).gender).toBe(m.gender);
      expect(m.id_number.slice(0, 6)).toBe(m.village_code.slice(0, 6));
    }
    expect(new Set(members.map((m) => m.id_number)).size).toBe(members.length);
    // The last 4 characters spread as in real data (the last-digits search is measured on them).
    expect(new Set(members.map((m) => m.id_number.slice(-4))).size).toBeGreaterThan(members.length / 4);
  });

  it("keeps member_count and head_name consistent with the members", async () => {
    const [bad] = await rows<{ n: number }>(`
      SELECT count(*)::int AS n FROM household h
      WHERE h.village_code LIKE '3799%' AND (
        h.member_count <> (SELECT count(*) FROM member m WHERE m.household_id = h.id)
        OR h.head_name <> (SELECT m.name FROM member m WHERE m.household_id = h.id AND m.position = 0 AND m.relation = 'HEAD')
        OR (SELECT count(*) FROM member m WHERE m.household_id = h.id AND m.relation = 'HEAD') <> 1
      )`);
    expect(bad!.n).toBe(0);
  });

  it("has open cases in every open stage of every procedure, and closed ones", async () => {
    const stages = await rows<{ category: string; stage: string; n: number }>(
      `SELECT category::text, stage::text, count(*)::int AS n FROM "case" WHERE village_code LIKE '3799%' GROUP BY 1, 2`,
    );
    const has = (category: string, stage: string) => stages.some((s) => s.category === category && s.stage === stage);
    for (const stage of ["TOWNSHIP_VERIFICATION", "DISTRICT_REVIEW"]) for (const c of ["LIFTED_WITH_POLICY", "ORDINARY", "LIFTED_WITHOUT_POLICY"]) expect(has(c, stage), `${c} ${stage}`).toBe(true);
    for (const stage of ["PUBLICITY_PENDING", "PUBLICITY_RUNNING", "PUBLICITY_ENDED", "OBJECTION_REVIEW"]) {
      for (const c of ["ORDINARY", "LIFTED_WITHOUT_POLICY"]) expect(has(c, stage), `${c} ${stage}`).toBe(true);
    }
    for (const stage of ["DESIGNATED", "REJECTED", "WITHDRAWN"]) expect(stages.some((s) => s.stage === stage), stage).toBe(true);
    // Open cases: open_household_id set; closed: unset with closed_at; versions count the events.
    const [shape] = await rows<{ bad: number }>(`
      SELECT count(*)::int AS bad FROM "case" c WHERE c.village_code LIKE '3799%' AND (
        (c.closed_at IS NULL) <> (c.open_household_id IS NOT NULL)
        OR c.version <> (SELECT count(*) FROM case_event e WHERE e.case_id = c.id)
        OR (SELECT max(seq) FROM case_event e WHERE e.case_id = c.id) <> c.version
        OR c.stage <> (SELECT e.to_stage FROM case_event e WHERE e.case_id = c.id ORDER BY seq DESC LIMIT 1)
      )`);
    expect(shape!.bad).toBe(0);
    // Deadlines around today: some overdue, most still to come.
    const [dl] = await rows<{ overdue: number; later: number }>(`
      SELECT count(*) FILTER (WHERE stage_deadline < DATE '2026-11-23')::int AS overdue, count(*) FILTER (WHERE stage_deadline > DATE '2026-11-23')::int AS later
      FROM "case" WHERE village_code LIKE '3799%' AND closed_at IS NULL`);
    expect(dl!.overdue).toBeGreaterThan(0);
    expect(dl!.later).toBeGreaterThan(dl!.overdue);
  });

  it("lets the generated users work the queues and open generated cases and households", async () => {
    // The generator plans Weihai's identification procedures: under Weihai only risk elimination (not generated) reaches the
    // village's "publicity ended" queue and the township's review queue.
    for (const queue of queuesOf("weihai").filter((q) => q !== "village-ended" && q !== "township-review")) {
      const q = await ok<{ total: number; items: { id: string }[] }>("bench-district-1", `/api/queues/${queue}?pageSize=5`);
      expect(q.total, queue).toBeGreaterThan(0);
    }
    const cases = await rows<{ id: string; stage: string; household_id: string; village_code: string }>(`
      SELECT DISTINCT ON (stage) id, stage::text, household_id, village_code FROM "case" WHERE village_code LIKE '379901%' ORDER BY stage, case_no`);
    expect(cases.length).toBeGreaterThanOrEqual(8);
    for (const c of cases) {
      const detail = await ok<{ stage: string; events: unknown[]; version: number }>("bench-district-1", `/api/cases/${c.id}`);
      expect(detail.stage).toBe(c.stage);
      expect(detail.events.length).toBe(detail.version);
      const household = await ok<{ members: unknown[]; memberCount: number }>("bench-district-1", `/api/households/${c.household_id}`);
      expect(household.members.length).toBe(household.memberCount);
      await ok("bench-district-1", `/api/households/${c.household_id}/history`);
    }
    // The village cadre and the township staff of a case's village see it too.
    const c = cases.find((x) => x.stage === "PUBLICITY_RUNNING")!;
    const [people] = await rows<{ village: string; township: string }>(`
      SELECT (SELECT username FROM app_user u JOIN area a ON a.id = u.area_id WHERE a.code = $1) AS village,
             (SELECT username FROM app_user u JOIN area a ON a.id = u.area_id WHERE a.code = $2 AND u.role = 'TOWNSHIP_STAFF') AS township`, c.village_code, `${c.village_code.slice(0, 9)}000`);
    const running = await ok<{ items: { id: string }[] }>(people!.village, "/api/queues/village-running?pageSize=100");
    expect(running.items.map((i) => i.id)).toContain(c.id);
    await ok(people!.township, `/api/cases/${c.id}`);
    await ok(people!.village, `/api/households/${c.household_id}`);
    // Another district's reviewer does not see it.
    expect((await get("bench-district-2", `/api/cases/${c.id}`)).statusCode).toBe(404);
  });

  it("puts the designated households in the ledger as of today", async () => {
    const designated = await rows<{ household_no: string; member_count: number }>(
      `SELECT household_no, member_count FROM household WHERE village_code LIKE '379901%' AND designation IS NOT NULL`,
    );
    expect(designated.length).toBeGreaterThan(0);
    const res = await get("bench-district-1", "/api/ledgers/monitoring.xlsx");
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const listed = new Set<string>();
    let people = 0;
    wb.eachSheet((ws) => {
      if (ws.name !== "台账") return;
      let header: string[] | null = null;
      ws.eachRow((row) => {
        const values = (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)));
        if (!header) {
          if (values[0] === "序号") header = values;
          return;
        }
        listed.add(values[header.indexOf("户编号")]!);
        people++;
      });
    });
    for (const h of designated) expect(listed.has(h.household_no), h.household_no).toBe(true);
    expect(people).toBe(designated.reduce((s, h) => s + h.member_count, 0));
    // The city supervisor chooses a district.
    const [district] = await rows<{ id: number }>(`SELECT id FROM area WHERE code = '379901000000'`);
    expect((await get("bench-city", `/api/ledgers/monitoring.xlsx?areaId=${district!.id}`)).statusCode).toBe(200);
  });

  it("opens an assistance file for every designated household, with the app's deadlines, a lead helper, a plan, conditions and a year of visits", async () => {
    const today = todayInChina(t.clock.now());
    const [standing] = await rows<{ designated: number; assist_first: number; files: number; designated_share: number }>(`
      SELECT (SELECT count(*)::int FROM household WHERE village_code LIKE '3799%' AND designation IS NOT NULL) AS designated,
             (SELECT count(DISTINCT household_id)::int FROM "case" WHERE village_code LIKE '3799%' AND closed_at IS NULL AND assist_first) AS assist_first,
             (SELECT count(*)::int FROM assistance_file WHERE village_code LIKE '3799%' AND closed_on IS NULL) AS files,
             (SELECT avg((designation IS NOT NULL)::int)::float FROM household WHERE village_code LIKE '3799%') AS designated_share`);
    expect(standing!.files).toBe(standing!.designated + standing!.assist_first);
    expect(standing!.designated_share).toBeGreaterThan(0.035);
    expect(standing!.designated_share).toBeLessThan(0.07);
    expect(result.assistance.files).toBe(standing!.files);
    // The app's own sync finds nothing to open or close among the generated households.
    const calendar = await loadCalendar(t.prisma);
    const rules = t.config.rules.assistance;
    const generated = (await rows<{ id: string }>(`
      SELECT id::text FROM household h WHERE village_code LIKE '3799%' AND (designation IS NOT NULL
        OR EXISTS (SELECT 1 FROM "case" c WHERE c.household_id = h.id AND c.closed_at IS NULL AND c.assist_first))`)).map((r) => r.id);
    expect(await syncAssistanceFiles(t.prisma, generated, { calendar, rules, today })).toEqual([]);

    const files = await rows<{
      household_id: string; opened_on: string; assign_due: string | null; lead: string | null; risk_class: string | null; last_visit_on: string | null;
      next_visit_due: string; current_lead: string | null; lead_township: string | null; last_visit: string | null; visits: number; measures: number;
      kinds: number; incomes: number; plan_summary: string | null;
    }>(`
      SELECT f.household_id, to_char(f.opened_on, 'YYYY-MM-DD') AS opened_on, to_char(f.assign_due, 'YYYY-MM-DD') AS assign_due, f.lead_helper_id::text AS lead,
             f.risk_class, to_char(f.last_visit_on, 'YYYY-MM-DD') AS last_visit_on, to_char(f.next_visit_due, 'YYYY-MM-DD') AS next_visit_due, f.plan_summary,
             (SELECT a.helper_id::text FROM helper_assignment a WHERE a.household_id = f.household_id AND a.ended_on IS NULL AND a.role = 'LEAD') AS current_lead,
             (SELECT substr(hp.area_code, 1, 9) FROM helper hp WHERE hp.id = f.lead_helper_id) AS lead_township,
             (SELECT to_char(max(v.visited_on), 'YYYY-MM-DD') FROM visit v WHERE v.household_id = f.household_id) AS last_visit,
             (SELECT count(*)::int FROM visit v WHERE v.household_id = f.household_id) AS visits,
             (SELECT count(*)::int FROM assistance_measure m WHERE m.household_id = f.household_id) AS measures,
             (SELECT count(DISTINCT kind)::int FROM condition_record c WHERE c.household_id = f.household_id) AS kinds,
             (SELECT count(*)::int FROM household_income_year i WHERE i.household_id = f.household_id) AS incomes
      FROM assistance_file f WHERE f.village_code LIKE '3799%'`);
    let overdue = 0;
    let unassigned = 0;
    let visits = 0;
    for (const f of files) {
      expect(f.next_visit_due, f.household_id).toBe(nextVisitDue(f.last_visit_on, f.opened_on, f.risk_class, rules, calendar));
      expect(f.assign_due, f.household_id).toBe(f.lead ? null : assignmentDeadline(f.opened_on, rules, calendar));
      expect(f.current_lead).toBe(f.lead);
      if (f.lead) expect(f.lead_township).not.toBeNull();
      expect(f.last_visit_on).toBe(f.last_visit);
      expect(f.measures).toBeGreaterThanOrEqual(2);
      expect(f.measures).toBeLessThanOrEqual(3);
      expect(f.kinds).toBe(5);
      expect(f.incomes).toBe(1);
      expect(f.plan_summary).toBeTruthy();
      if (f.next_visit_due < today) overdue++;
      if (!f.lead) unassigned++;
      visits += f.visits;
    }
    expect(overdue).toBeGreaterThan(0);
    expect(overdue / files.length).toBeLessThan(0.25);
    expect(unassigned).toBeGreaterThan(0);
    expect(unassigned / files.length).toBeLessThan(0.1);
    expect(visits / files.length).toBeGreaterThan(8);
    // Helpers serve their own township; their phones are sealed like households'; the first two of a township sign in.
    const [bad] = await rows<{ n: number }>(`
      SELECT count(*)::int AS n FROM assistance_file f JOIN helper hp ON hp.id = f.lead_helper_id WHERE f.village_code LIKE '3799%' AND substr(hp.area_code, 1, 9) <> substr(f.village_code, 1, 9)`);
    expect(bad!.n).toBe(0);
    const helpers = await rows<{ phone_enc: Buffer; username: string | null }>(
      `SELECT hp.phone_enc, u.username FROM helper hp LEFT JOIN app_user u ON u.id = hp.user_id WHERE hp.area_code LIKE '3799%'`,
    );
    expect(helpers.length).toBe(result.assistance.helpers);
    for (const h of helpers) expect(dataKeys().decryptText(h.phone_enc)).toMatch(/^1\d{10}$/);
    const account = helpers.find((h) => h.username)!.username!;
    await ok(account, "/api/auth/me");
  });

  it("refuses to run twice into the same database, and appends new districts when asked", async () => {
    await expect(seedScale({ connectionString: t.ownerConnectionString, households: 10, now: t.clock.now(), log: () => undefined })).rejects.toBeInstanceOf(AlreadySeededError);
    const more = await seedScale({ connectionString: t.ownerConnectionString, households: 300, districts: 1, append: true, now: t.clock.now(), log: () => undefined });
    const first = result.districts.length + 1;
    expect(more.districts.map((d) => d.code)).toEqual([`3799${String(first).padStart(2, "0")}000000`]);
    const [count] = await rows<{ n: number; ids: number; distinct_ids: number }>(`
      SELECT (SELECT count(*)::int FROM household WHERE village_code LIKE '3799%') AS n,
             (SELECT count(*)::int FROM member) AS ids, (SELECT count(DISTINCT id_number_bidx)::int FROM member) AS distinct_ids`);
    expect(count!.n).toBe(N + 300);
    expect(count!.ids).toBe(count!.distinct_ids);
    await ok(`bench-district-${first}`, "/api/queues/district-review");
    // Both loads linked their audit entries onto the chain, after the demo's (decision 014).
    const chain = await verifyAuditChain(prismaQuery(t.prisma));
    expect(chain).toMatchObject({ ok: true, verified: await t.prisma.auditEntry.count() });
  });

  it("links every generated audit entry onto the SM3 chain", async () => {
    const chain = await verifyAuditChain(prismaQuery(t.prisma));
    expect(chain.problem).toBeNull();
    expect(chain.verified).toBe(await t.prisma.auditEntry.count());
    expect(chain.verified).toBeGreaterThanOrEqual(result.auditEntries);
  });
});
