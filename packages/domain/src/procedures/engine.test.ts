import { describe, expect, it } from "vitest";
import { CASE_ACTION_CODES, type Actor } from "./actions.ts";
import { addDays, availableActions, decideAction, deadlineUnit, openCase, stageDeadline, type CaseState } from "./engine.ts";
import { RULE_SETS, type LocalRules } from "./rules.ts";
import { isTerminal, TERMINAL_STAGES, type CaseStage } from "./stages.ts";
import { ALL_ACTORS, appraisal, assist, household, lead, open, verification, walker, weekdays } from "./test-kit.ts";

const env = (rules: LocalRules, today: string) => ({ rules, calendar: weekdays, today });
const HOUSEHOLD_FOR: Record<string, ReturnType<typeof household>> = {
  MONITORED_IDENTIFICATION: household("LIFTED_WITH_POLICY"),
  INSTANT_ASSISTANCE_IDENTIFICATION: household("ORDINARY"),
  ROLLBACK: household("LIFTED_WITHOUT_POLICY"),
  MONITORING_IDENTIFICATION: household("ORDINARY"),
};
const householdFor = (rules: LocalRules, kind: string) =>
  HOUSEHOLD_FOR[kind] ?? household("LIFTED_WITH_POLICY", rules.preset === "weihai" || rules.preset === "linyi" ? "MONITORED" : "MONITORING_TARGET");

describe("opening a case", () => {
  it("starts in the procedure's first step, clock from the lead (start day not counted), under the deployment's rule set", () => {
    const r = openCase("INSTANT_ASSISTANCE_IDENTIFICATION", household("ORDINARY"), lead("2026-11-02"), "VILLAGE_CADRE", env(RULE_SETS.weihai, "2026-11-04"));
    expect(r).toMatchObject({
      ok: true,
      value: {
        procedure: "INSTANT_ASSISTANCE_IDENTIFICATION", ruleSet: "weihai", stage: "TOWNSHIP_VERIFICATION", firstClueOn: "2026-11-02", openedOn: "2026-11-02",
        stageStartedOn: "2026-11-02", stageDeadline: "2026-11-09", deadline: { date: "2026-11-09", complete: true }, returnCount: 0, assistFirst: false,
        monitoringType: null, publicity: null, villageCode: "371002001001",
      },
    });
  });

  it("refuses a procedure the rule set does not run", () => {
    for (const kind of ["ROLLBACK", "INSTANT_ASSISTANCE_IDENTIFICATION", "MONITORED_IDENTIFICATION", "NO_SUCH_THING"]) {
      expect(openCase(kind, household("LIFTED_WITHOUT_POLICY"), lead("2026-11-02"), "TOWNSHIP_STAFF", env(RULE_SETS.national, "2026-11-02"))).toMatchObject({
        ok: false, violation: { code: "UNKNOWN_PROCEDURE", path: "procedure" },
      });
    }
    expect(openCase("MONITORING_IDENTIFICATION", household("ORDINARY"), lead("2026-11-02"), "TOWNSHIP_STAFF", env(RULE_SETS.weihai, "2026-11-02")).ok).toBe(false);
  });

  it("is for village, township and district staff only", () => {
    for (const role of ["CITY_SUPERVISOR", "ADMIN", "SYSTEM"] as const) {
      expect(openCase("ROLLBACK", household("LIFTED_WITHOUT_POLICY"), lead("2026-11-02"), role, env(RULE_SETS.weihai, "2026-11-02"))).toMatchObject({
        ok: false, violation: { code: "ROLE_NOT_ALLOWED" },
      });
    }
  });

  it("refuses a procedure that does not apply to the household", () => {
    const w = env(RULE_SETS.weihai, "2026-11-02");
    expect(openCase("ROLLBACK", household("ORDINARY"), lead("2026-11-02"), "VILLAGE_CADRE", w)).toMatchObject({
      ok: false, violation: { code: "PROCEDURE_NOT_APPLICABLE", message: "“脱贫不再享受政策户 → 回退为脱贫享受政策户”只适用于尚未纳入监测的该类户；已纳入监测的户请办理风险消除" },
    });
    expect(openCase("INSTANT_ASSISTANCE_IDENTIFICATION", household("ORDINARY", "INSTANT_ASSISTANCE"), lead("2026-11-02"), "VILLAGE_CADRE", w)).toMatchObject({
      ok: false, violation: { code: "PROCEDURE_NOT_APPLICABLE" },
    });
    // A household identified earlier and eliminated (designation null again) may be identified again.
    expect(openCase("MONITORING_IDENTIFICATION", household("ORDINARY", "MONITORING_TARGET"), lead("2026-11-02"), "VILLAGE_CADRE", env(RULE_SETS.national, "2026-11-02"))).toMatchObject({
      ok: false, violation: { code: "PROCEDURE_NOT_APPLICABLE", message: "“识别认定为监测对象”只适用于尚未纳入监测的户；已纳入监测的户请办理风险消除" },
    });
    expect(openCase("MONITORING_IDENTIFICATION", household("ORDINARY", null), lead("2026-11-02"), "VILLAGE_CADRE", env(RULE_SETS.national, "2026-11-02")).ok).toBe(true);
  });

  it("refuses a lead dated in the future or more than a year ago", () => {
    const w = env(RULE_SETS.weihai, "2026-11-02");
    expect(openCase("ROLLBACK", household("LIFTED_WITHOUT_POLICY"), lead("2026-11-03"), "VILLAGE_CADRE", w)).toMatchObject({
      ok: false, violation: { code: "DATE_OUT_OF_RANGE", path: "lead.receivedOn" },
    });
    expect(openCase("ROLLBACK", household("LIFTED_WITHOUT_POLICY"), lead("2025-11-01"), "VILLAGE_CADRE", w)).toMatchObject({
      ok: false, violation: { code: "DATE_OUT_OF_RANGE", path: "lead.receivedOn" },
    });
    expect(openCase("ROLLBACK", household("LIFTED_WITHOUT_POLICY"), lead("2025-11-02"), "VILLAGE_CADRE", w).ok).toBe(true);
  });
});

