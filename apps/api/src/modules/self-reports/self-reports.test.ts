import { solveChallenge } from "altcha-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SELF_REPORT_LIMITS } from "@fanpin/domain/detection/self-report-schemas";
import { ruleSet } from "@fanpin/domain/procedures/rules";
import { configFromEnv } from "../../config.ts";
import { createTestApp } from "../../../test/test-app.ts";
import { procedureHarness, type Harness, type Json } from "../../../test/procedure-harness.ts";

// Weihai rules. Test clock: Monday 2026-11-23 (10:00 in China); the limits count per China day.
let h: Harness;
let zhangcunCode: string;
let n = 0;
beforeAll(async () => {
  // The default limits, with an easier challenge (the solving is not what is tested here).
  const config = configFromEnv();
  h = await procedureHarness("weihai", await createTestApp({ rules: ruleSet("weihai")!, selfReport: { ...config.selfReport, challengeMaxNumber: 2000 } }));
  zhangcunCode = (await h.t.prisma.area.findFirstOrThrow({ where: { name: "张村", level: "VILLAGE" } })).code;
});
afterAll(() => h.close());

/** Every test its own addresses and phones: the limits are per address and per phone per day. */
const ip = () => `203.0.113.${++n}`;
const phone = () => `139${String(10_000_000 + Math.floor(Math.random() * 89_999_999)).slice(0, 8)}`;
const report = (over: Json = {}) => ({ villageCode: zhangcunCode, name: "王大山", phone: phone(), description: "老伴住院花了很多钱，家里困难", riskCauses: ["SERIOUS_ILLNESS"], ...over });
const post = (remoteAddress: string, payload: unknown, headers: Record<string, string> = {}) =>
  h.t.app.inject({ method: "POST", url: "/api/public/self-reports", remoteAddress, payload: payload as object, headers });
const status = (reference: string, last4: string, remoteAddress = ip()) =>
  h.t.app.inject({ method: "GET", url: `/api/public/self-reports/${reference}?phoneLast4=${last4}`, remoteAddress });
const clueCount = () => h.t.prisma.leadClue.count({ where: { source: "SELF_REPORT" } });
const solve = async (challenge: Json) => {
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  return Buffer.from(JSON.stringify({ ...challenge, number: solution!.number })).toString("base64");
};

