import { HOUSEHOLD_SHEET_COLUMNS, readHouseholdRows } from "@fanpin/domain/import/household-sheet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName, householdPayload } from "../../../test/fixtures.ts";
import { parseCsv, xlsxToCsv } from "../../../test/libreoffice.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";
import { householdsInBatches } from "./households.repository.ts";

let t: TestApp;
const cookie: Record<string, string> = {};
let zhangcun: number;
let created: { id: string; householdNo: string };
const payload = householdPayload(0, { category: "ORDINARY", addressDetail: "张村 3 排 5 号", difficultyDescription: "户主患病，收入骤减" });

beforeAll(async () => {
  t = await createTestApp();
  for (const u of ["township", "township2", "village", "city"]) cookie[u] = await signIn(t.app, u);
  zhangcun = await areaIdByName(t.prisma, "张村");
  payload.villageId = zhangcun;
  payload.members[0]!.name = "导出户主";
  payload.members[1]!.name = "导出配偶";
  payload.members[1]!.health = "CHRONIC_DISEASE";
  const res = await t.app.inject({ method: "POST", url: "/api/households", headers: { cookie: cookie.township! }, payload: payload as object });
  expect(res.statusCode, res.body).toBe(201);
  created = res.json();
});
afterAll(() => t.close());

const exportXlsx = (user: string, qs = "") => t.app.inject({ method: "GET", url: `/api/households/export.xlsx${qs}`, headers: { cookie: cookie[user]! } });
const fileNameOf = (disposition: string) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)![1]!);

/** The export as LibreOffice reads it: the header and the rows keyed by header. */
async function readExport(body: Buffer) {
  const [header, ...rows] = parseCsv(await xlsxToCsv(body)).filter((r) => r.some((c) => c !== ""));
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""]))) };
}

