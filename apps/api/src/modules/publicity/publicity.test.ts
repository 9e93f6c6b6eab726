import { HEALTH } from "@fanpin/domain/collection-form";
import { ZPublicityNotice } from "@fanpin/domain/publicity-schemas";
import { WEIHAI_RULES } from "@fanpin/domain/procedures/rules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName, householdPayload } from "../../../test/fixtures.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/test-app.ts";

// The test clock starts on Monday 2026-11-23, 10:00 in China.
let t: TestApp;
const cookie: Record<string, string> = {};
let zhangcun: number;
let yangting: number;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(user: string, method: "GET" | "POST", url: string, payload?: unknown): Promise<Json> {
  const res = await t.app.inject({ method, url, headers: { cookie: cookie[user]! }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}
const get = (user: string, url: string) => t.app.inject({ method: "GET", url, headers: { cookie: cookie[user]! } });

const TODAY = "2026-11-23";
const lead = { source: "DAILY_VISIT", receivedOn: TODAY, riskCauses: ["SERIOUS_ILLNESS", "EDUCATION"], description: "户主患病，子女上学，电话13912345678" };
const verification = { visitedOn: TODAY, verifiers: ["李专干"], findings: "入户核实，情况属实", riskConfirmed: true };
const appraisal = { heldOn: TODAY, participants: 15, votesFor: 14, votesAgainst: 0, passed: true, minutesSummary: "同意" };
const checks = {
  crossChecks: Object.fromEntries(Object.keys(WEIHAI_RULES.crossChecks).map((k) => [k, { result: "CLEAR" }])),
  exclusions: Object.fromEntries(Object.keys(WEIHAI_RULES.exclusions).map((k) => [k, false])),
};

const step = (user: string, c: Json, path: string, record?: unknown) =>
  ok(user, "POST", `/api/cases/${c.id}/${path}`, { version: c.version, ...(record !== undefined ? { record } : {}) });

/** A household of the village taken through review to PUBLICITY_PENDING; its members' health and phone are set to be looked for later. */
async function approved(villageId: number, category: "ORDINARY" | "LIFTED_WITHOUT_POLICY", headName: string, townshipUser = "township", villageUser = "village") {
  const payload = householdPayload(villageId, { category, phone: "13700001111", riskCauses: ["SERIOUS_ILLNESS"] });
  payload.members[0]!.name = headName;
  payload.members[0]!.health = "SERIOUS_ILLNESS";
  payload.members[1]!.health = "DISABLED";
  const h = await ok(townshipUser, "POST", "/api/households", payload);
  let c = await ok(townshipUser, "POST", "/api/cases", { householdId: h.id, lead });
  if (category === "ORDINARY") c = await step(townshipUser, c, "verification", verification);
  c = await step(villageUser, c, "appraisal", appraisal);
  c = await step(townshipUser, c, "submit");
  c = await step("district", c, "approve", category === "ORDINARY" ? checks : {});
  expect(c.stage).toBe("PUBLICITY_PENDING");
  return { h, c, payload };
}

let posted: Awaited<ReturnType<typeof approved>>[];
let pending: Awaited<ReturnType<typeof approved>>;
let elsewhere: Awaited<ReturnType<typeof approved>>;

beforeAll(async () => {
  t = await createTestApp();
  for (const u of ["township", "township2", "village", "district", "city"]) cookie[u] = await signIn(t.app, u);
  zhangcun = await areaIdByName(t.prisma, "张村");
  yangting = await areaIdByName(t.prisma, "羊亭");
  // The demo households of 张村 have no cases in the test database; these are the only ones.
  posted = [await approved(zhangcun, "ORDINARY", "公示甲"), await approved(zhangcun, "LIFTED_WITHOUT_POLICY", "公示乙")];
  for (const p of posted) p.c = await step("village", p.c, "publicity", { postedOn: TODAY, place: "张村村委会公示栏" });
  pending = await approved(zhangcun, "ORDINARY", "待贴丙");
  elsewhere = await approved(yangting, "ORDINARY", "羊亭丁", "township2", "township2");
});
afterAll(() => t.close());

describe("the notices a user can print", () => {
  it("lists per village and period, the pending households first, only in the user's area", async () => {
    const list = await ok("village", "GET", "/api/publicity-notices");
    expect(list.items).toEqual([
      {
        village: { id: zhangcun, name: "张村" }, township: { id: expect.any(Number), name: "张村镇" }, period: "pending",
        postedOn: TODAY, startsOn: "2026-11-24", endsOn: "2026-11-28", posted: false, status: "PENDING", householdCount: 1,
      },
      {
        village: { id: zhangcun, name: "张村" }, township: { id: expect.any(Number), name: "张村镇" }, period: TODAY,
        postedOn: TODAY, startsOn: "2026-11-24", endsOn: "2026-11-28", posted: true, status: "RUNNING", householdCount: 2,
      },
    ]);
    const other = await ok("township2", "GET", "/api/publicity-notices");
    expect(other.items.map((n: Json) => n.village.name)).toEqual(["羊亭"]);
    const district = await ok("district", "GET", "/api/publicity-notices");
    expect(district.items.map((n: Json) => `${n.village.name} ${n.period}`).sort()).toEqual(["张村 2026-11-23", "张村 pending", "羊亭 pending"]);
  });

  it("a notice outside the area is answered like a missing one", async () => {
    const res = await get("township2", `/api/publicity-notices/${zhangcun}/${TODAY}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("PUBLICITY_NOTICE_NOT_FOUND");
    expect((await get("village", `/api/publicity-notices/${yangting}/pending`)).statusCode).toBe(404);
    expect((await get("village", `/api/publicity-notices/${zhangcun}/2026-11-20`)).json().code).toBe("PUBLICITY_NOTICE_NOT_FOUND");
    expect((await get("village", `/api/publicity-notices/${zhangcun}/yesterday`)).statusCode).toBe(400);
  });
});

describe("a notice's content", () => {
  it("shows title, village, households with category, proposal and risk causes, period, objections and issuer", async () => {
    const notice = await ok("village", "GET", `/api/publicity-notices/${zhangcun}/${TODAY}`);
    expect(notice).toMatchObject({
      title: "张村防止返贫监测对象拟纳入及脱贫户拟回退名单公示",
      village: { name: "张村" }, township: { name: "张村镇" },
      postedOn: TODAY, startsOn: "2026-11-24", endsOn: "2026-11-28", posted: true, status: "RUNNING", householdCount: 2,
      place: "张村村委会公示栏",
      objectionBodies: ["张村村民委员会", "张村镇人民政府"],
      objectionPhone: "12317", // the rule set's catch-all: the national hotline
      issuer: "张村村民委员会",
      issuedOn: TODAY,
    });
    expect(notice.preamble).toContain("公示期自2026年11月24日起至2026年11月28日止，共5天");
    expect(notice.households).toEqual(expect.arrayContaining([
      { headName: "公示甲", naturalVillage: null, categoryLabel: "一般农户", proposedLabel: "即时帮扶户", reasons: ["因大病"] },
      { headName: "公示乙", naturalVillage: null, categoryLabel: "脱贫不再享受政策户", proposedLabel: "回退为脱贫享受政策户", reasons: ["因大病"] },
    ]));
    expect(notice.households).toHaveLength(2);
  });

  it("never carries an ID number, a phone number or a health detail of the households", async () => {
    const texts = [
      JSON.stringify(await ok("village", "GET", `/api/publicity-notices/${zhangcun}/${TODAY}`)),
      JSON.stringify(await ok("village", "GET", `/api/publicity-notices/${zhangcun}/pending`)),
      JSON.stringify(await ok("village", "GET", "/api/publicity-notices")),
    ];
    for (const text of texts) {
      for (const p of [...posted, pending]) {
        for (const m of p.payload.members) {
          expect(text).not.toContain(m.idNumber);
          expect(text).not.toContain(m.idNumber.slice(-6));
          expect(text).not.toContain(m.health);
          expect(text).not.toContain(HEALTH.labels[m.health]);
        }
        expect(text).not.toContain("13700001111");
        expect(text).not.toContain(p.h.householdNo);
      }
      expect(text).not.toContain("13912345678"); // in the lead's description
      expect(text).not.toMatch(/\d{7,}/);
      expect(text).not.toMatch(/"(idNumber\w*|phone|health|income|bank\w*|members)"/i);
    }
  });

  it("prints the pending households with the period they get when posted on the planned day", async () => {
    const notice = await ok("village", "GET", `/api/publicity-notices/${zhangcun}/pending?postedOn=2026-11-25`);
    expect(notice).toMatchObject({
      period: "pending", posted: false, status: "PENDING", postedOn: "2026-11-25", startsOn: "2026-11-26", endsOn: "2026-11-30",
      title: "张村防止返贫监测对象拟纳入名单公示", place: null, issuedOn: "2026-11-25", householdCount: 1,
    });
    expect(notice.households.map((h: Json) => h.headName)).toEqual(["待贴丙"]);
  });

  it("prints the deployment's objection phone, an office number only", async () => {
    t.config.publicityObjectionPhone = "0631-5201234";
    try {
      const notice = await ok("township", "GET", `/api/publicity-notices/${zhangcun}/${TODAY}`);
      expect(notice.objectionPhone).toBe("0631-5201234");
    } finally {
      t.config.publicityObjectionPhone = null;
    }
  });

  it("prints the 监督电话 the rule set gives the village's township, before the district's and the deployment's", async () => {
    const rules = t.config.rules;
    t.config.publicityObjectionPhone = "0631-5201234";
    t.config.rules = { ...rules, objectionPhones: [{ areaCode: "", phone: "12317" }, { areaCode: "371002", phone: "0631-5200000" }, { areaCode: "371002100", phone: "0631-5211111" }] };
    try {
      expect((await ok("township", "GET", `/api/publicity-notices/${zhangcun}/${TODAY}`)).objectionPhone).toBe("0631-5211111");
      t.config.rules = { ...rules, objectionPhones: [{ areaCode: "", phone: "12317" }, { areaCode: "371002", phone: "0631-5200000" }] };
      expect((await ok("township", "GET", `/api/publicity-notices/${zhangcun}/${TODAY}`)).objectionPhone).toBe("0631-5200000");
    } finally {
      t.config.rules = rules;
      t.config.publicityObjectionPhone = null;
    }
  });
});

describe("the notice schema cannot carry personal data", () => {
  const valid = {
    village: { id: 1, name: "张村" }, township: { id: 2, name: "张村镇" }, period: "2026-11-23", postedOn: "2026-11-23",
    startsOn: "2026-11-24", endsOn: "2026-11-28", posted: true, status: "RUNNING", householdCount: 1,
    title: "张村防止返贫监测对象拟纳入名单公示", preamble: "现予公示。", place: null,
    households: [{ headName: "张三", naturalVillage: "一组", categoryLabel: "一般农户", proposedLabel: "即时帮扶户", reasons: ["因大病"] }],
    objectionBodies: ["张村村民委员会"], objectionPhone: null, issuer: "张村村民委员会", issuedOn: "2026-11-23",
  };
  const household = valid.households[0]!;
  const withHousehold = (h: object) => ({ ...valid, households: [h] });

  it("accepts a notice as the API writes it", () => {
    expect(ZPublicityNotice.safeParse(valid).success).toBe(true);
  });

  it.each([
    ["an ID number field", withHousehold({ ...household, idNumber: "371002198001011234" })],
    ["a phone field", withHousehold({ ...household, phone: "13800000000" })],
    ["a health field", withHousehold({ ...household, health: "患有大病" })],
    ["members", withHousehold({ ...household, members: [] })],
    ["a bank account", { ...valid, bankAccount: "6222020200112233445" }],
    ["an ID number in a name", withHousehold({ ...household, headName: "张三371002198001011234" })],
    ["a phone in the place", { ...valid, place: "村委会 138-0000-0000" }],
    ["a health status as reason", withHousehold({ ...household, reasons: ["患有大病"] })],
    ["a mobile number as objection phone", { ...valid, objectionPhone: "13800000000" }],
  ])("refuses %s", (_what, notice) => {
    expect(ZPublicityNotice.safeParse(notice).success).toBe(false);
  });
});
