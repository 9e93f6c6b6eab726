import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignHelperUser, designate } from "../../../test/assistance-fixtures.ts";
import { areaIdByName, householdPayload } from "../../../test/fixtures.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";

// The test clock's today is Monday 2026-11-23 (China time).
let t: TestApp;
let township: string;
let village: string;
let district: string;
let helper: string;
let zhangcun: number;

beforeAll(async () => {
  t = await createTestApp();
  [township, village, district, helper] = await Promise.all(["township", "village", "district", "helper"].map((u) => signIn(t.app, u))) as [string, string, string, string];
  zhangcun = await areaIdByName(t.prisma, "张村");
});
afterAll(() => t.close());

const post = (cookie: string, url: string, payload: unknown) => t.app.inject({ method: "POST", url, headers: { cookie }, payload: payload as object });
const get = (cookie: string, url: string) => t.app.inject({ method: "GET", url, headers: { cookie } });

/** A household of 张村 designated (its assistance file opened) on `openedOn`. */
async function monitoredHousehold(openedOn = "2026-10-15"): Promise<string> {
  const res = await post(township, "/api/households", householdPayload(zhangcun));
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  await designate(t, id, openedOn);
  return id;
}

const visitBody = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(), visitedOn: "2026-11-20", mode: "IN_PERSON", metWith: "户主本人", findings: "家中生活正常，务工收入稳定。", nextSteps: "继续落实务工补贴", ...over,
});
const file = (householdId: string) => t.prisma.assistanceFile.findUniqueOrThrow({ where: { householdId } });
const iso = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;

describe("recording a visit", () => {
  it("stores a visit sent twice once: 201, then 200 with the stored visit", async () => {
    const hh = await monitoredHousehold();
    const body = visitBody();
    const first = await post(township, `/api/assistance/${hh}/visits`, body);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ id: body.id, householdId: hh, kind: "TOWNSHIP", visitedOn: "2026-11-20", visitor: { name: "张村镇 李专干" } });
    const again = await post(township, `/api/assistance/${hh}/visits`, body);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await t.prisma.visit.count({ where: { householdId: hh } })).toBe(1);
    expect(await t.prisma.auditEntry.count({ where: { action: "visit.create", entityId: body.id } })).toBe(1);
    const list = await get(township, `/api/assistance/${hh}/visits`);
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: body.id }] });
  });

  it("stores two identical visits sent at the same moment once", async () => {
    const hh = await monitoredHousehold();
    const body = visitBody({ changes: { conditions: [{ kind: "DRINKING_WATER", value: "MET" }], newRiskCauses: [], income: null, riskClass: null } });
    const results = await Promise.all([post(village, `/api/assistance/${hh}/visits`, body), post(village, `/api/assistance/${hh}/visits`, body)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(results[0]!.json()).toEqual(results[1]!.json());
    expect(await t.prisma.visit.count({ where: { householdId: hh } })).toBe(1);
    expect(await t.prisma.conditionRecord.count({ where: { householdId: hh, source: "VISIT" } })).toBe(1);
    expect(await t.prisma.auditEntry.count({ where: { action: "visit.create", entityId: body.id } })).toBe(1);
  });

  it("refuses an id reused with other content or for another household (409), and stores nothing", async () => {
    const hh = await monitoredHousehold();
    const other = await monitoredHousehold();
    const body = visitBody();
    expect((await post(township, `/api/assistance/${hh}/visits`, body)).statusCode).toBe(201);
    const changed = await post(township, `/api/assistance/${hh}/visits`, { ...body, findings: "另一条记录" });
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({ code: "VISIT_ID_CONFLICT", message: expect.stringContaining("走访记录编号") });
    const elsewhere = await post(township, `/api/assistance/${other}/visits`, body);
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().code).toBe("VISIT_ID_CONFLICT");
    expect(await t.prisma.visit.count({ where: { householdId: { in: [hh, other] } } })).toBe(1);
  });

  it("lets a HELPER record only on assigned households (404 otherwise, no existence leak)", async () => {
    const assigned = await monitoredHousehold();
    const unassigned = await monitoredHousehold();
    const helperId = await assignHelperUser(t.prisma, "helper", assigned, "2026-10-20");
    const refused = await post(helper, `/api/assistance/${unassigned}/visits`, visitBody());
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe("ASSISTANCE_FILE_NOT_FOUND");
    expect((await get(helper, `/api/assistance/${unassigned}/visits`)).statusCode).toBe(404);
    const body = visitBody({ mode: "PHONE" });
    const ok = await post(helper, `/api/assistance/${assigned}/visits`, body);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ kind: "HELPER", mode: "PHONE", visitor: { name: "区农业农村局 周帮扶" } });
    expect((await t.prisma.visit.findUniqueOrThrow({ where: { id: body.id } })).helperId).toBe(helperId);
    expect((await get(helper, `/api/assistance/${assigned}/visits`)).json().total).toBe(1);
  });

  it("needs an open assistance file, a date not in the future and not before the file opened", async () => {
    const plain = await post(township, "/api/households", householdPayload(zhangcun));
    const noFile = await post(township, `/api/assistance/${plain.json().id}/visits`, visitBody());
    expect(noFile.statusCode).toBe(404);
    expect(noFile.json().code).toBe("ASSISTANCE_FILE_NOT_FOUND");
    const hh = await monitoredHousehold("2026-10-15");
    const future = await post(township, `/api/assistance/${hh}/visits`, visitBody({ visitedOn: "2026-11-24" }));
    expect(future.statusCode).toBe(400);
    expect(future.json().details).toEqual([{ path: "visitedOn", message: "走访日期不能晚于今天" }]);
    const early = await post(township, `/api/assistance/${hh}/visits`, visitBody({ visitedOn: "2026-10-14" }));
    expect(early.json().details).toEqual([{ path: "visitedOn", message: "走访日期不能早于建档日期（2026-10-15）" }]);
    const badValue = await post(township, `/api/assistance/${hh}/visits`, visitBody({ changes: { conditions: [{ kind: "HOUSING_SAFETY", value: "MET" }] } }));
    expect(badValue.statusCode).toBe(400);
    expect(await t.prisma.visit.count({ where: { householdId: hh } })).toBe(0);
  });
});