describe("every procedure of every rule set is well formed", () => {
  for (const rules of Object.values(RULE_SETS)) {
    for (const p of rules.procedures) {
      it(`${rules.preset} ${p.kind}: arrows lead to its steps or to end stages; every step is reachable and owned`, () => {
        const stages = p.steps.map((s) => s.stage);
        for (const t of p.transitions) {
          for (const from of t.from) expect(stages).toContain(from);
          if (t.to !== "SAME" && t.to !== "BY_DECISION") expect([...stages, ...TERMINAL_STAGES]).toContain(t.to);
          if (t.completes) expect(t.to).toBe(p.completedStage);
        }
        const reached = new Set<CaseStage>([stages[0]!]);
        for (const t of p.transitions) if (t.to !== "SAME" && t.to !== "BY_DECISION") reached.add(t.to);
        if (p.transitions.some((t) => t.action === "RAISE_OBJECTION")) reached.add("OBJECTION_REVIEW");
        for (const s of stages) expect(reached.has(s)).toBe(true);
        expect(p.transitions.filter((t) => t.completes).length).toBe(1);
        expect(reached.has(p.completedStage)).toBe(true);
      });
    }
  }
});

describe("every transition is refused to other roles, in other stages and once the case is closed", () => {
  for (const rules of Object.values(RULE_SETS)) {
    for (const p of rules.procedures) {
      const base = open(rules, p.kind, householdFor(rules, p.kind), "2026-11-02");
      const stateIn = (stage: CaseStage): CaseState => ({
        ...base, stage, roundRecords: { ...base.roundRecords },
        publicity: { postedOn: "2026-11-02", startsOn: "2026-11-03", endsOn: "2026-11-07" },
      });
      const open_ = p.steps.map((s) => s.stage);
      const decide = (stage: CaseStage, action: (typeof CASE_ACTION_CODES)[number], actor: Actor) =>
        decideAction(stateIn(stage), action, actor, {}, env(rules, "2026-11-10"));

      it(`${rules.preset} ${p.kind}`, () => {
        for (const t of p.transitions) {
          for (const stage of t.from) {
            for (const actor of ALL_ACTORS.filter((a) => !t.roles.includes(a))) {
              expect(decide(stage, t.action, actor)).toMatchObject({ ok: false, violation: { code: "ROLE_NOT_ALLOWED" } });
            }
          }
          const allFrom = p.transitions.filter((u) => u.action === t.action).flatMap((u) => u.from);
          for (const stage of open_.filter((s) => !allFrom.includes(s))) {
            expect(decide(stage, t.action, t.roles[0]!)).toMatchObject({ ok: false, violation: { code: "WRONG_STAGE" } });
          }
          for (const stage of TERMINAL_STAGES) {
            expect(decide(stage, t.action, t.roles[0]!)).toMatchObject({ ok: false, violation: { code: "CASE_CLOSED" } });
          }
        }
        for (const action of CASE_ACTION_CODES.filter((a) => !p.transitions.some((t) => t.action === a))) {
          expect(decide(open_[0]!, action, "DISTRICT_REVIEWER")).toMatchObject({ ok: false, violation: { code: "ACTION_NOT_IN_PROCEDURE" } });
        }
        for (const stage of TERMINAL_STAGES) {
          for (const actor of ALL_ACTORS) expect(availableActions(stateIn(stage), actor, rules)).toEqual([]);
        }
      });
    }
  }
});

