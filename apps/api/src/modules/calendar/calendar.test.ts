import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, "admin");
});
afterAll(() => t.close());

const get = (url: string, cookie?: string) => t.app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });

describe("working-day calendar API", () => {
  it("counts working days over the 2025 National Day week and its make-up Saturday", async () => {
    // Tuesday 30 Sep 2025; 1–8 Oct are off; Saturday 11 Oct is a make-up working day.
    expect((await get("/api/calendar/working-days?from=2025-09-30&days=3")).json()).toEqual({ date: "2025-10-11", complete: true });
    expect((await get("/api/calendar/working-days?from=2025-09-30&days=1")).json()).toEqual({ date: "2025-10-09", complete: true });
  });

  it("says a deadline is incomplete when it runs into a year without data", async () => {
    expect((await get("/api/calendar/working-days?from=2026-12-28&days=5")).json()).toEqual({ date: "2027-01-04", complete: false });
  });

  it("tells holidays and make-up days by name", async () => {
    expect((await get("/api/calendar/days/2026-10-01")).json()).toMatchObject({ date: "2026-10-01", isWorkingDay: false, name: "国庆节" });
    expect((await get("/api/calendar/days/2026-02-14")).json()).toMatchObject({ isWorkingDay: true });
    expect((await get("/api/calendar/days/2026-11-24")).json()).toMatchObject({ isWorkingDay: true, name: null });
  });

  it("refuses bad dates and counts with the error shape", async () => {
    for (const url of ["/api/calendar/working-days?from=2026-13-01&days=3", "/api/calendar/working-days?from=2026-11-01&days=-1", "/api/calendar/days/20261101"]) {
      const res = await get(url);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe("VALIDATION_FAILED");
    }
  });

  it("lets an administrator override a day (audited), and nobody else", async () => {
    const district = await signIn(t.app, "district");
    const denied = await t.app.inject({ method: "PUT", url: "/api/calendar/overrides/2026-12-31", headers: { cookie: district }, payload: { isWorkingDay: false } });
    expect(denied.statusCode).toBe(403);
    const res = await t.app.inject({
      method: "PUT", url: "/api/calendar/overrides/2026-12-31", headers: { cookie: admin }, payload: { isWorkingDay: false, name: "元旦调休", note: "按国办通知" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await get("/api/calendar/days/2026-12-31")).json()).toMatchObject({ isWorkingDay: false, name: "元旦调休" });
    expect(await t.prisma.auditEntry.count({ where: { action: "calendar.setOverride", entityId: "2026-12-31" } })).toBe(1);
    await t.app.inject({ method: "DELETE", url: "/api/calendar/overrides/2026-12-31", headers: { cookie: admin } });
    expect((await get("/api/calendar/days/2026-12-31")).json()).toMatchObject({ isWorkingDay: true });
  });

  it("warns administrators before a year without data, until they enter it", async () => {
    const before = (await get("/api/calendar/coverage", admin)).json();
    expect(before.yearsNeedingData).toEqual([2027]);
    expect(before.warning).toContain("2027");
    expect(before.coveredYears).toContain(2026);
    await t.app.inject({ method: "PUT", url: "/api/calendar/overrides/2027-01-01", headers: { cookie: admin }, payload: { isWorkingDay: false, name: "元旦" } });
    const declared = await t.app.inject({ method: "POST", url: "/api/calendar/years", headers: { cookie: admin }, payload: { year: 2027, source: "国办发明电〔2026〕X号" } });
    expect(declared.statusCode).toBe(200);
    const after = (await get("/api/calendar/coverage", admin)).json();
    expect(after).toMatchObject({ yearsNeedingData: [], warning: null });
    expect((await get("/api/calendar/working-days?from=2026-12-28&days=5")).json()).toEqual({ date: "2027-01-05", complete: true });
  });
});