describe("self-report (POST /api/public/self-reports, no session)", () => {
  it("answers 201 with a reference; the report is a SELF_REPORT clue of the village, audited as the system with the address", async () => {
    const body = report();
    const res = await post("203.0.113.200", body);
    expect(res.statusCode, res.body).toBe(201);
    const { reference } = res.json();
    expect(Object.keys(res.json())).toEqual(["reference"]);
    expect(reference).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    const clue = await h.t.prisma.leadClue.findUniqueOrThrow({ where: { reference }, include: { lead: true } });
    expect(clue.source).toBe("SELF_REPORT");
    expect(clue.lead).toMatchObject({ personName: "王大山", villageCode: zhangcunCode, state: "OPEN", householdId: null });
    expect(clue.lead.phoneEnc).not.toBeNull();
    const audit = await h.t.prisma.auditEntry.findFirstOrThrow({ where: { entityType: "lead", entityId: clue.leadId }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ action: "lead.receive", actorName: "system", ip: "203.0.113.200" });

    const s = await status(reference.toLowerCase(), body.phone.slice(-4));
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json()).toMatchObject({ reference, submittedOn: "2026-11-23", step: "RECEIVED", stepLabel: "已收到申报" });
    // Nothing from the registry: only the reference, dates, steps and words.
    expect(Object.keys(s.json()).sort()).toEqual(["history", "message", "phone", "reference", "step", "stepLabel", "submittedOn"]);
    expect(s.body).not.toContain("王大山");
  });

  it("merges a second report of the same phone into the same lead; each reference follows the lead", async () => {
    const p = phone();
    const a = (await post(ip(), report({ phone: p }))).json().reference;
    const b = (await post(ip(), report({ phone: p, name: "王大山家属", riskCauses: ["EDUCATION"] }))).json().reference;
    const clues = await h.t.prisma.leadClue.findMany({ where: { reference: { in: [a, b] } } });
    expect(clues).toHaveLength(2);
    expect(clues[0]!.leadId).toBe(clues[1]!.leadId);
    const lead = await h.t.prisma.lead.findUniqueOrThrow({ where: { id: clues[0]!.leadId } });
    expect(lead.riskCauses.sort()).toEqual(["EDUCATION", "SERIOUS_ILLNESS"]);
  });

  it("limits reports per phone per day: the one past the limit is 429 with a Chinese message and writes nothing", async () => {
    const p = phone();
    for (let i = 0; i < h.t.config.selfReport.perPhone; i++) expect((await post(ip(), report({ phone: p }))).statusCode).toBe(201);
    const before = await clueCount();
    const refused = await post(ip(), report({ phone: p }));
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: "SELF_REPORT_LIMITED", message: expect.stringContaining("12317"), details: [] });
    expect(await clueCount()).toBe(before);
  });

  it("asks one address for a solved challenge after a few reports, accepts each solution once, then refuses past the limit", async () => {
    const addr = ip();
    const { challengeAfter, perAddress } = h.t.config.selfReport;
    for (let i = 0; i < challengeAfter; i++) expect((await post(addr, report())).statusCode).toBe(201);
    const before = await clueCount();
    const asked = await post(addr, report());
    expect(asked.statusCode).toBe(429);
    expect(asked.json()).toMatchObject({ code: "SELF_REPORT_CHALLENGE", message: expect.stringMatching(/验证/) });
    expect(asked.json().challenge).toMatchObject({ algorithm: "SHA-256", salt: expect.any(String), signature: expect.any(String) });
    expect((await post(addr, report({ challenge: "bm9uc2Vuc2U=" }))).json().code).toBe("SELF_REPORT_CHALLENGE");
    expect(await clueCount()).toBe(before);

    const answer = await solve(asked.json().challenge);
    expect((await post(addr, report({ challenge: answer }))).statusCode).toBe(201);
    const replay = await post(addr, report({ challenge: answer }));
    expect(replay.statusCode).toBe(429);
    expect(replay.json().code).toBe("SELF_REPORT_CHALLENGE");
    for (let i = challengeAfter + 1; i < perAddress; i++) {
      const c = (await post(addr, report())).json().challenge;
      expect((await post(addr, report({ challenge: await solve(c) }))).statusCode).toBe(201);
    }
    const count = await clueCount();
    const limited = await post(addr, report());
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe("SELF_REPORT_LIMITED");
    expect(await clueCount()).toBe(count);
  });

  it("refuses an oversized body (413), malformed JSON (400) and a village that is not one (400), writing nothing", async () => {
    const before = await clueCount();
    const big = await post(ip(), report({ description: "困".repeat(SELF_REPORT_LIMITS.bodyMaxBytes) }));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: "提交的内容过大" });
    const malformed = await post(ip(), "{\"villageCode\":", { "content-type": "application/json" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().message).toMatch(/JSON/);
    const township = await h.t.prisma.area.findFirstOrThrow({ where: { level: "TOWNSHIP" } });
    const wrong = await post(ip(), report({ villageCode: township.code.padEnd(12, "0").slice(0, 12) }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details[0].path).toBe("villageCode");
    expect((await post(ip(), report({ phone: "12345" }))).statusCode).toBe(400);
    expect(await clueCount()).toBe(before);
  });
});

