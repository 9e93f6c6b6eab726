import type { CreateHouseholdRequest } from "@fanpin/domain/household-schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName, householdPayload, newCitizenId } from "../../../test/fixtures.ts";
import { procedureHarness, type Harness, type Json } from "../../../test/procedure-harness.ts";
import { signIn } from "../../../test/test-app.ts";
import ExcelJS from "../../lib/exceljs.ts";
import { endElapsedPublicity } from "../jobs/publicity-end.ts";
import { produceReportSnapshots } from "./report-snapshots.ts";

// Weihai rules. The test clock starts on Monday 2026-11-23, 10:00 in China, and only moves forward: the tests build on
// each other. Households are made in November; in December (the month of the lists) one is rolled back, one designated,
// two have their risk eliminated, one gets a new member, one has its category corrected and one moves to 羊亭镇.
let h: Harness;
let zhangcun: number;
let yangting: number;
const HUANCUI = "371002000000";

type Sheet = { title: string[]; header: string[]; rows: string[][] };
type Fixture = { id: string; householdNo: string; payload: CreateHouseholdRequest; names: string[] };
const f: Record<"P" | "K" | "V" | "R" | "M" | "I" | "O", Fixture> = {} as never;

beforeAll(async () => {
  h = await procedureHarness("weihai");
  zhangcun = await areaIdByName(h.t.prisma, "张村");
  yangting = (await h.t.prisma.area.findFirstOrThrow({ where: { level: "VILLAGE", parent: { name: "羊亭镇" } } })).id;
});
afterAll(() => h?.close());