describe("the visit clock", () => {
  it("a district random check does not move the due date; a township visit does, the later date winning", async () => {
    const hh = await monitoredHousehold("2026-10-15");
    const opened = await file(hh);
    expect(iso(opened.nextVisitDue)).toBe("2026-11-16"); // 10-15 + 30 = Saturday 11-14 → Monday
    const check = await post(district, `/api/assistance/${hh}/visits`, visitBody({ visitedOn: "2026-11-20", mode: "PHONE" }));
    expect(check.statusCode, check.body).toBe(201);
    expect(check.json().kind).toBe("SUPERVISORY");
    const afterCheck = await file(hh);
    expect({ last: iso(afterCheck.lastVisitOn), due: iso(afterCheck.nextVisitDue) }).toEqual({ last: null, due: "2026-11-16" });

    // 11-05 + 30 = Saturday 12-05 → Monday 12-07.
    expect((await post(township, `/api/assistance/${hh}/visits`, visitBody({ visitedOn: "2026-11-05" }))).statusCode).toBe(201);
    const afterVisit = await file(hh);
    expect({ last: iso(afterVisit.lastVisitOn), due: iso(afterVisit.nextVisitDue) }).toEqual({ last: "2026-11-05", due: "2026-12-07" });
    // An older visit recorded late does not move the clock back.
    expect((await post(village, `/api/assistance/${hh}/visits`, visitBody({ visitedOn: "2026-10-20" }))).statusCode).toBe(201);
    expect(iso((await file(hh)).lastVisitOn)).toBe("2026-11-05");
    const list = (await get(township, `/api/assistance/${hh}/visits`)).json();
    expect(list.items.map((v: { visitedOn: string }) => v.visitedOn)).toEqual(["2026-11-20", "2026-11-05", "2026-10-20"]);
  });

  it("a due date in the National Day holiday moves to the first working day after it", async () => {
    const hh = await monitoredHousehold("2026-08-03");
    // 09-01 + 30 = 10-01 (国庆节, 10-01 to 10-07).
    expect((await post(township, `/api/assistance/${hh}/visits`, visitBody({ visitedOn: "2026-09-01" }))).statusCode).toBe(201);
    expect(iso((await file(hh)).nextVisitDue)).toBe("2026-10-08");
  });
});

describe("changes found on a visit", () => {
  it("update the household's conditions, income, risk causes and class in the same transaction, each audited", async () => {
    const hh = await monitoredHousehold("2026-10-15");
    const before = await t.prisma.household.findUniqueOrThrow({ where: { id: hh } });
    const body = visitBody({
      visitedOn: "2026-11-06",
      changes: {
        income: { year: 2026, items: { wageIncome: 12000 } },
        conditions: [{ kind: "HOUSING_SAFETY", value: "C", note: "墙体开裂" }, { kind: "MEDICAL_INSURANCE", value: "MET" }],
        newRiskCauses: ["DISASTER", "SERIOUS_ILLNESS"],
        riskClass: "A",
      },
    });
    const res = await post(village, `/api/assistance/${hh}/visits`, body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().changes).toMatchObject({ riskClass: "A", newRiskCauses: ["DISASTER", "SERIOUS_ILLNESS"], income: { year: 2026, items: { wageIncome: 12000 } } });

    const conditions = await t.prisma.conditionRecord.findMany({ where: { householdId: hh }, orderBy: { kind: "asc" } });
    expect(conditions.map((c) => ({ kind: c.kind, value: c.value, source: c.source, visitId: c.visitId, on: iso(c.observedOn) }))).toEqual([
      { kind: "HOUSING_SAFETY", value: "C", source: "VISIT", visitId: body.id, on: "2026-11-06" },
      { kind: "MEDICAL_INSURANCE", value: "MET", source: "VISIT", visitId: body.id, on: "2026-11-06" },
    ]);
    const income = await t.prisma.householdIncomeYear.findUniqueOrThrow({ where: { householdId_year: { householdId: hh, year: 2026 } } });
    expect(income.wageIncomeFen).toBe(1_200_000);
    const after = await t.prisma.household.findUniqueOrThrow({ where: { id: hh } });
    expect(after.riskCauses).toEqual(["SERIOUS_ILLNESS", "DISASTER"]);
    expect(after.version).toBe(before.version + 1);
    const f = await file(hh);
    // Class A: visited every 15 days; 11-06 + 15 = Saturday 11-21 → Monday 11-23.
    expect({ cls: f.riskClass, on: iso(f.riskClassOn), last: iso(f.lastVisitOn), due: iso(f.nextVisitDue) })
      .toEqual({ cls: "A", on: "2026-11-06", last: "2026-11-06", due: "2026-11-23" });

    const audit = await t.prisma.auditEntry.findMany({ where: { householdId: hh, actorName: "village" }, orderBy: { id: "asc" } });
    const actions = audit.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["visit.create", "condition.record", "income_year.update", "household.risk_causes_add", "assistance.risk_class"]));
    expect(actions.filter((a) => a === "condition.record")).toHaveLength(2);
    const created = audit.find((a) => a.action === "visit.create")!;
    expect(created).toMatchObject({ actorName: "village", entityType: "visit", entityId: body.id });
    expect((created.after as { findings: string }).findings).toBe(body.findings);
  });
});