describe("self-report status (GET /api/public/self-reports/:reference)", () => {
  it("gives the same 404 for a wrong reference and wrong digits, and refuses an address after too many failures", async () => {
    const p = phone();
    const { reference } = (await post(ip(), report({ phone: p }))).json();
    const wrongDigits = await status(reference, p.slice(-4) === "0000" ? "1111" : "0000");
    const wrongRef = await status("ABCDEFGHJK", p.slice(-4));
    for (const r of [wrongDigits, wrongRef]) {
      expect(r.statusCode).toBe(404);
      expect({ ...r.json(), requestId: "" }).toEqual({ code: "SELF_REPORT_NOT_FOUND", message: "未找到该申报，请核对申报编号和手机号码后 4 位", details: [], requestId: "" });
    }
    const addr = ip();
    for (let i = 0; i < h.t.config.selfReport.statusFailuresPerAddress; i++) expect((await status("ABCDEFGHJK", "1234", addr)).statusCode).toBe(404);
    const limited = await status(reference, p.slice(-4), addr);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(/查询失败次数过多/);
  });

  it("shows the steps as the lead moves: handed over the next working day, then verifying, then closed with the reason", async () => {
    const p = phone();
    const { reference } = (await post(ip(), report({ phone: p }))).json();
    h.t.clock.advanceMinutes(24 * 60);
    const handed = (await status(reference, p.slice(-4))).json();
    expect(handed).toMatchObject({ step: "HANDED_OVER", stepLabel: "已转交乡镇" });
    expect(handed.history.map((s: Json) => [s.step, s.on])).toEqual([["RECEIVED", "2026-11-23"], ["HANDED_OVER", "2026-11-24"]]);
    h.t.clock.advanceMinutes(24 * 60);
    expect((await status(reference, p.slice(-4))).json().step).toBe("VERIFYING");
    const clue = await h.t.prisma.leadClue.findUniqueOrThrow({ where: { reference } });
    await h.t.prisma.lead.update({ where: { id: clue.leadId }, data: { state: "DISMISSED", dismissReason: "家庭收入稳定，无返贫风险", closedOn: new Date("2026-11-25T00:00:00Z") } });
    const closed = (await status(reference, p.slice(-4))).json();
    expect(closed).toMatchObject({ step: "CLOSED", stepLabel: "核实完毕", message: expect.stringContaining("家庭收入稳定，无返贫风险") });
    h.t.clock.advanceMinutes(-2 * 24 * 60);
  });
});

describe("public village picker and QR posters", () => {
  it("walks the area tree by names and codes down to villages, and names a QR village's path", async () => {
    const top = await h.t.app.inject({ method: "GET", url: "/api/public/villages" });
    expect(top.statusCode, top.body).toBe(200);
    expect(top.json().areas.length).toBeGreaterThan(0);
    expect(Object.keys(top.json().areas[0]).sort()).toEqual(["code", "level", "name"]);
    const v = await h.t.app.inject({ method: "GET", url: `/api/public/villages/${zhangcunCode}` });
    expect(v.json()).toMatchObject({ code: zhangcunCode, name: "张村" });
    expect(v.json().path.at(-1)).toMatchObject({ name: "张村", level: "VILLAGE" });
    const parent = v.json().path.at(-2).code;
    const siblings = await h.t.app.inject({ method: "GET", url: `/api/public/villages?parentCode=${parent}` });
    expect(siblings.json().areas.map((a: Json) => a.code)).toContain(zhangcunCode);
    expect((await h.t.app.inject({ method: "GET", url: `/api/public/villages?parentCode=${zhangcunCode}` })).json().areas).toEqual([]);
    expect((await h.t.app.inject({ method: "GET", url: "/api/public/villages/999999999999" })).statusCode).toBe(404);
    expect((await h.t.app.inject({ method: "GET", url: "/api/public/villages?parentCode=999999999999" })).statusCode).toBe(404);
  });

  it("gives staff the QR code of a village in their area as PNG; not to a village cadre, not outside the area", async () => {
    const zhangcun = await h.t.prisma.area.findFirstOrThrow({ where: { code: zhangcunCode } });
    const png = await h.call("township", "GET", `/api/self-report-posters/${zhangcun.id}.png`);
    expect(png.statusCode, png.body).toBe(200);
    expect(png.headers["content-type"]).toBe("image/png");
    expect(png.rawPayload.subarray(1, 4).toString()).toBe("PNG");
    expect((await h.call("village", "GET", `/api/self-report-posters/${zhangcun.id}.png`)).statusCode).toBe(403);
    const township = await h.t.prisma.area.findUniqueOrThrow({ where: { id: zhangcun.parentId! } });
    const elsewhere = await h.t.prisma.area.findFirst({ where: { level: "VILLAGE", NOT: { code: { startsWith: township.code.slice(0, 9) } } } });
    if (elsewhere) expect((await h.call("township", "GET", `/api/self-report-posters/${elsewhere.id}.png`)).statusCode).toBe(404);
    expect((await h.t.app.inject({ method: "GET", url: `/api/self-report-posters/${zhangcun.id}.png` })).statusCode).toBe(401);
  });
});
