import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName, householdPayload } from "../../../test/fixtures.ts";
import { parseCsv, xlsxToCsv } from "../../../test/libreoffice.ts";
import { TestSessions } from "../../../test/sessions.ts";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { dataKeys } from "../../lib/data-crypto.ts";

// The test clock starts on Monday 2026-11-23, 10:00 in China.
let t: TestApp;
let sessions: TestSessions;
let zhangcun: number;
const idNumbers: string[] = [];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(user: string, method: "GET" | "POST", url: string, payload?: unknown) {
  // Sessions end after 30 idle minutes and tests move the clock by days: TestSessions signs in again when the clock
  // says so, and an unexpected 401 fails.
  const res = await sessions.inject(user, { method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return res;
}
const today = () => new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  sessions = new TestSessions(t);
  await sessions.signIn("township", "township2", "village");
  zhangcun = await areaIdByName(t.prisma, "张村");
  // Seven leads opened on seven different days, most recent first, so their deadlines differ from their creation order.
  t.clock.advanceMinutes(-10 * 24 * 60);
  for (let i = 0; i < 7; i++) {
    const payload = householdPayload(zhangcun, { category: "LIFTED_WITH_POLICY" });
    payload.members[0]!.name = `队列${i}`;
    idNumbers.push(...payload.members.map((m) => m.idNumber));
    const h = (await call("township", "POST", "/api/households", payload)).json();
    const lead = { source: "DAILY_VISIT", receivedOn: today(), riskCauses: ["SERIOUS_ILLNESS", "DISASTER"], description: "走访发现" };
    const res = await call("township", "POST", "/api/cases", { householdId: h.id, lead });
    expect(res.statusCode, res.body).toBe(201);
    t.clock.advanceMinutes(24 * 60 + 7);
  }
  t.clock.advanceMinutes(3 * 24 * 60 - 7 * 7);
});
afterAll(() => t.close());

async function exportCsv(user: string, url: string) {
  const res = await call(user, "GET", url);
  expect(res.statusCode, res.body).toBe(200);
  const fileName = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(String(res.headers["content-disposition"]))![1]!);
  const rows = parseCsv(await xlsxToCsv(res.rawPayload)).filter((r) => r.some((c) => c !== ""));
  return { fileName, rows, text: res.rawPayload };
}

async function allPages(user: string, url: string): Promise<Json[]> {
  const items: Json[] = [];
  for (let page = 1; ; page++) {
    const res = (await call(user, "GET", `${url}${url.includes("?") ? "&" : "?"}page=${page}&pageSize=3`)).json();
    items.push(...res.items);
    if (items.length >= res.total) return items;
  }
}

describe("exporting a work queue as .xlsx", () => {
  it("writes every row of the queue, all pages, in its deadline order, with the columns the queue shows", async () => {
    const queue = await allPages("township", "/api/queues/township-leads");
    expect(queue.length).toBeGreaterThanOrEqual(7);
    const { fileName, rows } = await exportCsv("township", "/api/queues/township-leads/export.xlsx");
    expect(fileName).toBe(`待核实线索_张村镇_${today().replaceAll("-", "")}.xlsx`);
    const [title, header, ...data] = rows;
    expect(title![0]).toBe(`待核实线索（张村镇），截至 ${today()}`);
    expect(header).toEqual([
      "序号", "案件编号", "户主", "户编号", "乡镇（街道）", "村（社区）", "户类别", "认定类型", "办理程序", "当前阶段", "风险类型",
      "立案日期", "本阶段开始", "办理期限", "剩余天数", "期限状态", "退回次数", "先帮扶后认定",
    ]);
    expect(data.map((r) => r[1])).toEqual(queue.map((c) => c.caseNo));
    const deadlines = data.map((r) => r[13]!);
    expect(deadlines).toEqual([...deadlines].sort());
    const first = queue[0]!;
    expect(data[0]).toEqual([
      "1", first.caseNo, first.household.headName, first.household.householdNo, "张村镇", "张村", "脱贫享受政策户", "未认定", "脱贫享受政策户 → 脱贫监测户", "乡镇入户核实",
      "因大病、因灾", first.openedOn, first.stageStartedOn, first.deadline.deadline, String(first.deadline.remainingDays),
      `逾期 ${-first.deadline.remainingDays} 个工作日`, "0", "否",
    ]);
    expect(first.deadline.bucket).toBe("OVERDUE");
  });

  it("applies the queue's filters (bucket, search) and carries no ID number", async () => {
    const overdue = await allPages("township", "/api/queues/township-leads?bucket=OVERDUE");
    const { rows, text } = await exportCsv("township", "/api/queues/township-leads/export.xlsx?bucket=OVERDUE&page=2&pageSize=1");
    expect(rows[0]![0]).toBe(`待核实线索（张村镇，逾期），截至 ${today()}`);
    expect(rows.slice(2).map((r) => r[1])).toEqual(overdue.map((c) => c.caseNo));
    expect(rows.slice(2).every((r) => r[15]!.startsWith("逾期"))).toBe(true);
    const csv = rows.flat().join(",");
    for (const id of idNumbers) expect(csv).not.toContain(id);
    // Nor any of the exported households' members (the 18-digit 户编号 is not an ID number).
    const members = await t.prisma.member.findMany({ where: { household: { householdNo: { in: rows.slice(2).map((r) => r[3]!) } } }, select: { idNumberEnc: true } });
    expect(members.length).toBeGreaterThan(0);
    for (const m of members) expect(csv).not.toContain(dataKeys().decryptText(m.idNumberEnc));
    expect(text.length).toBeGreaterThan(0);

    const searched = await exportCsv("township", `/api/queues/township-leads/export.xlsx?q=${encodeURIComponent("队列3")}`);
    expect(searched.rows.slice(2).map((r) => r[2])).toEqual(["队列3"]);
  });

  it("keeps to the user's area and answers refusals as JSON before any file", async () => {
    const other = await exportCsv("township2", "/api/queues/township-leads/export.xlsx");
    expect(other.rows.slice(2).every((r) => r[4] === "羊亭镇")).toBe(true);
    const outside = await call("township2", "GET", `/api/queues/township-leads/export.xlsx?areaId=${zhangcun}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe("AREA_NOT_FOUND");
    const unknown = await call("township", "GET", "/api/queues/no-such-queue/export.xlsx");
    expect(unknown.statusCode).toBe(400);
    const anonymous = await t.app.inject({ method: "GET", url: "/api/queues/township-leads/export.xlsx" });
    expect(anonymous.statusCode).toBe(401);
  });
});