// LibreOffice reads the files (several seconds each on two shared cores).
describe("exporting the household list as .xlsx", { timeout: 120_000 }, () => {
  it("writes every member of the filtered households in the import sheet's format, ID numbers intact, and LibreOffice reads it", async () => {
    const res = await exportXlsx("township", `?areaId=${zhangcun}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(fileNameOf(String(res.headers["content-disposition"]))).toBe("户档案_张村_20261123.xlsx");
    const { header, rows } = await readExport(res.rawPayload);
    expect(header).toEqual(HOUSEHOLD_SHEET_COLUMNS.map((c) => c.header));
    const members = await t.prisma.member.count({ where: { household: { villageId: zhangcun } } });
    expect(rows).toHaveLength(members);
    const mine = rows.filter((r) => r["户编号"] === created.householdNo);
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatchObject({
      "户编号": created.householdNo, "村（社区）": "张村", "户类别": "一般农户", "认定类型": "", "联系电话": "13800000000",
      "详细地址": "张村 3 排 5 号", "A1 姓名": "导出户主", "A2 性别": "男", "A3 证件类型": "居民身份证",
      "A4 证件号码": payload.members[0]!.idNumber, "A5 与户主关系": "户主", "A6 民族": "汉族", "A10 健康状况": "健康",
      "A52a 致贫风险1": "因大病", "收入年度": "2025", "家庭具体困难或问题概述": "户主患病，收入骤减",
    });
    expect(mine[0]!["村（社区）统计用区划代码"]).toMatch(/^\d{12}$/);
    expect(mine[1]).toMatchObject({ "A1 姓名": "导出配偶", "A2 性别": "女", "A4 证件号码": payload.members[1]!.idNumber, "A10 健康状况": "长期慢性病", "户类别": "一般农户" });
    // Households come in 户编号 order, each one's members together, the head first.
    const numbers = rows.map((r) => r["户编号"]!);
    expect(numbers).toEqual([...numbers].sort());
  });

  it("reads back as the same household through the import's sheet reader", async () => {
    const res = await exportXlsx("township", `?q=${encodeURIComponent("导出户主")}`);
    const { rows } = await readExport(res.rawPayload);
    expect(rows).toHaveLength(2);
    const { households, problems } = readHouseholdRows(rows.map((cells, i) => ({ row: i + 2, cells })));
    expect(problems).toEqual([]);
    expect(households).toHaveLength(1);
    const back = households[0]!.request;
    expect(back).toMatchObject({
      householdNo: created.householdNo, category: "ORDINARY", designation: null, phone: "13800000000", addressDetail: "张村 3 排 5 号",
      riskCauses: ["SERIOUS_ILLNESS"], incomeYear: 2025, difficultyDescription: "户主患病，收入骤减",
    });
    expect(back.income as Record<string, number>).toMatchObject({ wageIncome: 8000, minimumLiving: 1200.5, productionCost: 500 });
    expect(back.members.map((m) => ({ name: m.name, idNumber: m.idNumber, gender: m.gender, relation: m.relation, health: m.health, workMonths: m.workMonths }))).toEqual(
      payload.members.map((m) => ({ name: m.name, idNumber: m.idNumber, gender: m.gender, relation: m.relation, health: m.health, workMonths: m.workMonths })),
    );
  });

  it("applies the list's filters and the user's area, and refuses an area outside it before sending anything", async () => {
    const filtered = await readExport((await exportXlsx("township", `?areaId=${zhangcun}&category=LIFTED_WITH_POLICY`)).rawPayload);
    expect(filtered.rows.length).toBeGreaterThan(0);
    expect(new Set(filtered.rows.map((r) => r["户类别"]))).toEqual(new Set(["脱贫享受政策户"]));
    expect(filtered.rows.map((r) => r["户编号"])).not.toContain(created.householdNo);

    const outside = await exportXlsx("township2", `?areaId=${zhangcun}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.headers["content-type"]).toMatch(/application\/json/);
    expect(outside.json().code).toBe("AREA_NOT_FOUND");

    const other = await readExport((await exportXlsx("township2")).rawPayload);
    const yangtingPrefix = (await t.prisma.area.findFirstOrThrow({ where: { name: "羊亭镇" } })).code.slice(0, 9);
    expect(other.rows.length).toBeGreaterThan(0);
    expect(other.rows.every((r) => r["村（社区）统计用区划代码"]!.startsWith(yangtingPrefix))).toBe(true);

    const village = await readExport((await exportXlsx("village")).rawPayload);
    expect(new Set(village.rows.map((r) => r["村（社区）"]))).toEqual(new Set(["张村"]));

    const bad = await exportXlsx("township", "?category=NOPE");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("VALIDATION_FAILED");
  });

  it("records the export in the audit trail as a read of personal data, with filter and counts", async () => {
    const before = await t.prisma.auditEntry.count({ where: { action: "household.export" } });
    const res = await exportXlsx("township", `?areaId=${zhangcun}&designation=NONE`);
    expect(res.statusCode).toBe(200);
    const entries = await t.prisma.auditEntry.findMany({ where: { action: "household.export" }, orderBy: { id: "desc" } });
    expect(entries).toHaveLength(before + 1);
    const where = { villageId: zhangcun, designation: null };
    const households = await t.prisma.household.count({ where });
    const members = await t.prisma.member.count({ where: { household: where } });
    expect(entries[0]).toMatchObject({
      actorName: "township", actorRole: "TOWNSHIP_STAFF", entityType: "household-list", householdId: null,
      after: { filter: { areaId: zhangcun, designation: "NONE", area: "张村" }, households, rows: members },
    });
    expect(members).toBeGreaterThan(0);
    // A refused export reads nothing and records nothing.
    await exportXlsx("township2", `?areaId=${zhangcun}`);
    expect(await t.prisma.auditEntry.count({ where: { action: "household.export" } })).toBe(before + 1);
  });

  it("reads the households in batches by 户编号, each exactly once", async () => {
    const where = { villageCode: { startsWith: "371002" } };
    const seen: string[] = [];
    let batches = 0;
    for await (const batch of householdsInBatches(t.prisma, where, 7)) {
      batches++;
      expect(batch.length).toBeLessThanOrEqual(7);
      seen.push(...batch.map((h) => h.householdNo));
    }
    const all = await t.prisma.household.findMany({ where, select: { householdNo: true }, orderBy: { householdNo: "asc" } });
    expect(seen).toEqual(all.map((h) => h.householdNo));
    expect(batches).toBe(Math.ceil(all.length / 7));
  });
});
