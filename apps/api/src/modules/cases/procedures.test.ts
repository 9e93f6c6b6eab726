// Every procedure of every rule set walked to its end over HTTP with the demo
// users; risk elimination and identification again after the exit; the
// refusals; assist-first and the objection outcomes. Each rule set runs in an
// API built with that LOCAL_RULES (createTestApp's `rules`).
import type { LocalRulePreset } from "@fanpin/domain/procedures/rules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { procedureHarness, USERS, type Harness, type Json } from "../../../test/procedure-harness.ts";

const PUBLICITY = ["PUBLICITY_PENDING", "PUBLICITY_RUNNING", "PUBLICITY_ENDED"];
const ELIMINATION_PATH = ["TOWNSHIP_VERIFICATION", ...PUBLICITY, "TOWNSHIP_REVIEW", "DISTRICT_REVIEW", "ELIMINATED"];

type Walkthrough = {
  kind: string;
  category: "LIFTED_WITH_POLICY" | "ORDINARY" | "LIFTED_WITHOUT_POLICY";
  monitoringType?: string;
  stages: string[];
  /** The household once the procedure completed. */
  household: { category: string; designation: string | null; monitoringType: string | null };
  /** Who confirms the publicity's outcome (Weihai: the district enters the designation, seed 000; Linyi: the village). */
  confirmedBy?: string;
};

const WEIHAI_LIKE = (confirmedBy: "district" | "village"): Walkthrough[] => ([
  {
    kind: "MONITORED_IDENTIFICATION", category: "LIFTED_WITH_POLICY", stages: ["TOWNSHIP_VERIFICATION", "DISTRICT_REVIEW", "DESIGNATED"],
    household: { category: "LIFTED_WITH_POLICY", designation: "MONITORED", monitoringType: null },
  },
  {
    kind: "INSTANT_ASSISTANCE_IDENTIFICATION", category: "ORDINARY", stages: ["TOWNSHIP_VERIFICATION", "DISTRICT_REVIEW", ...PUBLICITY, "DESIGNATED"],
    household: { category: "ORDINARY", designation: "INSTANT_ASSISTANCE", monitoringType: null },
  },
  {
    kind: "ROLLBACK", category: "LIFTED_WITHOUT_POLICY", stages: ["TOWNSHIP_VERIFICATION", "DISTRICT_REVIEW", ...PUBLICITY, "DESIGNATED"],
    household: { category: "LIFTED_WITH_POLICY", designation: null, monitoringType: null },
  },
] satisfies Walkthrough[]).map((w) => ({ ...w, confirmedBy }));

const WALKTHROUGHS: Record<LocalRulePreset, Walkthrough[]> = {
  weihai: WEIHAI_LIKE("district"),
  linyi: WEIHAI_LIKE("village"),
  fuzhou: [
    {
      kind: "MONITORING_IDENTIFICATION", category: "ORDINARY", monitoringType: "EDGE_AT_RISK", stages: ["TOWNSHIP_VERIFICATION", "DISTRICT_REVIEW", "DESIGNATED"],
      household: { category: "ORDINARY", designation: "MONITORING_TARGET", monitoringType: "EDGE_AT_RISK" },
    },
    {
      kind: "MONITORING_IDENTIFICATION", category: "LIFTED_WITH_POLICY", monitoringType: "UNSTABLE_LIFTED", stages: ["TOWNSHIP_VERIFICATION", "DISTRICT_REVIEW", "DESIGNATED"],
      household: { category: "LIFTED_WITH_POLICY", designation: "MONITORING_TARGET", monitoringType: "UNSTABLE_LIFTED" },
    },
  ],
  national: [
    {
      kind: "MONITORING_IDENTIFICATION", category: "ORDINARY", monitoringType: "SUDDEN_HARDSHIP",
      stages: ["TOWNSHIP_VERIFICATION", ...PUBLICITY, "TOWNSHIP_REVIEW", "DISTRICT_REVIEW", "DESIGNATED"],
      household: { category: "ORDINARY", designation: "MONITORING_TARGET", monitoringType: "SUDDEN_HARDSHIP" },
    },
    {
      kind: "MONITORING_IDENTIFICATION", category: "LIFTED_WITHOUT_POLICY", monitoringType: "UNSTABLE_LIFTED",
      stages: ["TOWNSHIP_VERIFICATION", ...PUBLICITY, "TOWNSHIP_REVIEW", "DISTRICT_REVIEW", "DESIGNATED"],
      household: { category: "LIFTED_WITHOUT_POLICY", designation: "MONITORING_TARGET", monitoringType: "UNSTABLE_LIFTED" },
    },
  ],
};