describe("what each role may do now", () => {
  it("weihai instant assistance, first step", () => {
    const c = open(RULE_SETS.weihai, "INSTANT_ASSISTANCE_IDENTIFICATION", household("ORDINARY"), "2026-11-02");
    expect(availableActions(c, "TOWNSHIP_STAFF", RULE_SETS.weihai)).toEqual(["RECORD_VERIFICATION", "RECORD_APPRAISAL", "SUBMIT", "WITHDRAW", "ASSIST_FIRST"]);
    expect(availableActions(c, "VILLAGE_CADRE", RULE_SETS.weihai)).toEqual(["RECORD_APPRAISAL"]);
    expect(availableActions(c, "DISTRICT_REVIEWER", RULE_SETS.weihai)).toEqual(["WITHDRAW"]);
    expect(availableActions(c, "CITY_SUPERVISOR", RULE_SETS.weihai)).toEqual([]);
  });
  it("national identification, first step: the village also records the consent", () => {
    const c = open(RULE_SETS.national, "MONITORING_IDENTIFICATION", household("ORDINARY"), "2026-11-02");
    expect(availableActions(c, "VILLAGE_CADRE", RULE_SETS.national)).toEqual(["RECORD_CONSENT", "RECORD_APPRAISAL"]);
    expect(availableActions(c, "TOWNSHIP_STAFF", RULE_SETS.national)).toEqual(["RECORD_VERIFICATION", "RECORD_CONSENT", "RECORD_APPRAISAL", "SUBMIT", "WITHDRAW", "ASSIST_FIRST"]);
  });
  it("the system only ends publicity", () => {
    const p = { postedOn: "2026-11-02", startsOn: "2026-11-03", endsOn: "2026-11-07" };
    const c = { ...open(RULE_SETS.linyi, "ROLLBACK", household("LIFTED_WITHOUT_POLICY"), "2026-11-02"), stage: "PUBLICITY_RUNNING" as const, publicity: p };
    expect(availableActions(c, "SYSTEM", RULE_SETS.linyi)).toEqual(["END_PUBLICITY"]);
    expect(availableActions(c, "VILLAGE_CADRE", RULE_SETS.linyi)).toEqual(["RAISE_OBJECTION"]);
  });
});

describe("dates on records", () => {
  const { refused, open: openW } = walker(RULE_SETS.weihai);
  const c = () => openW("INSTANT_ASSISTANCE_IDENTIFICATION", household("ORDINARY"), "2026-11-02");
  it("refuses dates in the future or before the lead", () => {
    expect(refused(c(), "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-05"), "2026-11-04")).toMatchObject({ code: "DATE_OUT_OF_RANGE", path: "visitedOn" });
    expect(refused(c(), "RECORD_APPRAISAL", "VILLAGE_CADRE", appraisal("2026-11-01"), "2026-11-04")).toMatchObject({
      code: "DATE_OUT_OF_RANGE", path: "heldOn", message: "评议日期不能早于线索接收日期（2026-11-02）",
    });
    expect(refused(c(), "ASSIST_FIRST", "TOWNSHIP_STAFF", assist("2026-11-05"), "2026-11-04")).toMatchObject({ code: "DATE_OUT_OF_RANGE", path: "meetingOn" });
  });
});