async function sheets(user: string, url: string, cookie?: string): Promise<Record<string, Sheet>> {
  const res = cookie
    ? await h.t.app.inject({ method: "GET", url, headers: { cookie } })
    : await h.call(user, "GET", url);
  expect(res.statusCode, `${user} GET ${url}: ${res.body.slice(0, 300)}`).toBe(200);
  expect(res.headers["content-type"]).toContain("spreadsheetml");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const out: Record<string, Sheet> = {};
  wb.eachSheet((ws) => {
    const all: string[][] = [];
    ws.eachRow((row) => all.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
    const at = all.findIndex((r) => r[0] === "序号");
    out[ws.name] = { title: all.slice(0, at).map((r) => r[0]!), header: all[at]!, rows: all.slice(at + 1) };
  });
  return out;
}
const cell = (s: Sheet, row: string[], name: string) => row[s.header.indexOf(name)]!;
const ours = () => new Set(Object.values(f).map((x) => x.householdNo));
/** The fixture's rows of a sheet as "name|column…" texts, sorted. */
const rowsOf = (s: Sheet, columns: string[], only = ours()) => {
  const name = s.header.includes("姓名") ? "姓名" : "户主姓名";
  return s.rows.filter((r) => only.has(cell(s, r, "户编号"))).map((r) => [cell(s, r, name), ...columns.map((c) => cell(s, r, c))].join("|")).sort();
};

async function newHousehold(key: keyof typeof f, category: CreateHouseholdRequest["category"], names: [string, string]) {
  const base = householdPayload(zhangcun, { category });
  const payload = { ...base, members: [{ ...base.members[0]!, name: names[0] }, { ...base.members[1]!, name: names[1] }] };
  const created = await h.ok("township", "POST", "/api/households", payload);
  f[key] = { id: created.id, householdNo: created.householdNo, payload, names };
}

async function update(user: string, x: Fixture, change: (p: CreateHouseholdRequest) => Json, cookie?: string) {
  const detail = await h.ok("district", "GET", `/api/households/${x.id}`);
  const next = change(x.payload);
  const body = { ...next, version: detail.version, members: next.members.map((m: Json, i: number) => ({ ...m, id: detail.members[i]?.id })) };
  const res = cookie
    ? await h.t.app.inject({ method: "PUT", url: `/api/households/${x.id}`, headers: { cookie }, payload: body })
    : await h.call(user, "PUT", `/api/households/${x.id}`, body);
  expect(res.statusCode, res.body).toBe(200);
  x.payload = next as CreateHouseholdRequest;
}

const POLICY = "/api/ledgers/policy-population.xlsx";
const ROLLED_BACK = "/api/ledgers/rolled-back.xlsx";
let endReason = "";

describe("享受政策人口名单及增减名单", () => {
  it("lists the policy population of the date, marked, with the month's increments and decrements and their reasons", async () => {
    // 2026-11-23: the households of the fixture; 监测戊 designated (脱贫监测户) today, 即时己 (即时帮扶户) after its publicity.
    await newHousehold("P", "LIFTED_WITH_POLICY", ["政策甲", "政策甲妻"]);
    await newHousehold("K", "LIFTED_WITH_POLICY", ["更正乙", "更正乙妻"]);
    await newHousehold("V", "LIFTED_WITH_POLICY", ["迁出丙", "迁出丙妻"]);
    await newHousehold("R", "LIFTED_WITHOUT_POLICY", ["回退丁", "回退丁妻"]);
    await newHousehold("M", "LIFTED_WITH_POLICY", ["监测戊", "监测戊妻"]);
    await newHousehold("I", "ORDINARY", ["即时己", "即时己妻"]);
    await newHousehold("O", "ORDINARY", ["新认定庚", "新认定庚妻"]);
    expect((await h.walk(await h.openCase(f.M.id))).c.stage).toBe("DESIGNATED");
    expect((await h.walk(await h.openCase(f.I.id))).c.stage).toBe("DESIGNATED");
    expect(h.today()).toBe("2026-11-29");
    await h.days(1); // 2026-11-30

    // At the end of November: 监测戊 and 即时己 are marked; 回退丁 and 新认定庚 are not policy population.
    const nov = await sheets("district", `${POLICY}?asOf=2026-11-30`);
    expect(Object.keys(nov)).toEqual(["本期名单", "本月新增", "本月减少"]);
    const list = nov["本期名单"]!;
    expect(rowsOf(list, ["人员标识", "脱贫监测户", "即时帮扶人口", "户类别"])).toEqual([
      "即时己|即时帮扶人口||是|一般农户", "即时己妻|即时帮扶人口||是|一般农户",
      "政策甲|脱贫享受政策人口|||脱贫享受政策户", "政策甲妻|脱贫享受政策人口|||脱贫享受政策户",
      "更正乙|脱贫享受政策人口|||脱贫享受政策户", "更正乙妻|脱贫享受政策人口|||脱贫享受政策户",
      "监测戊|脱贫监测户|是||脱贫享受政策户", "监测戊妻|脱贫监测户|是||脱贫享受政策户",
      "迁出丙|脱贫享受政策人口|||脱贫享受政策户", "迁出丙妻|脱贫享受政策人口|||脱贫享受政策户",
    ].sort());
    expect(list.title[0]).toBe("环翠区享受政策人口名单");
    expect(list.title[1]).toMatch(/^数据截至 2026-11-30 24:00；本月增减自 2026-10-31 24:00 起；共 \d+ 户 \d+ 人，其中脱贫监测户 \d+ 人、即时帮扶人口 \d+ 人$/);
    // Full ID numbers: the file is an audited download.
    const head = list.rows.find((r) => cell(list, r, "姓名") === "政策甲")!;
    expect(cell(list, head, "证件号码")).toBe(f.P.payload.members[0]!.idNumber);
    // Registered in November: new households of the month.
    expect(rowsOf(nov["本月新增"]!, ["新增原因"], new Set([f.P.householdNo]))).toEqual(["政策甲妻|新增户（新登记或迁入本辖区）", "政策甲|新增户（新登记或迁入本辖区）"].sort());

    // December: rollback of 回退丁, designation of 新认定庚, risk elimination of 监测戊 and 即时己, all through their publicity.
    await h.days(1); // 2026-12-01
    const cases = [
      await h.openCase(f.R.id), await h.openCase(f.O.id), await h.openCase(f.M.id, "RISK_ELIMINATION"), await h.openCase(f.I.id, "RISK_ELIMINATION"),
    ];
    expect(cases.map((c) => c.procedure)).toEqual(["ROLLBACK", "INSTANT_ASSISTANCE_IDENTIFICATION", "RISK_ELIMINATION", "RISK_ELIMINATION"]);
    const running = [];
    for (const c of cases) running.push((await h.walk(c, { until: "PUBLICITY_RUNNING" })).c);
    await h.days(h.rules.publicity.days + 1);
    expect(await endElapsedPublicity({ prisma: h.t.prisma, clock: h.t.clock.now, config: h.t.config })).toBeGreaterThanOrEqual(4);
    for (const c of running) expect((await h.walk(await h.getCase(c.id))).c.stage).toMatch(/^(DESIGNATED|ELIMINATED)$/);
    const D = h.today();
    expect(D).toBe("2026-12-07");
    const ended = await h.t.prisma.designationPeriod.findFirstOrThrow({ where: { householdId: f.I.id } });
    expect(ended.endedOn?.toISOString().slice(0, 10)).toBe(D);
    endReason = ended.endReason ?? "";
    expect(endReason).not.toBe("");

    // The same day: a new member of 政策甲's household, 更正乙's category corrected by the administrator, 迁出丙 moves to 羊亭镇.
    const child = { ...f.P.payload.members[1]!, name: "政策甲子", gender: "MALE" as const, idNumber: newCitizenId(true), relation: "SON" as const };
    await update("township", f.P, (p) => ({ ...p, members: [...p.members, child] }));
    const admin = await signIn(h.t.app, "admin");
    await update("admin", f.K, (p) => ({ ...p, category: "LIFTED_WITHOUT_POLICY", categoryChangeReason: "核实为脱贫不再享受政策户" }), admin);
    await update("district", f.V, (p) => ({ ...p, villageId: yangting }));

    const dec = await sheets("district", `${POLICY}?asOf=${D}`);
    const now = dec["本期名单"]!;
    expect(now.title[1]).toContain(`数据截至 ${D} 24:00；本月增减自 2026-11-30 24:00 起`);
    expect(rowsOf(now, ["人员标识", "即时帮扶人口", "认定日期", "本月标识变化"])).toEqual([
      "政策甲|脱贫享受政策人口|||", "政策甲妻|脱贫享受政策人口|||", "政策甲子|脱贫享受政策人口|||",
      "迁出丙|脱贫享受政策人口|||", "迁出丙妻|脱贫享受政策人口|||",
      "回退丁|脱贫享受政策人口（回退户）|||", "回退丁妻|脱贫享受政策人口（回退户）|||",
      "监测戊|脱贫享受政策人口|||脱贫监测户 → 脱贫享受政策人口", "监测戊妻|脱贫享受政策人口|||脱贫监测户 → 脱贫享受政策人口",
      `新认定庚|即时帮扶人口|是|${D}|`, `新认定庚妻|即时帮扶人口|是|${D}|`,
    ].sort());
    expect(rowsOf(dec["本月新增"]!, ["新增原因"])).toEqual([
      "政策甲子|家庭成员增加（新入户）",
      "回退丁|回退为脱贫享受政策户", "回退丁妻|回退为脱贫享受政策户",
      `新认定庚|新认定为即时帮扶户（${D}）`, `新认定庚妻|新认定为即时帮扶户（${D}）`,
    ].sort());
    expect(rowsOf(dec["本月减少"]!, ["人员标识", "减少原因"])).toEqual([
      `即时己|即时帮扶人口|即时帮扶户退出（${D}）：${endReason}`, `即时己妻|即时帮扶人口|即时帮扶户退出（${D}）：${endReason}`,
      "更正乙|脱贫享受政策人口|户类别变更：脱贫享受政策户 → 脱贫不再享受政策户", "更正乙妻|脱贫享受政策人口|户类别变更：脱贫享受政策户 → 脱贫不再享受政策户",
    ].sort());
    // Nothing else changed in the district in the month: the demo households are on both lists.
    expect(dec["本月新增"]!.rows).toHaveLength(5);
    expect(dec["本月减少"]!.rows).toHaveLength(4);

    // 张村镇 sees 迁出丙 leave its area; 羊亭镇 sees the household arrive; neither sees the other's people.
    const own = await sheets("township", `${POLICY}?asOf=${D}`);
    expect(rowsOf(own["本月减少"]!, ["减少原因"], new Set([f.V.householdNo]))).toEqual(["迁出丙妻|户已不在本辖区（迁出或注销）", "迁出丙|户已不在本辖区（迁出或注销）"].sort());
    expect(new Set(own["本期名单"]!.rows.map((r) => cell(own["本期名单"]!, r, "乡镇（街道）")))).toEqual(new Set(["张村镇"]));
    const other = await sheets("township2", `${POLICY}?asOf=${D}`, await signIn(h.t.app, "township2"));
    expect(rowsOf(other["本月新增"]!, ["乡镇（街道）", "新增原因"])).toEqual(["迁出丙妻|羊亭镇|新增户（新登记或迁入本辖区）", "迁出丙|羊亭镇|新增户（新登记或迁入本辖区）"].sort());
    expect(rowsOf(other["本期名单"]!, [])).toEqual(["迁出丙", "迁出丙妻"].sort());
  }, 240_000);
});

describe("回退户名单", () => {
  it("lists the households rolled back up to the date, with the rollback's date, case and risk and their state on the date", async () => {
    const D = "2026-12-07";
    const [rollback] = await h.t.prisma.case.findMany({ where: { householdId: f.R.id } });
    const columns = ["乡镇（街道）", "村（社区）", "家庭人口数", "回退日期", "回退案件编号", "返贫风险", "当前状态"];
    const rolled = (await sheets("district", `${ROLLED_BACK}?asOf=${D}`))["回退户名单"]!;
    expect(rolled.header).toEqual(["序号", "乡镇（街道）", "村（社区）", "户编号", "户主姓名", "家庭人口数", "回退日期", "回退案件编号", "返贫风险", "当前状态"]);
    expect(rolled.title[0]).toBe("环翠区回退为“脱贫享受政策户”名单");
    expect(rowsOf(rolled, columns)).toEqual([`回退丁|张村镇|张村|2|${D}|${rollback!.caseNo}|因大病|仍为脱贫享受政策户`]);
    // The day before it was still under way; another township never has it.
    expect(rowsOf((await sheets("district", `${ROLLED_BACK}?asOf=2026-12-06`))["回退户名单"]!, columns)).toEqual([]);
    expect(rowsOf((await sheets("township2", `${ROLLED_BACK}?asOf=${D}`, await signIn(h.t.app, "township2")))["回退户名单"]!, columns)).toEqual([]);

    // Corrected back to 脱贫不再享受政策户 the next day: the list of that day says so, the list of the 7th does not change.
    await h.days(1); // 2026-12-08
    await update("admin", f.R, (p) => ({ ...p, category: "LIFTED_WITHOUT_POLICY", categoryChangeReason: "回退依据不足，更正" }), await signIn(h.t.app, "admin"));
    const later = (await sheets("township", `${ROLLED_BACK}?asOf=2026-12-08`))["回退户名单"]!;
    expect(rowsOf(later, ["回退日期", "当前状态"])).toEqual([`回退丁|${D}|已变更为脱贫不再享受政策户`]);
    expect(rowsOf((await sheets("district", `${ROLLED_BACK}?asOf=${D}`))["回退户名单"]!, ["当前状态"])).toEqual(["回退丁|仍为脱贫享受政策户"]);
  }, 120_000);
});

describe("the periodic lists' downloads", () => {
  it("are for report readers, inside their area only, and each download is audited", async () => {
    const helper = await signIn(h.t.app, "helper");
    for (const url of [POLICY, ROLLED_BACK]) {
      expect((await h.call("village", "GET", url)).json(), url).toMatchObject({ code: "FORBIDDEN" });
      expect((await h.t.app.inject({ method: "GET", url, headers: { cookie: helper } })).statusCode, url).toBe(403);
      const wendeng = await h.t.prisma.area.findFirstOrThrow({ where: { name: "文登区" } });
      const huancui = await h.t.prisma.area.findFirstOrThrow({ where: { code: HUANCUI } });
      expect((await h.call("district", "GET", `${url}?areaId=${wendeng.id}`)).json(), url).toMatchObject({ code: "AREA_NOT_FOUND" });
      expect((await h.call("township", "GET", `${url}?areaId=${huancui.id}`)).statusCode, url).toBe(404);
      // Hostile area numbers: a field error in Chinese, never a database error.
      for (const bad of ["99999999999", "-1", "abc", "1.5"]) {
        expect((await h.call("district", "GET", `${url}?areaId=${bad}`)).json(), `${url} ${bad}`).toMatchObject({
          code: "VALIDATION_FAILED", details: [{ path: "areaId", message: expect.stringMatching(/[\u4e00-\u9fa5]/) }],
        });
      }
      expect((await h.call("district", "GET", `${url}?asOf=2026-12-09`)).json(), url).toMatchObject({
        code: "VALIDATION_FAILED", details: [{ path: "asOf", message: "日期不能晚于今天（2026-12-08）" }],
      });
      // The city chooses its district.
      expect((await h.call("city", "GET", `${url}?areaId=${huancui.id}&asOf=2026-12-07`)).statusCode, url).toBe(200);
    }
    const district = await h.t.prisma.user.findUniqueOrThrow({ where: { username: "district" } });
    const entries = await h.t.prisma.auditEntry.findMany({ where: { action: "report.download", actorId: district.id }, orderBy: { id: "asc" } });
    expect(entries.map((e) => e.entityId)).toEqual(expect.arrayContaining([`POLICY_POPULATION:${HUANCUI}`, `ROLLED_BACK:${HUANCUI}`]));
    expect(entries.find((e) => e.entityId === `POLICY_POPULATION:${HUANCUI}`)!.after).toMatchObject({
      kind: "POLICY_POPULATION", areaCode: HUANCUI, asOf: "2026-11-30", fileName: "享受政策人口名单_环翠区_2026-11-30.xlsx",
    });
    expect(entries.find((e) => e.entityId === `ROLLED_BACK:${HUANCUI}`)!.after).toMatchObject({
      kind: "ROLLED_BACK", areaCode: HUANCUI, asOf: "2026-12-07", fileName: "回退户名单_环翠区_2026-12-07.xlsx",
    });
    const city = await h.t.prisma.user.findUniqueOrThrow({ where: { username: "city" } });
    expect(await h.t.prisma.auditEntry.count({ where: { action: "report.download", actorId: city.id, entityId: { in: [`POLICY_POPULATION:${HUANCUI}`, `ROLLED_BACK:${HUANCUI}`] } } })).toBe(2);
  });
});

describe("the periodic lists' snapshots", () => {
  it("are stored per district on the list days (policy population) and the ledger days (rolled back), caught up, once each", async () => {
    const deps = { prisma: h.t.prisma, clock: h.t.clock.now, config: h.t.config };
    const mine = () => h.t.prisma.reportSnapshot.findMany({
      where: { kind: { in: ["POLICY_POPULATION", "ROLLED_BACK"] } }, orderBy: [{ reportDate: "asc" }, { areaCode: "asc" }],
    });
    const districts = await h.t.prisma.area.count({ where: { level: "DISTRICT" } });
    // 2026-12-08: no report day in the last seven days.
    await produceReportSnapshots(deps);
    expect(await mine()).toEqual([]);
    // 2026-12-16: the ledger day of the 15th (missed: caught up) and the list day of today.
    await h.days(8);
    await produceReportSnapshots(deps);
    const stored = await mine();
    const key = (s: (typeof stored)[number]) => `${s.kind} ${s.reportDate.toISOString().slice(0, 10)} ${s.asOf.toISOString().slice(0, 10)}`;
    expect(stored.filter((s) => s.areaCode === HUANCUI).map(key).sort()).toEqual(["POLICY_POPULATION 2026-12-16 2026-12-15", "ROLLED_BACK 2026-12-15 2026-12-14"]);
    expect(stored).toHaveLength(2 * districts);
    await produceReportSnapshots(deps);
    await h.days(1); // 2026-12-17: no report day
    await produceReportSnapshots(deps);
    expect((await mine()).map((s) => s.id).sort()).toEqual(stored.map((s) => s.id).sort());

    // Listed with the other reports and downloadable as stored.
    const listed = await h.ok("district", "GET", "/api/report-snapshots?kind=POLICY_POPULATION");
    expect(listed.items).toEqual([expect.objectContaining({
      kind: "POLICY_POPULATION", department: null, area: { code: HUANCUI, name: "环翠区" }, reportDate: "2026-12-16", asOf: "2026-12-15",
      fileName: "享受政策人口名单_环翠区_2026-12-15.xlsx",
    })]);
    const policy = await sheets("district", `/api/report-snapshots/${listed.items[0].id}/file`);
    expect(rowsOf(policy["本月新增"]!, ["新增原因"], new Set([f.O.householdNo]))).toEqual([`新认定庚|新认定为即时帮扶户（2026-12-07）`, `新认定庚妻|新认定为即时帮扶户（2026-12-07）`].sort());
    const [rolled] = (await h.ok("district", "GET", "/api/report-snapshots?kind=ROLLED_BACK")).items;
    expect(rolled).toMatchObject({ reportDate: "2026-12-15", asOf: "2026-12-14", fileName: "回退户名单_环翠区_2026-12-14.xlsx" });
    const file = (await sheets("district", `/api/report-snapshots/${rolled.id}/file`))["回退户名单"]!;
    expect(rowsOf(file, ["当前状态"])).toEqual(["回退丁|已变更为脱贫不再享受政策户"]);
  }, 240_000);
});
