import { describe, expect, it } from "vitest";
import type { HouseholdCategory } from "../categories.ts";
import { CASE_ACTION_CODES, type Actor, type CaseAction } from "./actions.ts";
import type { CalendarPort } from "./calendar-port.ts";
import { availableActions, decideAction, openCase, type CaseState, type Decision } from "./engine.ts";
import { procedureFor } from "./procedure.ts";
import type { AppraisalRecord, LeadRecord, VerificationRecord } from "./records.ts";
import { CROSS_CHECKS, EXCLUSIONS, LINYI_RULES, WEIHAI_RULES } from "./rules.ts";

/** Monday–Friday only: the procedures' logic is tested here, the official calendar in calendar/. */
const weekdays: CalendarPort = {
  addWorkingDays(from, n) {
    const d = new Date(`${from}T00:00:00Z`);
    while (n > 0) {
      d.setUTCDate(d.getUTCDate() + 1);
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) n--;
    }
    return { date: d.toISOString().slice(0, 10), complete: true };
  },
  publicityPeriod(postedOn, days) {
    const add = (k: number) => { const d = new Date(`${postedOn}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + k); return d.toISOString().slice(0, 10); };
    return { startsOn: add(1), endsOn: add(days) };
  },
};
const env = (today: string) => ({ rules: WEIHAI_RULES, calendar: weekdays, today });

const lead: LeadRecord = { source: "DAILY_VISIT", receivedOn: "2026-11-02", riskCauses: ["SERIOUS_ILLNESS"], description: "户主突发重病" };
const verification: VerificationRecord = { visitedOn: "2026-11-03", verifiers: ["李专干", "陈书记"], findings: "属实", riskConfirmed: true };
const appraisal: AppraisalRecord = { heldOn: "2026-11-04", participants: 15, votesFor: 13, votesAgainst: 1, passed: true, minutesSummary: "同意纳入" };
const allClear = {
  crossChecks: Object.fromEntries(Object.keys(CROSS_CHECKS).map((k) => [k, { result: "CLEAR" }])),
  exclusions: Object.fromEntries(Object.keys(EXCLUSIONS).map((k) => [k, false])),
};

type Tracked = CaseState & { last?: Decision };

function open(category: HouseholdCategory): Tracked {
  const r = openCase(category, lead, "VILLAGE_CADRE", env("2026-11-02"));
  if (!r.ok) throw new Error(r.violation.message);
  return r.value;
}

/** Applies an action that must be allowed, and returns the new state. */
function act(state: CaseState, action: CaseAction, role: Actor, record: unknown, today: string): Tracked {
  const r = decideAction(state, action, role, record, env(today));
  if (!r.ok) throw new Error(`${action}: ${r.violation.code} ${r.violation.message}`);
  const d = r.value;
  return {
    ...state, stage: d.toStage, stageStartedOn: d.stageStartedOn, stageDeadline: d.stageDeadline?.date ?? null, roundRecords: d.roundRecords,
    publicity: d.publicity, assistFirst: d.assistFirst, returnCount: d.returnCount, last: d,
  };
}

function refused(state: CaseState, action: CaseAction, role: Actor, record: unknown, today: string) {
  const r = decideAction(state, action, role, record, env(today));
  if (r.ok) throw new Error(`${action} should have been refused`);
  return r.violation;
}

describe("opening a case", () => {
  it("starts in township verification with 5 working days from the lead (start day not counted)", () => {
    const c = open("ORDINARY");
    expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageStartedOn: "2026-11-02", stageDeadline: "2026-11-09" });
  });
  it("is for village, township and district staff, with a lead not dated in the future", () => {
    expect(openCase("ORDINARY", lead, "CITY_SUPERVISOR", env("2026-11-02"))).toMatchObject({ ok: false, violation: { code: "ROLE_NOT_ALLOWED" } });
    expect(openCase("ORDINARY", lead, "TOWNSHIP_STAFF", env("2026-11-01"))).toMatchObject({ ok: false, violation: { code: "DATE_OUT_OF_RANGE", path: "receivedOn" } });
  });
});

describe("LIFTED_WITH_POLICY → MONITORED", () => {
  it("verification → district review (3 working days) → approval designates MONITORED, no publicity", () => {
    let c = open("LIFTED_WITH_POLICY");
    c = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification, "2026-11-03");
    expect(c.stage).toBe("TOWNSHIP_VERIFICATION");
    c = act(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-06");
    expect(c).toMatchObject({ stage: "DISTRICT_REVIEW", stageStartedOn: "2026-11-06", stageDeadline: "2026-11-11" });
    expect(c.last?.metDeadline).toBe(true);
    c = act(c, "APPROVE", "DISTRICT_REVIEWER", {}, "2026-11-12");
    expect(c.stage).toBe("DESIGNATED");
    expect(c.last?.metDeadline).toBe(false); // a day late
    expect(c.last?.householdChange).toEqual({ designation: "MONITORED" });
  });
  it("has no appraisal, publicity or objection steps", () => {
    const c = open("LIFTED_WITH_POLICY");
    for (const action of ["RECORD_APPRAISAL", "POST_PUBLICITY", "RAISE_OBJECTION", "CONFIRM_OUTCOME"] as const) {
      expect(refused(c, action, "VILLAGE_CADRE", {}, "2026-11-03").code).toBe("ACTION_NOT_IN_PROCEDURE");
    }
  });
  it("needs the verification before submission", () => {
    expect(refused(open("LIFTED_WITH_POLICY"), "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-03")).toMatchObject({
      code: "MISSING_RECORDS", message: "报送区县前须先完成：入户核实",
    });
  });
});

function throughReview(category: HouseholdCategory) {
  let c = open(category);
  if (WEIHAI_RULES.procedures[category].townshipRecords.includes("VERIFICATION")) c = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification, "2026-11-03");
  c = act(c, "RECORD_APPRAISAL", "VILLAGE_CADRE", appraisal, "2026-11-04");
  c = act(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05");
  return act(c, "APPROVE", "DISTRICT_REVIEWER", allClear, "2026-11-06");
}

describe("ORDINARY → INSTANT_ASSISTANCE", () => {
  it("verification + appraisal → review with cross-check → publicity 5 days → no objection → INSTANT_ASSISTANCE", () => {
    let c = throughReview("ORDINARY");
    expect(c).toMatchObject({ stage: "PUBLICITY_PENDING", stageDeadline: "2026-11-10" });
    c = act(c, "POST_PUBLICITY", "VILLAGE_CADRE", { postedOn: "2026-11-09", place: "村委会公示栏" }, "2026-11-09");
    expect(c).toMatchObject({ stage: "PUBLICITY_RUNNING", publicity: { postedOn: "2026-11-09", startsOn: "2026-11-10", endsOn: "2026-11-14" }, stageDeadline: "2026-11-14" });
    expect(refused(c, "END_PUBLICITY", "SYSTEM", null, "2026-11-14").code).toBe("PUBLICITY_NOT_OVER");
    expect(refused(c, "CONFIRM_OUTCOME", "VILLAGE_CADRE", {}, "2026-11-14").code).toBe("WRONG_STAGE");
    c = act(c, "END_PUBLICITY", "SYSTEM", null, "2026-11-15");
    expect(c).toMatchObject({ stage: "PUBLICITY_ENDED", stageStartedOn: "2026-11-15" });
    c = act(c, "CONFIRM_OUTCOME", "VILLAGE_CADRE", {}, "2026-11-16");
    expect(c.stage).toBe("DESIGNATED");
    expect(c.last?.householdChange).toEqual({ designation: "INSTANT_ASSISTANCE" });
  });

  it("needs both the collection and the appraisal, and a passed appraisal", () => {
    let c = open("ORDINARY");
    c = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification, "2026-11-03");
    expect(refused(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-03").message).toBe("报送区县前须先完成：民主评议");
    c = act(c, "RECORD_APPRAISAL", "VILLAGE_CADRE", { ...appraisal, passed: false, votesFor: 3 }, "2026-11-04");
    expect(refused(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-04").code).toBe("RECORD_NOT_FAVOURABLE");
  });

  it("needs the cross-check and the ten exclusions, and cannot approve when an exclusion applies", () => {
    let c = open("ORDINARY");
    c = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification, "2026-11-03");
    c = act(c, "RECORD_APPRAISAL", "TOWNSHIP_STAFF", appraisal, "2026-11-04");
    c = act(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05");
    expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", {}, "2026-11-06")).toMatchObject({ code: "CHECKS_INCOMPLETE", path: "crossChecks" });
    expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", { crossChecks: allClear.crossChecks }, "2026-11-06")).toMatchObject({ code: "CHECKS_INCOMPLETE", path: "exclusions" });
    const withCar = { ...allClear, exclusions: { ...allClear.exclusions, CAR: true } };
    expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", withCar, "2026-11-06").code).toBe("EXCLUSION_APPLIES");
    const rejected = act(c, "REJECT", "DISTRICT_REVIEWER", { ...withCar, reason: "家庭有小轿车" }, "2026-11-06");
    expect(rejected.stage).toBe("REJECTED");
    expect(rejected.last?.householdChange).toBeNull();
    expect(refused(rejected, "WITHDRAW", "TOWNSHIP_STAFF", { reason: "x" }, "2026-11-07").code).toBe("CASE_CLOSED");
  });

  it("return for correction restarts the township's clock, counts rounds and asks for the records again", () => {
    let c = open("ORDINARY");
    c = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification, "2026-11-03");
    c = act(c, "RECORD_APPRAISAL", "VILLAGE_CADRE", appraisal, "2026-11-04");
    c = act(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05");
    c = act(c, "RETURN", "DISTRICT_REVIEWER", { reason: "收入数据有误" }, "2026-11-06");
    expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageStartedOn: "2026-11-06", stageDeadline: "2026-11-13", returnCount: 1 });
    expect(refused(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-09").code).toBe("MISSING_RECORDS");
    c = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", { ...verification, visitedOn: "2026-11-09" }, "2026-11-09");
    c = act(c, "RECORD_APPRAISAL", "VILLAGE_CADRE", appraisal, "2026-11-09");
    c = act(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-10");
    expect(c.stage).toBe("DISTRICT_REVIEW");
  });

  it("an objection goes to the district: dismissed while the period runs, publicity goes on", () => {
    let c = throughReview("ORDINARY");
    c = act(c, "POST_PUBLICITY", "VILLAGE_CADRE", { postedOn: "2026-11-09", place: "村委会" }, "2026-11-09");
    c = act(c, "RAISE_OBJECTION", "VILLAGE_CADRE", { receivedOn: "2026-11-11", content: "该户有车" }, "2026-11-11");
    expect(c).toMatchObject({ stage: "OBJECTION_REVIEW", stageDeadline: "2026-11-16" });
    c = act(c, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", { decision: "DISMISS", handling: "经核实车辆已报废" }, "2026-11-12");
    expect(c).toMatchObject({ stage: "PUBLICITY_RUNNING", stageDeadline: "2026-11-14" });
  });

  it("an objection dismissed after the period ends leads to the outcome; upheld it closes or returns", () => {
    let c = throughReview("ORDINARY");
    c = act(c, "POST_PUBLICITY", "VILLAGE_CADRE", { postedOn: "2026-11-09", place: "村委会" }, "2026-11-09");
    const objected = act(c, "RAISE_OBJECTION", "TOWNSHIP_STAFF", { receivedOn: "2026-11-13", content: "有异议" }, "2026-11-13");
    expect(act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", { decision: "DISMISS", handling: "不成立" }, "2026-11-17").stage).toBe("PUBLICITY_ENDED");
    const closed = act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", { decision: "UPHOLD_AND_CLOSE", handling: "成立" }, "2026-11-16");
    expect(closed.stage).toBe("OBJECTION_UPHELD");
    expect(closed.last?.householdChange).toBeNull();
    const returned = act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", { decision: "UPHOLD_AND_RETURN", handling: "需重新核实" }, "2026-11-16");
    expect(returned).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", returnCount: 1, publicity: null });
  });

  it("an objection must be received within the publicity period", () => {
    let c = throughReview("ORDINARY");
    c = act(c, "POST_PUBLICITY", "VILLAGE_CADRE", { postedOn: "2026-11-09", place: "村委会" }, "2026-11-09");
    c = act(c, "END_PUBLICITY", "SYSTEM", null, "2026-11-15");
    expect(refused(c, "RAISE_OBJECTION", "VILLAGE_CADRE", { receivedOn: "2026-11-15", content: "晚了" }, "2026-11-16").code).toBe("DATE_OUT_OF_RANGE");
    expect(act(c, "RAISE_OBJECTION", "VILLAGE_CADRE", { receivedOn: "2026-11-14", content: "补登" }, "2026-11-16").stage).toBe("OBJECTION_REVIEW");
  });

  it("a notice posted earlier and entered late whose period is over awaits the outcome at once", () => {
    const c = act(throughReview("ORDINARY"), "POST_PUBLICITY", "VILLAGE_CADRE", { postedOn: "2026-11-06", place: "村委会" }, "2026-11-20");
    expect(c).toMatchObject({ stage: "PUBLICITY_ENDED", publicity: { endsOn: "2026-11-11" } });
    expect(refused(throughReview("ORDINARY"), "POST_PUBLICITY", "VILLAGE_CADRE", { postedOn: "2026-11-05", place: "x" }, "2026-11-20").code).toBe("DATE_OUT_OF_RANGE");
  });
});

describe("LIFTED_WITHOUT_POLICY → rollback to LIFTED_WITH_POLICY", () => {
  it("appraisal → review → publicity → the category becomes LIFTED_WITH_POLICY", () => {
    let c = open("LIFTED_WITHOUT_POLICY");
    expect(refused(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-03").message).toBe("报送区县前须先完成：民主评议");
    c = throughReview("LIFTED_WITHOUT_POLICY");
    c = act(c, "POST_PUBLICITY", "VILLAGE_CADRE", { postedOn: "2026-11-06", place: "村委会" }, "2026-11-06");
    c = act(c, "END_PUBLICITY", "SYSTEM", null, "2026-11-12");
    c = act(c, "CONFIRM_OUTCOME", "VILLAGE_CADRE", {}, "2026-11-12");
    expect(c.last?.householdChange).toEqual({ category: "LIFTED_WITH_POLICY" });
  });
});

describe("roles, stages and the emergency path", () => {
  it("refuses every action to a role that does not own it", () => {
    let c = open("ORDINARY");
    expect(refused(c, "RECORD_VERIFICATION", "VILLAGE_CADRE", verification, "2026-11-03").code).toBe("ROLE_NOT_ALLOWED");
    expect(refused(c, "SUBMIT", "DISTRICT_REVIEWER", null, "2026-11-03").code).toBe("ROLE_NOT_ALLOWED");
    expect(refused(c, "WITHDRAW", "VILLAGE_CADRE", { reason: "x" }, "2026-11-03").code).toBe("ROLE_NOT_ALLOWED");
    c = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification, "2026-11-03");
    c = act(c, "RECORD_APPRAISAL", "VILLAGE_CADRE", appraisal, "2026-11-04");
    c = act(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05");
    for (const role of ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "CITY_SUPERVISOR", "ADMIN"] as const) {
      expect(refused(c, "APPROVE", role, allClear, "2026-11-06").code).toBe("ROLE_NOT_ALLOWED");
    }
    const d = act(c, "APPROVE", "DISTRICT_REVIEWER", allClear, "2026-11-06");
    expect(refused(d, "POST_PUBLICITY", "TOWNSHIP_STAFF", { postedOn: "2026-11-06", place: "x" }, "2026-11-06").code).toBe("ROLE_NOT_ALLOWED");
  });

  it("refuses every action outside the stages it belongs to", () => {
    for (const category of ["LIFTED_WITH_POLICY", "ORDINARY", "LIFTED_WITHOUT_POLICY"] as const) {
      const procedure = procedureFor(category);
      const c = open(category);
      for (const t of procedure.transitions) {
        if (t.from.includes("TOWNSHIP_VERIFICATION")) continue;
        const role = t.roles[0]!;
        expect(refused(c, t.action, role, {}, "2026-11-03").code).toBe("WRONG_STAGE");
      }
      for (const action of CASE_ACTION_CODES) {
        if (!procedure.transitions.some((t) => t.action === action)) expect(refused(c, action, "DISTRICT_REVIEWER", {}, "2026-11-03").code).toBe("ACTION_NOT_IN_PROCEDURE");
      }
    }
  });

  it("refuses record dates in the future or before the lead", () => {
    const c = open("ORDINARY");
    expect(refused(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", { ...verification, visitedOn: "2026-11-05" }, "2026-11-04")).toMatchObject({ path: "visitedOn" });
    expect(refused(c, "RECORD_APPRAISAL", "VILLAGE_CADRE", { ...appraisal, heldOn: "2026-11-01" }, "2026-11-04").message).toContain("不能早于线索接收日期");
  });

  it("withdrawal ends any open case, by township or district", () => {
    expect(act(open("ORDINARY"), "WITHDRAW", "TOWNSHIP_STAFF", { reason: "农户申请撤回" }, "2026-11-03").stage).toBe("WITHDRAWN");
    expect(act(throughReview("ORDINARY"), "WITHDRAW", "DISTRICT_REVIEWER", { reason: "重复登记" }, "2026-11-07").stage).toBe("WITHDRAWN");
  });

  it("先帮扶、后认定 flags the case once and the procedure still runs to its end", () => {
    let c = open("ORDINARY");
    c = act(c, "ASSIST_FIRST", "TOWNSHIP_STAFF", { meetingOn: "2026-11-02", minutesSummary: "镇级会议研究同意", measures: "临时救助 2000 元" }, "2026-11-02");
    expect(c).toMatchObject({ assistFirst: true, stage: "TOWNSHIP_VERIFICATION", stageDeadline: "2026-11-09" });
    expect(refused(c, "ASSIST_FIRST", "TOWNSHIP_STAFF", { meetingOn: "2026-11-02", minutesSummary: "x", measures: "x" }, "2026-11-03").code).toBe("ALREADY_FLAGGED");
    expect(availableActions(c, "TOWNSHIP_STAFF")).not.toContain("ASSIST_FIRST");
  });

  it("lists what each role can do now", () => {
    const c = open("ORDINARY");
    expect(availableActions(c, "TOWNSHIP_STAFF")).toEqual(["RECORD_VERIFICATION", "RECORD_APPRAISAL", "SUBMIT", "WITHDRAW", "ASSIST_FIRST"]);
    expect(availableActions(c, "VILLAGE_CADRE")).toEqual(["RECORD_APPRAISAL"]);
    expect(availableActions(c, "DISTRICT_REVIEWER")).toEqual(["WITHDRAW"]);
    expect(availableActions(c, "CITY_SUPERVISOR")).toEqual([]);
  });
});

describe("every transition, exhaustively", () => {
  const ALL_ACTORS: Actor[] = ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN", "SYSTEM"];
  const OPEN_STAGES = ["TOWNSHIP_VERIFICATION", "DISTRICT_REVIEW", "PUBLICITY_PENDING", "PUBLICITY_RUNNING", "PUBLICITY_ENDED", "OBJECTION_REVIEW"] as const;
  const stateIn = (category: HouseholdCategory, stage: CaseState["stage"]): CaseState => ({
    ...open(category),
    stage,
    stageStartedOn: "2026-11-02",
    roundRecords: { verification, appraisal },
    publicity: { postedOn: "2026-11-02", startsOn: "2026-11-03", endsOn: "2026-11-07" },
  });

  for (const category of ["LIFTED_WITH_POLICY", "ORDINARY", "LIFTED_WITHOUT_POLICY"] as const) {
    for (const t of procedureFor(category).transitions) {
      it(`${category} ${t.action}: refused to every other role and in every other stage`, () => {
        for (const stage of t.from) {
          for (const actor of ALL_ACTORS.filter((a) => !t.roles.includes(a))) {
            expect(refused(stateIn(category, stage), t.action, actor, {}, "2026-11-10").code).toBe("ROLE_NOT_ALLOWED");
          }
        }
        for (const stage of OPEN_STAGES.filter((s) => !t.from.includes(s))) {
          expect(refused(stateIn(category, stage), t.action, t.roles[0]!, {}, "2026-11-10").code).toBe("WRONG_STAGE");
        }
        for (const stage of ["DESIGNATED", "REJECTED", "OBJECTION_UPHELD", "WITHDRAWN"] as const) {
          expect(refused(stateIn(category, stage), t.action, t.roles[0]!, {}, "2026-11-10").code).toBe("CASE_CLOSED");
        }
      });
    }
  }
});

describe("local rules", () => {
  it("Linyi also needs the home survey before a rollback case goes to the district", () => {
    const c = open("LIFTED_WITHOUT_POLICY");
    const withAppraisal = { ...c, roundRecords: { verification: null, appraisal } };
    const linyi = { rules: LINYI_RULES, calendar: weekdays, today: "2026-11-05" };
    expect(decideAction(withAppraisal, "SUBMIT", "TOWNSHIP_STAFF", null, linyi)).toMatchObject({ ok: false, violation: { message: "报送区县前须先完成：入户核实" } });
    expect(decideAction(withAppraisal, "SUBMIT", "TOWNSHIP_STAFF", null, env("2026-11-05")).ok).toBe(true);
  });
});
