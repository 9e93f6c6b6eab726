import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assistanceHarness, type Json } from "../../../test/assistance-harness.ts";
import { areaIdByName } from "../../../test/fixtures.ts";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";

/**
 * The HELPER role across the whole API: every route of the app (from the
 * OpenAPI document) is tried as `helper`. HELPER holds no household.*,
 * case.* or report.* permission, so everything but its own and the
 * assistance routes answers 403; the assistance routes answer 404 on a
 * household not assigned to it (or outside its area) and 200 on one that is;
 * a reassignment to someone else takes the access away.
 */

let t: TestApp;
let h: ReturnType<typeof assistanceHarness>;
let assigned: Json;
let unassigned: Json;
let outside: Json;
let register: Json; // the register entry linked to `helper`
let other: Json;

type Operation = { method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; path: string };
let operations: Operation[];

/** Reachable by any signed-in user (their own session, notifications, the calendar): not part of the matrix. */
const OWN = [/^\/api\/rules$/, /^\/api\/auth\//, /^\/api\/notifications/, /^\/api\/calendar\/(working-days|days|coverage|overrides)/, /^\/api\/health$/, /^\/api\/openapi/, /^\/api\/docs/,
  // The public self-report page answers everyone, signed in or not.
  /^\/api\/public\//];
/** Assistance routes about one household: 404 unless assigned (or 403 where HELPER lacks the permission). */
const PER_HOUSEHOLD = /^\/api\/assistance\/\{householdId\}/;

/** A valid body where HELPER holds the permission (so the answer is about access, not a 400 for the body). */
const bodyOf = (method: string, path: string): object | undefined => {
  if (method === "GET") return undefined;
  if (path.endsWith("/visits")) {
    return { id: "01a24000-0000-7000-8000-0000000000aa", visitedOn: "2026-10-01", mode: "IN_PERSON", metWith: "户主", findings: "家中情况稳定" };
  }
  return {};
};

const url = (path: string, householdId: string) =>
  path.replace("{householdId}", householdId).replace("{queue}", "visits-due").replace("{date}", "2026-10-01").replace("{year}", "2026")
    .replace(/\{[^}]+\}/g, "01a24000-0000-7000-8000-000000000000");

beforeAll(async () => {
  t = await createTestApp();
  h = assistanceHarness(t);
  const zhangcunTown = await areaIdByName(t.prisma, "张村镇", "TOWNSHIP");
  const zhangcun = await areaIdByName(t.prisma, "张村");
  const yangting = await areaIdByName(t.prisma, "羊亭");
  const helperUser = await t.prisma.user.findUniqueOrThrow({ where: { username: "helper" } });
  register = await h.newHelper("township", zhangcunTown, { name: "周帮扶", userId: helperUser.id });
  other = await h.newHelper("township", zhangcunTown, { name: "另一位" });
  assigned = await h.designatedHousehold(zhangcun, "帮扶甲");
  unassigned = await h.designatedHousehold(zhangcun, "帮扶乙");
  outside = await h.designatedHousehold(yangting, "帮扶丙", undefined, "township2");
  expect((await h.assign("township", assigned.id, register.id)).statusCode).toBe(200);
  const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).filter((m) => ["get", "post", "put", "patch", "delete"].includes(m)).map((m) => ({ method: m.toUpperCase() as Operation["method"], path })));
});
afterAll(() => t.close());

describe("HELPER × every route × area", () => {
  it("finds the app's routes", () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(operations).toContainEqual({ method: "GET", path: "/api/assistance/{householdId}" });
    expect(operations).toContainEqual({ method: "GET", path: "/api/households" });
  });

  it("answers 403 on every route outside the assistance routes and its own session's", async () => {
    const failures: string[] = [];
    for (const op of operations) {
      if (OWN.some((r) => r.test(op.path)) || op.path.startsWith("/api/assistance/")) continue;
      const res = await h.call("helper", op.method, url(op.path, assigned.id), ["GET", "DELETE"].includes(op.method) ? undefined : {});
      if (res.statusCode !== 403) failures.push(`${op.method} ${op.path}: ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it("answers 404 (or 403) on a household not assigned to it, in or outside its area, and reads the one assigned", async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => PER_HOUSEHOLD.test(o.path))) {
      for (const target of [unassigned, outside]) {
        const res = await h.call("helper", op.method, url(op.path, target.id), bodyOf(op.method, op.path));
        if (![403, 404].includes(res.statusCode)) failures.push(`${op.method} ${op.path} (${target.headName}): ${res.statusCode}`);
        if (res.statusCode === 404 && !["ASSISTANCE_FILE_NOT_FOUND", "HOUSEHOLD_NOT_FOUND"].includes(res.json().code)) failures.push(`${op.path}: ${res.json().code}`);
      }
      if (op.method === "GET") {
        const res = await h.call("helper", "GET", url(op.path, assigned.id));
        if (res.statusCode !== 200) failures.push(`GET ${op.path} (assigned): ${res.statusCode} ${res.body}`);
      }
    }
    expect(failures).toEqual([]);
    const file = await h.ok("helper", "GET", `/api/assistance/${assigned.id}`);
    expect(file.assignments[0].helper.name).toBe("周帮扶");
    // The helper cannot assign.
    expect((await h.assign("helper", assigned.id, register.id)).statusCode).toBe(403);
  });

  it("sees in visits-due only the households assigned to it; the desk queues are 403", async () => {
    const q = await h.ok("helper", "GET", "/api/assistance/queues/visits-due?pageSize=100");
    expect(q.items.map((i: Json) => i.householdId)).toEqual([assigned.id]);
    expect(q.total).toBe(1);
    expect(q.buckets.overdue + q.buckets.dueToday + q.buckets.dueNextWorkingDay + q.buckets.later).toBe(1);
    expect((await h.call("helper", "GET", "/api/assistance/queues/township-assign")).statusCode).toBe(403);
    expect((await h.call("helper", "GET", "/api/assistance/queues/township-reviews")).statusCode).toBe(403);
  });

  it("loses the household when it is reassigned to someone else", async () => {
    const res = await h.assign("township", assigned.id, other.id, { reason: "帮扶责任人调整" });
    expect(res.statusCode, res.body).toBe(200);
    const gone = await h.call("helper", "GET", `/api/assistance/${assigned.id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe("ASSISTANCE_FILE_NOT_FOUND");
    expect((await h.ok("helper", "GET", "/api/assistance/queues/visits-due")).items).toEqual([]);
    // The desk still sees the history: 周帮扶's assignment ended.
    const file = await h.ok("township", "GET", `/api/assistance/${assigned.id}`);
    expect(file.history[0]).toMatchObject({ helper: { name: "周帮扶" }, endReason: "帮扶责任人调整" });
  });

  it("a helper account whose register entry is deactivated reaches nothing", async () => {
    expect((await h.assign("township", unassigned.id, register.id)).statusCode).toBe(200);
    expect((await h.call("helper", "GET", `/api/assistance/${unassigned.id}`)).statusCode).toBe(200);
    const current = await h.ok("township", "GET", "/api/helpers?q=周帮扶");
    await h.ok("township", "PATCH", `/api/helpers/${register.id}`, { isActive: false, version: current.items[0].version });
    expect((await h.call("helper", "GET", `/api/assistance/${unassigned.id}`)).statusCode).toBe(404);
    expect((await h.ok("helper", "GET", "/api/assistance/queues/visits-due")).items).toEqual([]);
  });
});