describe("deadlines", () => {
  const p = RULE_SETS.weihai.procedures.find((x) => x.kind === "INSTANT_ASSISTANCE_IDENTIFICATION")!;
  it("count working days from the stage's start, across weekends", () => {
    expect(stageDeadline(p, "TOWNSHIP_VERIFICATION", "2026-11-06", "2026-11-01", weekdays, null)).toEqual({ date: "2026-11-13", complete: true });
    expect(stageDeadline(p, "DISTRICT_REVIEW", "2026-11-07", "2026-11-01", weekdays, null)).toEqual({ date: "2026-11-11", complete: true });
  });
  it("during publicity: the end of the period, told in calendar days; before posting there is none", () => {
    const publicity = { postedOn: "2026-11-06", startsOn: "2026-11-07", endsOn: "2026-11-11" };
    expect(stageDeadline(p, "PUBLICITY_RUNNING", "2026-11-06", "2026-11-01", weekdays, publicity)).toEqual({ date: "2026-11-11", complete: true });
    expect(stageDeadline(p, "PUBLICITY_RUNNING", "2026-11-06", "2026-11-01", weekdays, null)).toBeNull();
    expect(deadlineUnit(p, "PUBLICITY_RUNNING")).toBe("CALENDAR_DAYS");
    expect(deadlineUnit(p, "DISTRICT_REVIEW")).toBe("WORKING_DAYS");
  });
  it("end stages have none", () => {
    for (const stage of TERMINAL_STAGES) expect(stageDeadline(p, stage, "2026-11-06", "2026-11-01", weekdays, null)).toBeNull();
    expect(TERMINAL_STAGES.every(isTerminal)).toBe(true);
  });
  it("a limit from the first clue caps each stage; without it the stage's own rule holds", () => {
    const national = RULE_SETS.national.procedures.find((x) => x.kind === "MONITORING_IDENTIFICATION")!;
    // First clue 2026-11-02 → limit 2026-11-17.
    expect(stageDeadline(national, "DISTRICT_REVIEW", "2026-11-16", "2026-11-02", weekdays, null)).toEqual({ date: "2026-11-17", complete: true });
    expect(stageDeadline(national, "DISTRICT_REVIEW", "2026-11-05", "2026-11-02", weekdays, null)).toEqual({ date: "2026-11-10", complete: true });
    expect(stageDeadline(national, "TOWNSHIP_REVIEW", "2026-11-20", "2026-11-02", weekdays, null)).toEqual({ date: "2026-11-17", complete: true });
  });
  it("a calendar-day limit counts calendar days: 15 days after 2026-12-25 is 2027-01-09", () => {
    expect(addDays("2026-12-25", 15)).toBe("2027-01-09");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });
});

describe("a case follows the rule set given to the engine", () => {
  it("the same state decides differently under weihai and linyi (rollback needs the survey in linyi)", () => {
    const c = open(RULE_SETS.weihai, "ROLLBACK", household("LIFTED_WITHOUT_POLICY"), "2026-11-02");
    const withAppraisal = { ...c, roundRecords: { ...c.roundRecords, appraisal: { heldOn: "2026-11-03", participants: 15, votesFor: 13, votesAgainst: 1, passed: true, minutesSummary: "同意" } } };
    expect(decideAction(withAppraisal, "SUBMIT", "TOWNSHIP_STAFF", null, env(RULE_SETS.weihai, "2026-11-04")).ok).toBe(true);
    expect(decideAction({ ...withAppraisal, ruleSet: "linyi" }, "SUBMIT", "TOWNSHIP_STAFF", null, env(RULE_SETS.linyi, "2026-11-04"))).toMatchObject({
      ok: false, violation: { code: "MISSING_RECORDS", message: "报送前须先完成：入户核实" },
    });
  });
});
