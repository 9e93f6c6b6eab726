// LOCAL_RULES is read by the real server: a process started with
// LOCAL_RULES=national answers with the national model and opens its cases
// under it, where the same database served by default runs Weihai's rules.
import { afterAll, beforeAll, expect, it } from "vitest";
import { signInOver, startApiProcess, type ApiProcess } from "../../../test/api-process.ts";
import { householdPayload } from "../../../test/fixtures.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
let api: ApiProcess;

beforeAll(async () => {
  t = await createTestApp();
  api = await startApiProcess({ databaseUrl: t.connectionString, migrationDatabaseUrl: t.ownerConnectionString, env: { LOCAL_RULES: "national", JOBS: "off" } });
}, 180_000);

afterAll(async () => {
  await api?.stop();
  await t?.close();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

it("without LOCAL_RULES the API runs Weihai's rules", async () => {
  const cookie = await signIn(t.app, "district");
  const rules = (await t.app.inject({ method: "GET", url: "/api/rules", headers: { cookie } })).json();
  expect(rules.preset).toBe("weihai");
  expect(rules.monitoringTypes).toEqual([]);
});

it("a process started with LOCAL_RULES=national describes the national model and opens MONITORING_IDENTIFICATION cases", async () => {
  const cookie = await signInOver(api.base, "township");
  const get = async (url: string) => {
    const res = await fetch(`${api.base}${url}`, { headers: { cookie } });
    expect(res.status, url).toBe(200);
    return (await res.json()) as Json;
  };
  const post = async (url: string, body: unknown) => {
    const res = await fetch(`${api.base}${url}`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(res.status, `${url}: ${res.status}`).toBeLessThan(300);
    return (await res.json()) as Json;
  };
  const rules = await get("/api/rules");
  expect(rules).toMatchObject({ preset: "national", name: expect.stringContaining("全国") });
  expect(rules.monitoringTypes.map((m: Json) => m.code)).toEqual(["UNSTABLE_LIFTED", "EDGE_AT_RISK", "SUDDEN_HARDSHIP"]);
  expect(rules.procedures.map((p: Json) => p.kind)).toEqual(["MONITORING_IDENTIFICATION", "RISK_ELIMINATION"]);

  const village = await t.prisma.area.findFirstOrThrow({ where: { name: "张村", level: "VILLAGE" } });
  const household = await post("/api/households", householdPayload(village.id, { category: "LIFTED_WITH_POLICY" }));
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const c = await post("/api/cases", {
    householdId: household.id, lead: { source: "DAILY_VISIT", receivedOn: today, riskCauses: ["SERIOUS_ILLNESS"], description: "户主突患重病" },
  });
  expect(c).toMatchObject({ procedure: "MONITORING_IDENTIFICATION", ruleSet: "national", stage: "TOWNSHIP_VERIFICATION", firstClueOn: today });
  expect(c.limitDeadline).not.toBeNull();
  expect(c.availableActions).toEqual(expect.arrayContaining(["RECORD_CONSENT", "RECORD_VERIFICATION", "RECORD_APPRAISAL", "SUBMIT"]));
  const row = await t.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
  expect(row).toMatchObject({ procedure: "MONITORING_IDENTIFICATION", ruleSet: "national" });
});