/** The identification that designates a household, per rule set, for risk elimination and re-identification. */
const DESIGNATING: Record<LocalRulePreset, { category: Walkthrough["category"]; monitoringType?: string; designation: string }[]> = {
  weihai: [{ category: "LIFTED_WITH_POLICY", designation: "MONITORED" }, { category: "ORDINARY", designation: "INSTANT_ASSISTANCE" }],
  linyi: [{ category: "LIFTED_WITH_POLICY", designation: "MONITORED" }, { category: "ORDINARY", designation: "INSTANT_ASSISTANCE" }],
  fuzhou: [{ category: "ORDINARY", monitoringType: "EDGE_AT_RISK", designation: "MONITORING_TARGET" }],
  national: [{ category: "ORDINARY", monitoringType: "EDGE_AT_RISK", designation: "MONITORING_TARGET" }],
};

const PRESETS: LocalRulePreset[] = ["weihai", "linyi", "fuzhou", "national"];

describe.each(PRESETS)("LOCAL_RULES=%s over HTTP", (preset) => {
  let h: Harness;
  beforeAll(async () => {
    h = await procedureHarness(preset);
  });
  afterAll(() => h?.close());

  it("GET /api/rules?preset= describes the rule set an older case runs under, to every role; a hostile preset gets 400", async () => {
    const other = PRESETS.find((p) => p !== preset)!;
    for (const user of USERS) {
      expect((await h.ok(user, "GET", `/api/rules?preset=${other}`)).preset, user).toBe(other);
      expect((await h.ok(user, "GET", "/api/rules")).preset, user).toBe(preset);
    }
    for (const bad of ["bogus", "WEIHAI", "weihai%00", "x".repeat(5000)]) {
      const res = await h.call("district", "GET", `/api/rules?preset=${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const anonymous = await h.t.app.inject({ method: "GET", url: `/api/rules?preset=${other}` });
    expect(anonymous.statusCode).toBe(401);
  });

  it("GET /api/rules describes this rule set and its procedures", () => {
    expect(h.rules.preset).toBe(preset);
    const kinds = h.rules.procedures.map((p: Json) => p.kind).sort();
    const expected = [...new Set(WALKTHROUGHS[preset].map((w) => w.kind)), "RISK_ELIMINATION"].sort();
    expect(kinds).toEqual(expected);
    expect(Object.keys(h.rules)).toEqual(expect.arrayContaining(["preset", "name", "procedures", "monitoringTypes"]));
    expect(typeof h.rules.name).toBe("string");
    const types = h.rules.monitoringTypes.map((m: Json) => m.code);
    expect(types).toEqual({
      weihai: [], linyi: [], fuzhou: ["UNSTABLE_LIFTED", "EDGE_AT_RISK"], national: ["UNSTABLE_LIFTED", "EDGE_AT_RISK", "SUDDEN_HARDSHIP"],
    }[preset]);
    for (const m of h.rules.monitoringTypes) expect(m.label).toMatch(/./);
    const paths = Object.fromEntries([...WALKTHROUGHS[preset], { kind: "RISK_ELIMINATION", stages: ELIMINATION_PATH }].map((w) => [w.kind, w.stages]));
    for (const p of h.rules.procedures) {
      expect(p).toMatchObject({ kind: expect.any(String), label: expect.any(String), steps: expect.any(Array) });
      // The steps: the stages of the usual path, plus the objection review wherever there is publicity.
      const open = paths[p.kind]!.filter((s: string) => !["DESIGNATED", "ELIMINATED"].includes(s));
      if (open.includes("PUBLICITY_RUNNING")) open.splice(open.indexOf("PUBLICITY_ENDED") + 1, 0, "OBJECTION_REVIEW");
      expect(p.steps.map((s: Json) => s.code), p.kind).toEqual(open);
      for (const s of p.steps) {
        expect(Object.keys(s)).toEqual(expect.arrayContaining(["code", "label", "role", "deadline", "actions"]));
        expect(["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER"]).toContain(s.role);
        if (s.code === "PUBLICITY_RUNNING") expect(s.deadline).toBeNull();
        else expect(s.deadline).toMatchObject({ days: expect.any(Number), unit: expect.stringMatching(/^(WORKING|CALENDAR)_DAYS$/), text: expect.any(String) });
        expect(s.actions.length, `${p.kind} ${s.code}`).toBeGreaterThan(0);
        for (const a of s.actions) expect(a).toMatchObject({ action: expect.any(String), label: expect.any(String), roles: expect.any(Array) });
      }
    }
    const identification = h.rules.procedures.find((p: Json) => p.kind === "MONITORING_IDENTIFICATION");
    if (preset === "national") {
      expect(identification.limit).toMatchObject({ days: 15, unit: "CALENDAR_DAYS", from: "FIRST_CLUE" });
      expect(identification.steps[0].records).toEqual(["CONSENT", "VERIFICATION", "APPRAISAL"]);
    }
    // Weihai's district enters the designation after publicity; Linyi's village confirms it.
    const instant = h.rules.procedures.find((p: Json) => p.kind === "INSTANT_ASSISTANCE_IDENTIFICATION");
    if (instant) expect(instant.steps.find((s: Json) => s.code === "PUBLICITY_ENDED").role).toBe(preset === "weihai" ? "DISTRICT_REVIEWER" : "VILLAGE_CADRE");
  });

  for (const w of WALKTHROUGHS[preset]) {
    it(`${w.kind} of a ${w.category} household runs ${w.stages.join(" → ")}`, async () => {
      const hh = await h.newHousehold(w.category);
      // Without `procedure`: the household's identification procedure in this rule set.
      const opened = await h.openCase(hh.id);
      expect(opened).toMatchObject({ procedure: w.kind, ruleSet: preset, stage: "TOWNSHIP_VERIFICATION", household: { id: hh.id } });
      const { c, stages } = await h.walk(opened, { monitoringType: w.monitoringType });
      expect(stages).toEqual(w.stages);
      expect(c.closedAt).not.toBeNull();
      expect(c.availableActions).toEqual([]);
      const after = await h.household(hh.id);
      expect({ category: after.category, designation: after.designation, monitoringType: after.monitoringType ?? null }).toEqual(w.household);
      if (w.household.designation) expect(after.designatedAt).toBe(h.today());
      // Who confirmed the publicity's outcome (Weihai: the district enters the designation, seed 000).
      const confirm = c.events.find((e: Json) => e.action === "CONFIRM_OUTCOME");
      expect(!!confirm).toBe(w.stages.includes("PUBLICITY_ENDED"));
      if (confirm) expect(confirm.actorUsername).toBe(w.confirmedBy ?? "village");
      const periods = await h.t.prisma.designationPeriod.findMany({ where: { householdId: hh.id } });
      expect(periods).toHaveLength(w.household.designation ? 1 : 0);
    });
  }

  for (const d of DESIGNATING[preset]) {
    it(`risk elimination of a ${d.designation} household ends its designation; the household can be identified again`, async () => {
      const { h: before } = await h.designated(d.category, d.monitoringType);
      expect(before.designation).toBe(d.designation);
      const opened = await h.openCase(before.id, "RISK_ELIMINATION");
      expect(opened).toMatchObject({ procedure: "RISK_ELIMINATION", stage: "TOWNSHIP_VERIFICATION" });
      // An identification cannot be opened beside it, nor for a designated household at all.
      const second = await h.call("township", "POST", "/api/cases", { householdId: before.id, lead: h.lead() });
      expect(second.statusCode).toBe(409);
      const { c, stages } = await h.walk(opened);
      expect(stages).toEqual(ELIMINATION_PATH);
      expect(c.stageLabel).toBe("已标注风险消除");
      const exited = await h.household(before.id);
      expect(exited).toMatchObject({ designation: null, category: before.category });
      expect(exited.monitoringType ?? null).toBeNull();
      const [period] = await h.t.prisma.designationPeriod.findMany({ where: { householdId: before.id } });
      expect(period).toMatchObject({ designation: d.designation, endCaseId: c.id });
      expect(period!.endedOn?.toISOString().slice(0, 10)).toBe(h.today());
      const trail = await h.t.prisma.auditEntry.findMany({ where: { householdId: before.id, action: "household.designation_end" } });
      expect(trail).toHaveLength(1);

      // Identified again after the exit: the default identification opens and completes.
      await h.days(1);
      const again = await h.openCase(before.id);
      expect(again.procedure).not.toBe("RISK_ELIMINATION");
      const done = await h.walk(again, { monitoringType: d.monitoringType });
      expect(done.c.stage).toBe("DESIGNATED");
      expect((await h.household(before.id)).designation).toBe(d.designation);
      const periods = await h.t.prisma.designationPeriod.findMany({ where: { householdId: before.id }, orderBy: { startedOn: "asc" } });
      expect(periods).toHaveLength(2);
      expect(periods.filter((p) => p.endedOn === null)).toHaveLength(1);
    });
  }

  it("refuses RISK_ELIMINATION for a household not designated (409 PROCEDURE_NOT_APPLICABLE) and an identification for a designated one (409 ALREADY_DESIGNATED)", async () => {
    const fresh = await h.newHousehold("ORDINARY");
    const res = await h.call("township", "POST", "/api/cases", { householdId: fresh.id, lead: h.lead(), procedure: "RISK_ELIMINATION" });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("PROCEDURE_NOT_APPLICABLE");
    const d = DESIGNATING[preset][0]!;
    const { h: designated } = await h.designated(d.category, d.monitoringType);
    const again = await h.call("township", "POST", "/api/cases", { householdId: designated.id, lead: h.lead() });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("ALREADY_DESIGNATED");
    for (const p of h.rules.procedures.filter((x: Json) => x.purpose === "IDENTIFICATION")) {
      const named = await h.call("township", "POST", "/api/cases", { householdId: designated.id, lead: h.lead(), procedure: p.kind });
      expect(named.statusCode, p.kind).toBe(409);
      expect(named.json().code, p.kind).toBe("ALREADY_DESIGNATED");
    }
    expect(await h.t.prisma.case.count({ where: { householdId: fresh.id } })).toBe(0);
  });

  it("refuses risk elimination's SUBMIT while a criterion is unmet, and for a household without labour capacity covered by social security", async () => {
    const d = DESIGNATING[preset][0]!;
    const { h: hh } = await h.designated(d.category, d.monitoringType);
    let c = await h.openCase(hh.id, "RISK_ELIMINATION");
    c = await h.step("village", c, "appraisal", h.records.appraisal());
    const unmet: [Json, string][] = [
      [{ rigidExpensesResolved: { met: false } }, "大额刚性支出尚未稳定解决"],
      [{ income: { year: 2025, perCapitaYuan: 15_000, stableMonths: 3 } }, "收入稳定仅 3 个月"],
      [{ income: { year: 2025, perCapitaYuan: 1_000, stableMonths: 12 } }, "未高于"],
      [{ noNewRisk: { met: false } }, "出现新的风险"],
      [{ noLabourCapacityCoveredBySocialSecurity: true }, "暂不标注风险消除，持续跟踪监测"],
    ];
    for (const [overrides, message] of unmet) {
      c = await h.step("township", c, "assessment", h.records.assessment(overrides));
      const res = await h.attempt("township", c, "submit");
      expect(res.statusCode, message).toBe(422);
      expect(res.json().code).toBe("CASE_RULE_VIOLATION");
      expect(res.json().message).toContain(message);
      expect(res.json().message).toContain("暂不标注风险消除");
      expect((await h.getCase(c.id))).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", version: c.version });
    }
    // An assessment with every criterion met goes on.
    c = await h.step("township", c, "assessment", h.records.assessment());
    c = await h.step("township", c, "submit");
    expect(c.stage).toBe("PUBLICITY_PENDING");
    expect((await h.household(hh.id)).designation).toBe(d.designation);
  });

  it("refuses a monitoring type outside the rule set", async () => {
    const hh = await h.newHousehold("ORDINARY");
    const c = await h.openCase(hh.id);
    const allowed = h.rules.monitoringTypes.map((m: Json) => m.code);
    const outside = ["UNSTABLE_LIFTED", "EDGE_AT_RISK", "SUDDEN_HARDSHIP"].find((m) => !allowed.includes(m));
    if (!outside) {
      // The national model has every type there is: anything else is no type at all.
      expect(preset).toBe("national");
      const res = await h.attempt("township", c, "verification", h.records.verification("POOR"));
      expect(res.statusCode).toBe(400);
      expect((await h.getCase(c.id)).roundRecords.verification).toBeNull();
      return;
    }
    const res = await h.attempt("township", c, "verification", h.records.verification(outside));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: "CASE_RULE_VIOLATION", details: [{ path: "record.monitoringType" }] });
    expect((await h.getCase(c.id)).roundRecords.verification).toBeNull();
    // Nor may the district settle on one at its approval.
    const w = WALKTHROUGHS[preset][0]!;
    const other = await h.newHousehold(w.category);
    const review = (await h.walk(await h.openCase(other.id), { monitoringType: w.monitoringType, until: "DISTRICT_REVIEW" })).c;
    const step = h.procedure(review.procedure).steps.find((x: Json) => x.code === "DISTRICT_REVIEW");
    const approval = await h.attempt("district", review, "approve", { ...(step.crossCheck ? h.records.checks() : {}), monitoringType: outside });
    expect(approval.statusCode).toBe(422);
    expect(approval.json()).toMatchObject({ code: "CASE_RULE_VIOLATION", details: [{ path: "record.monitoringType" }] });
    expect(await h.getCase(review.id)).toMatchObject({ stage: "DISTRICT_REVIEW", version: review.version });
  });

  it("an exclusion marked true refuses the district's approval and changes nothing", async () => {
    const w = WALKTHROUGHS[preset].find((x) => h.procedure(x.kind).steps.some((s: Json) => s.crossCheck));
    if (!w) {
      // Fuzhou's county confirmation has no cross-check; an exclusion still bars the approval.
      expect(preset).toBe("fuzhou");
    }
    const kind = w ?? WALKTHROUGHS[preset][0]!;
    const hh = await h.newHousehold(kind.category);
    let c = await h.openCase(hh.id);
    c = (await h.walk(c, { monitoringType: kind.monitoringType, until: "DISTRICT_REVIEW" })).c;
    expect(c.stage).toBe("DISTRICT_REVIEW");
    const before = await h.household(hh.id);
    const res = await h.attempt("district", c, "approve", h.records.checks({ CAR: true }));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: "CASE_RULE_VIOLATION", details: [{ path: "record.exclusions" }] });
    expect(res.json().message).toContain("不予纳入情形");
    const after = await h.getCase(c.id);
    expect(after).toMatchObject({ stage: "DISTRICT_REVIEW", version: c.version });
    expect(await h.household(hh.id)).toMatchObject({ designation: before.designation, version: before.version });
    // The district rejects instead.
    const rejected = await h.step("district", after, "reject", { ...h.records.checks({ CAR: true }), reason: "家庭拥有小轿车" });
    expect(rejected.stage).toBe("REJECTED");
    expect((await h.household(hh.id)).designation).toBeNull();
  });

  it("refuses the wrong role (403) and actions outside the procedure or its stage (409), changing nothing", async () => {
    const w = WALKTHROUGHS[preset][0]!;
    const hh = await h.newHousehold(w.category);
    const c = await h.openCase(hh.id);
    const first = h.procedure(c.procedure).steps[0];
    const expectRefused = async (user: string, path: string, record: unknown, status: number, code: string) => {
      const res = await h.attempt(user, c, path, record);
      expect(res.statusCode, `${user} ${path}: ${res.body}`).toBe(status);
      expect(res.json().code).toBe(code);
    };
    await expectRefused("village", "submit", undefined, 403, "CASE_ACTION_NOT_ALLOWED");
    await expectRefused("district", "assist-first", { meetingOn: h.today(), minutesSummary: "会议", measures: "帮扶" }, 403, "CASE_ACTION_NOT_ALLOWED");
    // The risk elimination's assessment is no step of an identification.
    await expectRefused("township", "assessment", h.records.assessment(), 409, "CASE_WRONG_STAGE");
    // The household's consent is a record of the national model only.
    if (!first.records.includes("CONSENT")) await expectRefused("township", "consent", h.records.consent(), 409, "CASE_WRONG_STAGE");
    await expectRefused("district", "outcome", {}, 409, "CASE_WRONG_STAGE");
    expect((await h.getCase(c.id)).version).toBe(c.version);

    // Risk elimination is not flagged "assist first", and its township review is the township's.
    const d = DESIGNATING[preset][0]!;
    const { h: designated } = await h.designated(d.category, d.monitoringType);
    const re = await h.openCase(designated.id, "RISK_ELIMINATION");
    expect(re.availableActions).not.toContain("ASSIST_FIRST");
    const flag = await h.attempt("township", re, "assist-first", { meetingOn: h.today(), minutesSummary: "会议", measures: "帮扶" });
    expect(flag.statusCode).toBe(409);
    const review = (await h.walk(re, { until: "TOWNSHIP_REVIEW" })).c;
    expect(review.stage).toBe("TOWNSHIP_REVIEW");
    for (const user of ["village", "district"]) {
      const res = await h.attempt(user, review, "approve", {});
      expect(res.statusCode, user).toBe(403);
    }
    expect(await h.getCase(review.id)).toMatchObject({ stage: "TOWNSHIP_REVIEW", version: review.version });
  });

  it("risk elimination rejected by the district leaves the household monitored; returned, it keeps its round to correct", async () => {
    const d = DESIGNATING[preset][0]!;
    const { h: hh } = await h.designated(d.category, d.monitoringType);
    let c = (await h.walk(await h.openCase(hh.id, "RISK_ELIMINATION"), { until: "DISTRICT_REVIEW" })).c;
    expect(c.stage).toBe("DISTRICT_REVIEW");
    const noAnnouncement = await h.attempt("district", c, "approve", {});
    expect(noAnnouncement.statusCode).toBe(422);
    expect(noAnnouncement.json().details).toEqual([{ path: "record.announcement", message: "请填写公告内容" }]);
    const submitted = c;
    c = await h.step("district", c, "return", { reason: "收入测算有误，请重新核实" });
    expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", returnCount: 1 });
    expect(c.roundRecords).toEqual(submitted.roundRecords);
    expect(c.roundRecords.assessment).not.toBeNull();
    c = (await h.walk(c, { until: "DISTRICT_REVIEW" })).c;
    c = await h.step("district", c, "reject", { reason: "家庭成员新发重病，风险未消除" });
    expect(c).toMatchObject({ stage: "REJECTED", stageLabel: "暂不标注风险消除" });
    expect(await h.household(hh.id)).toMatchObject({ designation: d.designation, monitoringType: d.monitoringType ?? null });
    const periods = await h.t.prisma.designationPeriod.findMany({ where: { householdId: hh.id } });
    expect(periods).toHaveLength(1);
    expect(periods[0]!.endedOn).toBeNull();
  });

  it("after publicity, the outcome is confirmed by the rule set's role only", async () => {
    const w = WALKTHROUGHS[preset].find((x) => x.stages.includes("PUBLICITY_ENDED"));
    let c: Json;
    let hh: Json;
    if (w) {
      hh = await h.newHousehold(w.category);
      c = (await h.walk(await h.openCase(hh.id), { monitoringType: w.monitoringType, until: "PUBLICITY_ENDED" })).c;
    } else {
      const d = DESIGNATING[preset][0]!;
      hh = (await h.designated(d.category, d.monitoringType)).h;
      c = (await h.walk(await h.openCase(hh.id, "RISK_ELIMINATION"), { until: "PUBLICITY_ENDED" })).c;
    }
    expect(c.stage).toBe("PUBLICITY_ENDED");
    const role = h.procedure(c.procedure).steps.find((s: Json) => s.code === "PUBLICITY_ENDED").role;
    const [allowed, refused] = role === "DISTRICT_REVIEWER" ? ["district", "village"] : ["village", "district"];
    // Weihai's identification: the district enters the designation (seed 000); elsewhere the village confirms.
    expect(allowed).toBe(preset === "weihai" && w ? "district" : "village");
    const res = await h.attempt(refused, c, "outcome", {});
    expect(res.statusCode).toBe(403);
    const done = await h.step(allowed, c, "outcome", {});
    expect(done.stage).toBe(w?.stages.at(-2) === "PUBLICITY_ENDED" ? "DESIGNATED" : "TOWNSHIP_REVIEW");
  });

  it("assist-first: the flag is stored, a second one refused, and the case completes its procedure", async () => {
    const w = WALKTHROUGHS[preset][0]!;
    const hh = await h.newHousehold(w.category);
    let c = await h.openCase(hh.id);
    expect(c.assistFirst).toBe(false);
    expect(c.availableActions).toContain("ASSIST_FIRST");
    const flag = { meetingOn: h.today(), minutesSummary: "镇党委会议研究决定先行帮扶", measures: "发放临时救助金，落实医疗救助" };
    c = await h.step("township", c, "assist-first", flag);
    expect(c.assistFirst).toBe(true);
    const read = await h.getCase(c.id);
    expect(read).toMatchObject({ assistFirst: true, stage: "TOWNSHIP_VERIFICATION" });
    expect(read.events.at(-1)).toMatchObject({ action: "ASSIST_FIRST", record: flag });
    expect((await h.ok("township", "GET", `/api/cases/${c.id}`)).availableActions).not.toContain("ASSIST_FIRST");
    const second = await h.attempt("township", c, "assist-first", flag);
    expect(second.statusCode).toBe(422);
    expect(second.json().code).toBe("CASE_RULE_VIOLATION");
    expect((await h.getCase(c.id)).version).toBe(c.version);
    const list = await h.ok("township", "GET", `/api/cases?householdId=${hh.id}&status=all`);
    expect(list.items[0].assistFirst).toBe(true);
    const { c: done, stages } = await h.walk(c, { monitoringType: w.monitoringType });
    expect(stages).toEqual(w.stages);
    expect(done.assistFirst).toBe(true);
    expect((await h.household(hh.id)).designation).toBe(w.household.designation);
  });
});

describe.each(PRESETS)("objections during publicity (LOCAL_RULES=%s)", (preset) => {
  let h: Harness;
  beforeAll(async () => {
    h = await procedureHarness(preset);
  });
  afterAll(() => h?.close());

  /** A case of a procedure with publicity, posted: identification where it has publicity, else risk elimination. */
  async function running() {
    const w = WALKTHROUGHS[preset].find((x) => x.stages.includes("PUBLICITY_RUNNING"));
    let c: Json;
    let hh: Json;
    if (w) {
      hh = await h.newHousehold(w.category);
      c = await h.openCase(hh.id);
      c = (await h.walk(c, { monitoringType: w.monitoringType, until: "PUBLICITY_RUNNING" })).c;
    } else {
      const d = DESIGNATING[preset][0]!;
      hh = (await h.designated(d.category, d.monitoringType)).h;
      c = (await h.walk(await h.openCase(hh.id, "RISK_ELIMINATION"), { until: "PUBLICITY_RUNNING" })).c;
    }
    expect(c.stage).toBe("PUBLICITY_RUNNING");
    await h.days(2);
    c = await h.step("village", c, "objection", { receivedOn: h.today(), content: "反映该户子女在城里买了房", raisedBy: "村民" });
    expect(c.stage).toBe("OBJECTION_REVIEW");
    return { c, hh: await h.household(hh.id) };
  }

  it("UPHOLD_AND_CLOSE ends the case OBJECTION_UPHELD and leaves the household unchanged", async () => {
    const { c, hh } = await running();
    const closed = await h.step("district", c, "objection-decision", { decision: "UPHOLD_AND_CLOSE", handling: "经核实，子女名下有商品房，异议成立" });
    expect(closed).toMatchObject({ stage: "OBJECTION_UPHELD", deadline: null, availableActions: [] });
    expect(closed.closedAt).not.toBeNull();
    const after = await h.household(hh.id);
    expect(after).toMatchObject({ category: hh.category, designation: hh.designation, version: hh.version });
    // Closed: a new case may be opened for the household.
    const open = await h.t.prisma.case.count({ where: { householdId: hh.id, closedAt: null } });
    expect(open).toBe(0);
  });

  it("UPHOLD_AND_RETURN sends the case back to its first step keeping the round's records, to be corrected", async () => {
    const { c } = await running();
    const back = await h.step("district", c, "objection-decision", { decision: "UPHOLD_AND_RETURN", handling: "异议部分属实，退回重新核实" });
    expect(back).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", returnCount: 1, publicity: null, stageStartedOn: h.today() });
    expect(back.closedAt).toBeNull();
    expect(back.roundRecords).toEqual(c.roundRecords);
    expect(Object.values(back.roundRecords).some((r) => r !== null)).toBe(true);
    const { stages } = await h.walk(back, { monitoringType: WALKTHROUGHS[preset].find((x) => x.monitoringType)?.monitoringType });
    expect(stages.at(-1)).toMatch(/DESIGNATED|ELIMINATED/);
  });

  it("a dismissed objection lets publicity continue", async () => {
    const { c } = await running();
    const cont = await h.step("district", c, "objection-decision", { decision: "DISMISS", handling: "经不动产登记比对，异议不成立" });
    expect(cont).toMatchObject({ stage: "PUBLICITY_RUNNING", returnCount: 0 });
    expect(cont.publicity).not.toBeNull();
  });
});

describe("linyi: the rollback's approval needs the cross-check", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await procedureHarness("linyi");
  });
  afterAll(() => h?.close());

  it("refuses an approval without it, and accepts one with every item checked", async () => {
    const hh = await h.newHousehold("LIFTED_WITHOUT_POLICY");
    let c = await h.openCase(hh.id);
    expect(c.procedure).toBe("ROLLBACK");
    // Linyi's rollback requires the home survey as well as the appraisal.
    c = await h.step("village", c, "appraisal", h.records.appraisal());
    const early = await h.attempt("township", c, "submit");
    expect(early.statusCode).toBe(422);
    expect(early.json().message).toContain("入户核实");
    c = await h.step("township", c, "verification", h.records.verification());
    c = await h.step("township", c, "submit");
    expect(c.stage).toBe("DISTRICT_REVIEW");
    for (const record of [{}, { crossChecks: h.records.checks().crossChecks }]) {
      const res = await h.attempt("district", c, "approve", record);
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe("CASE_RULE_VIOLATION");
    }
    expect((await h.getCase(c.id))).toMatchObject({ stage: "DISTRICT_REVIEW", version: c.version });
    c = await h.step("district", c, "approve", h.records.checks());
    expect(c.stage).toBe("PUBLICITY_PENDING");
  });
});

describe("national: every stage's deadline within 15 days of the first clue, across National Day", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await procedureHarness("national");
  });
  afterAll(() => h?.close());

  it("caps each stage's deadline at first clue + 15 calendar days", async () => {
    // Monday 2026-09-28, 10:00 in China: the holiday (10-01 … 10-08) falls inside the 15 days.
    h.t.clock.advanceMinutes((Date.parse("2026-09-28T02:00:00Z") - h.t.clock.now().getTime()) / 60_000);
    await h.days(0);
    expect(h.today()).toBe("2026-09-28");
    const hh = await h.newHousehold("ORDINARY");
    const opened = await h.openCase(hh.id);
    expect(opened).toMatchObject({ firstClueOn: "2026-09-28", limitDeadline: "2026-10-13" });
    // 5 working days from 09-28 would end after the holiday (10-12 at the earliest): the limit is earlier or equal.
    expect(opened.deadline.deadline <= "2026-10-13").toBe(true);
    const seen: string[] = [opened.deadline.deadline];
    const onStage = (x: Json) => {
      expect(x.limitDeadline).toBe("2026-10-13");
      if (x.deadline) seen.push(x.deadline.deadline);
    };
    const first = await h.walk(opened, { monitoringType: "EDGE_AT_RISK", until: "TOWNSHIP_REVIEW", onStage });
    expect(first.stages).toEqual(["TOWNSHIP_VERIFICATION", "PUBLICITY_PENDING", "PUBLICITY_RUNNING", "PUBLICITY_ENDED", "TOWNSHIP_REVIEW"]);
    // The township reviews late, on Monday 10-12: the district's own 3 working days would run to 10-15 (10-13, 10-14,
    // 10-15), so its stage ends on the limit instead.
    h.t.clock.advanceMinutes((Date.parse("2026-10-12T02:00:00Z") - h.t.clock.now().getTime()) / 60_000);
    await h.days(0);
    const { c, stages } = await h.walk(first.c, { onStage });
    expect(stages).toEqual(["TOWNSHIP_REVIEW", "DISTRICT_REVIEW", "DESIGNATED"]);
    expect(seen.length).toBeGreaterThan(4);
    for (const d of seen) expect(d <= "2026-10-13", d).toBe(true);
    for (const e of c.events) if (e.newDeadline) expect(e.newDeadline <= "2026-10-13", `${e.action} ${e.newDeadline}`).toBe(true);
    expect(c.events.find((e: Json) => e.toStage === "DISTRICT_REVIEW").newDeadline).toBe("2026-10-13");
    expect((await h.household(hh.id))).toMatchObject({ designation: "MONITORING_TARGET", monitoringType: "EDGE_AT_RISK" });
  });
});
