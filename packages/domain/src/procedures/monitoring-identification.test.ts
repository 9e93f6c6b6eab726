import { describe, expect, it } from "vitest";
import { createOfficialWorkingDayCalendar } from "../calendar/official-data.ts";
import { availableActions, deadlineUnit, stageDeadline } from "./engine.ts";
import { monitoringIdentification } from "./monitoring-identification.ts";
import { procedureIn, RULE_SETS } from "./rules.ts";
import {
  allClear, appraisal, assist, consent, decision, household, objection, open as openIn, publicity, rejectRecord, returnRecord, verification, walker, weekdays,
  withdrawalRecord,
} from "./test-kit.ts";

const KIND = "MONITORING_IDENTIFICATION";

describe("monitoring identification: rule sets", () => {
  it("runs under fuzhou (county confirmation) and national (the full national model)", () => {
    expect(Object.values(RULE_SETS).filter((r) => procedureIn(r, KIND)).map((r) => r.preset)).toEqual(["fuzhou", "national"]);
    expect(procedureIn(RULE_SETS.fuzhou, KIND)!.steps.map((s) => s.stage)).toEqual(["TOWNSHIP_VERIFICATION", "DISTRICT_REVIEW"]);
    expect(procedureIn(RULE_SETS.national, KIND)!.steps.map((s) => s.stage)).toEqual([
      "TOWNSHIP_VERIFICATION", "PUBLICITY_PENDING", "PUBLICITY_RUNNING", "PUBLICITY_ENDED", "OBJECTION_REVIEW", "TOWNSHIP_REVIEW", "DISTRICT_REVIEW",
    ]);
    expect(procedureIn(RULE_SETS.national, KIND)!.limit).toEqual({ days: 15, unit: "CALENDAR_DAYS", from: "FIRST_CLUE" });
    expect(procedureIn(RULE_SETS.fuzhou, KIND)!.limit).toBeNull();
  });
});

describe("fuzhou: township verification → the county's leading group confirms (two steps)", () => {
  const rules = RULE_SETS.fuzhou;
  const { act, refused, open } = walker(rules);
  const start = () => open(KIND, household("LIFTED_WITH_POLICY"), "2026-11-02");
  const submitted = () => {
    const c = act(start(), "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-03", { monitoringType: "UNSTABLE_LIFTED" }), "2026-11-03");
    return act(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-04");
  };

  it("verification with the type (5 working days) → confirmation (3 working days) → 监测对象 of that type", () => {
    let c = start();
    expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageDeadline: "2026-11-09" });
    c = submitted();
    expect(c).toMatchObject({ stage: "DISTRICT_REVIEW", stageStartedOn: "2026-11-04", stageDeadline: "2026-11-09", monitoringType: "UNSTABLE_LIFTED" });
    c = act(c, "APPROVE", "DISTRICT_REVIEWER", {}, "2026-11-05");
    expect(c.stage).toBe("DESIGNATED");
    expect(c.last?.householdChange).toEqual({ type: "DESIGNATE", designation: "MONITORING_TARGET", monitoringType: "UNSTABLE_LIFTED" });
  });

  it("the district may settle another type of the rule set at confirmation", () => {
    const c = act(submitted(), "APPROVE", "DISTRICT_REVIEWER", { monitoringType: "EDGE_AT_RISK" }, "2026-11-05");
    expect(c.last?.householdChange).toEqual({ type: "DESIGNATE", designation: "MONITORING_TARGET", monitoringType: "EDGE_AT_RISK" });
  });

  it("refuses a type missing or not in the rule set (fuzhou has no 突发严重困难户)", () => {
    const noType = act(start(), "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-03"), "2026-11-03");
    expect(refused(noType, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-03")).toMatchObject({ code: "MISSING_RECORDS", path: "monitoringType" });
    expect(refused(start(), "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-03", { monitoringType: "SUDDEN_HARDSHIP" }), "2026-11-03")).toMatchObject({
      code: "INVALID_MONITORING_TYPE", path: "monitoringType", message: "监测对象类型应为：脱贫不稳定户、边缘易致贫户",
    });
    expect(refused(submitted(), "APPROVE", "DISTRICT_REVIEWER", { monitoringType: "SUDDEN_HARDSHIP" }, "2026-11-05").code).toBe("INVALID_MONITORING_TYPE");
  });

  it("has no consent, appraisal, publicity or township review", () => {
    const c = start();
    for (const action of ["RECORD_CONSENT", "RECORD_APPRAISAL", "POST_PUBLICITY", "RAISE_OBJECTION", "DECIDE_OBJECTION", "CONFIRM_OUTCOME"] as const) {
      expect(refused(c, action, "TOWNSHIP_STAFF", {}, "2026-11-03", true).code).toBe("ACTION_NOT_IN_PROCEDURE");
    }
    expect(refused(submitted(), "APPROVE", "TOWNSHIP_STAFF", {}, "2026-11-05").code).toBe("ROLE_NOT_ALLOWED");
  });

  it("return, reject, withdraw, assist first", () => {
    expect(act(submitted(), "RETURN", "DISTRICT_REVIEWER", returnRecord, "2026-11-05")).toMatchObject({
      stage: "TOWNSHIP_VERIFICATION", stageDeadline: "2026-11-12", returnCount: 1,
    });
    const rejected = act(submitted(), "REJECT", "DISTRICT_REVIEWER", rejectRecord, "2026-11-05");
    expect(rejected.stage).toBe("REJECTED");
    expect(rejected.last?.householdChange).toBeNull();
    expect(act(submitted(), "WITHDRAW", "TOWNSHIP_STAFF", withdrawalRecord, "2026-11-05").stage).toBe("WITHDRAWN");
    const flagged = act(start(), "ASSIST_FIRST", "TOWNSHIP_STAFF", assist("2026-11-02"), "2026-11-02");
    expect(refused(flagged, "ASSIST_FIRST", "TOWNSHIP_STAFF", assist("2026-11-02"), "2026-11-02").code).toBe("ALREADY_FLAGGED");
  });
});

describe("national: consent + verification + appraisal → publicity → township review → county decision, within 15 days", () => {
  const rules = RULE_SETS.national;
  const { act, refused, open } = walker(rules);
  const start = () => open(KIND, household("ORDINARY"), "2026-11-02");
  const collected = (type = "EDGE_AT_RISK") => {
    let c = act(start(), "RECORD_CONSENT", "VILLAGE_CADRE", consent("2026-11-02"), "2026-11-02");
    c = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-03", { monitoringType: type }), "2026-11-03");
    return act(c, "RECORD_APPRAISAL", "VILLAGE_CADRE", appraisal("2026-11-04"), "2026-11-04");
  };
  const running = () => {
    const c = act(collected(), "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05");
    return act(c, "POST_PUBLICITY", "VILLAGE_CADRE", publicity("2026-11-06"), "2026-11-06");
  };
  const townshipReview = () => {
    const c = act(running(), "END_PUBLICITY", "SYSTEM", null, "2026-11-12");
    return act(c, "CONFIRM_OUTCOME", "VILLAGE_CADRE", {}, "2026-11-13");
  };
  const districtReview = () => act(townshipReview(), "APPROVE", "TOWNSHIP_STAFF", {}, "2026-11-16");

  it("walks to its end with exact deadlines; the 15-day limit (2026-11-17) caps the county's 3 working days", () => {
    let c = start();
    expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", firstClueOn: "2026-11-02", stageDeadline: "2026-11-09" });
    c = act(collected(), "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05");
    expect(c).toMatchObject({ stage: "PUBLICITY_PENDING", stageStartedOn: "2026-11-05", stageDeadline: "2026-11-06", monitoringType: "EDGE_AT_RISK" });
    c = act(c, "POST_PUBLICITY", "VILLAGE_CADRE", publicity("2026-11-06"), "2026-11-06");
    expect(c).toMatchObject({ stage: "PUBLICITY_RUNNING", stageDeadline: "2026-11-11", publicity: { startsOn: "2026-11-07", endsOn: "2026-11-11" } });
    c = act(c, "END_PUBLICITY", "SYSTEM", null, "2026-11-12");
    expect(c).toMatchObject({ stage: "PUBLICITY_ENDED", stageStartedOn: "2026-11-12", stageDeadline: "2026-11-13" });
    expect(refused(c, "CONFIRM_OUTCOME", "DISTRICT_REVIEWER", {}, "2026-11-13").code).toBe("ROLE_NOT_ALLOWED");
    c = act(c, "CONFIRM_OUTCOME", "VILLAGE_CADRE", {}, "2026-11-13");
    expect(c).toMatchObject({ stage: "TOWNSHIP_REVIEW", stageStartedOn: "2026-11-13", stageDeadline: "2026-11-17" });
    expect(c.last?.householdChange).toBeNull();
    c = act(c, "APPROVE", "TOWNSHIP_STAFF", {}, "2026-11-16");
    // Own rule: 3 working days → 2026-11-19; the limit from the first clue ends on 2026-11-17.
    expect(c).toMatchObject({ stage: "DISTRICT_REVIEW", stageStartedOn: "2026-11-16", stageDeadline: "2026-11-17" });
    expect(c.last?.stageDeadline).toEqual({ date: "2026-11-17", complete: true });
    const late = act(c, "APPROVE", "DISTRICT_REVIEWER", allClear(rules), "2026-11-18");
    expect(late.last?.metDeadline).toBe(false);
    c = act(c, "APPROVE", "DISTRICT_REVIEWER", allClear(rules), "2026-11-17");
    expect(c.stage).toBe("DESIGNATED");
    expect(c.last?.metDeadline).toBe(true);
    expect(c.last?.householdChange).toEqual({ type: "DESIGNATE", designation: "MONITORING_TARGET", monitoringType: "EDGE_AT_RISK" });
  });

  it("every monitoring type of the rule set can be designated; the county may change it", () => {
    for (const type of ["UNSTABLE_LIFTED", "EDGE_AT_RISK", "SUDDEN_HARDSHIP"] as const) {
      const c = act(collected(type), "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05");
      expect(c.monitoringType).toBe(type);
    }
    const c = act(districtReview(), "APPROVE", "DISTRICT_REVIEWER", { ...allClear(rules), monitoringType: "SUDDEN_HARDSHIP" }, "2026-11-17");
    expect(c.last?.householdChange).toMatchObject({ monitoringType: "SUDDEN_HARDSHIP" });
  });

  it("refuses submission without the consent, the verification, the appraisal, or the monitoring type", () => {
    expect(refused(start(), "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-03").message).toBe("报送前须先完成：农户授权承诺、入户核实、民主评议");
    let c = act(start(), "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-03"), "2026-11-03");
    c = act(c, "RECORD_APPRAISAL", "TOWNSHIP_STAFF", appraisal("2026-11-03"), "2026-11-03");
    expect(refused(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-03")).toMatchObject({ code: "MISSING_RECORDS", message: "报送前须先完成：农户授权承诺" });
    c = act(c, "RECORD_CONSENT", "TOWNSHIP_STAFF", consent("2026-11-03"), "2026-11-03");
    expect(refused(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-03")).toMatchObject({
      code: "MISSING_RECORDS", path: "monitoringType", message: "请在入户核实中选择监测对象类型",
    });
    expect(refused(start(), "RECORD_CONSENT", "TOWNSHIP_STAFF", consent("2026-11-03"), "2026-11-02")).toMatchObject({ code: "DATE_OUT_OF_RANGE", path: "signedOn" });
    expect(refused(start(), "RECORD_CONSENT", "DISTRICT_REVIEWER", consent("2026-11-02"), "2026-11-02").code).toBe("ROLE_NOT_ALLOWED");
  });

  it("the county decision needs the cross-check; an exclusion refuses it; the township reviews but does not decide", () => {
    const c = districtReview();
    expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", {}, "2026-11-17")).toMatchObject({ code: "CHECKS_INCOMPLETE", path: "crossChecks.VEHICLE" });
    const clear = allClear(rules);
    expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", { ...clear, exclusions: { ...clear.exclusions, URBAN_HOUSING: true } }, "2026-11-17").code).toBe("EXCLUSION_APPLIES");
    expect(refused(c, "APPROVE", "TOWNSHIP_STAFF", clear, "2026-11-17").code).toBe("ROLE_NOT_ALLOWED");
    expect(refused(townshipReview(), "APPROVE", "DISTRICT_REVIEWER", clear, "2026-11-16").code).toBe("ROLE_NOT_ALLOWED");
    expect(refused(running(), "APPROVE", "DISTRICT_REVIEWER", clear, "2026-11-07").code).toBe("WRONG_STAGE");
  });

  it("township review and county decision: return (clock anew, capped by the limit) and reject", () => {
    // Returned on 2026-11-13: 5 working days → 2026-11-20, capped at the limit 2026-11-17.
    const returnedLate = act(townshipReview(), "RETURN", "TOWNSHIP_STAFF", returnRecord, "2026-11-13");
    expect(returnedLate).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageStartedOn: "2026-11-13", stageDeadline: "2026-11-17", returnCount: 1 });
    // The round's records stay, to be corrected.
    expect(returnedLate.roundRecords).toEqual(townshipReview().roundRecords);
    expect(act(townshipReview(), "REJECT", "TOWNSHIP_STAFF", rejectRecord, "2026-11-13").stage).toBe("REJECTED");
    expect(act(districtReview(), "RETURN", "DISTRICT_REVIEWER", returnRecord, "2026-11-16")).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageDeadline: "2026-11-17" });
    const rejected = act(districtReview(), "REJECT", "DISTRICT_REVIEWER", rejectRecord, "2026-11-16");
    expect(rejected.stage).toBe("REJECTED");
    expect(rejected.last?.householdChange).toBeNull();
  });

  it("objections: dismissed, upheld and closed, upheld and returned", () => {
    const objected = act(running(), "RAISE_OBJECTION", "VILLAGE_CADRE", objection("2026-11-09"), "2026-11-09");
    expect(objected).toMatchObject({ stage: "OBJECTION_REVIEW", stageDeadline: "2026-11-12" });
    expect(act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", decision("DISMISS"), "2026-11-10")).toMatchObject({ stage: "PUBLICITY_RUNNING", stageDeadline: "2026-11-11" });
    expect(act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", decision("DISMISS"), "2026-11-12")).toMatchObject({ stage: "PUBLICITY_ENDED", stageDeadline: "2026-11-13" });
    const closed = act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", decision("UPHOLD_AND_CLOSE"), "2026-11-10");
    expect(closed.stage).toBe("OBJECTION_UPHELD");
    expect(closed.last?.householdChange).toBeNull();
    const back = act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", decision("UPHOLD_AND_RETURN"), "2026-11-10");
    expect(back).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageStartedOn: "2026-11-10", stageDeadline: "2026-11-17", returnCount: 1, publicity: null });
    expect(back.roundRecords).toEqual(objected.roundRecords);
  });

  it("withdrawal and assist first in the national procedure", () => {
    expect(act(districtReview(), "WITHDRAW", "DISTRICT_REVIEWER", withdrawalRecord, "2026-11-16").stage).toBe("WITHDRAWN");
    const flagged = act(townshipReview(), "ASSIST_FIRST", "TOWNSHIP_STAFF", assist("2026-11-13"), "2026-11-13");
    expect(flagged).toMatchObject({ assistFirst: true, stage: "TOWNSHIP_REVIEW" });
    expect(refused(flagged, "ASSIST_FIRST", "TOWNSHIP_STAFF", assist("2026-11-13"), "2026-11-13").code).toBe("ALREADY_FLAGGED");
    expect(availableActions(flagged, "TOWNSHIP_STAFF", rules)).toEqual(["APPROVE", "RETURN", "REJECT", "WITHDRAW"]);
  });

  it("tells the remaining time in working days per step, in calendar days during publicity", () => {
    const p = procedureIn(rules, KIND)!;
    expect(deadlineUnit(p, "TOWNSHIP_VERIFICATION")).toBe("WORKING_DAYS");
    expect(deadlineUnit(p, "PUBLICITY_RUNNING")).toBe("CALENDAR_DAYS");
  });
});

describe("national: the 15-day limit across National Day 2026 (official calendar)", () => {
  const rules = RULE_SETS.national;
  const official = createOfficialWorkingDayCalendar();
  const { act, open } = walker(rules, official);
  // First clue on Tuesday 2026-09-29; 10-01 … 10-07 are off, Saturday 10-10 is a make-up working day. Limit: 2026-10-14.
  const start = () => open(KIND, household("LIFTED_WITH_POLICY"), "2026-09-29");

  it("the township's 5 working days skip the holiday and count the make-up Saturday", () => {
    expect(start()).toMatchObject({ stageDeadline: "2026-10-12" }); // 09-30, 10-08, 10-09, 10-10, 10-12
    expect(openIn(rules, KIND, household("LIFTED_WITH_POLICY"), "2026-09-29", weekdays)).toMatchObject({ stageDeadline: "2026-10-06" });
  });

  it("each later stage is capped at 2026-10-14, 15 calendar days from the first clue", () => {
    let c = act(start(), "RECORD_CONSENT", "VILLAGE_CADRE", consent("2026-09-29"), "2026-09-29");
    c = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-09-30", { monitoringType: "UNSTABLE_LIFTED" }), "2026-09-30");
    c = act(c, "RECORD_APPRAISAL", "VILLAGE_CADRE", appraisal("2026-09-30"), "2026-09-30");
    c = act(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-09-30");
    expect(c).toMatchObject({ stage: "PUBLICITY_PENDING", stageDeadline: "2026-10-08" }); // the next working day after the holiday
    c = act(c, "POST_PUBLICITY", "VILLAGE_CADRE", publicity("2026-10-08"), "2026-10-08");
    expect(c).toMatchObject({ stage: "PUBLICITY_RUNNING", stageDeadline: "2026-10-13", publicity: { startsOn: "2026-10-09", endsOn: "2026-10-13" } });
    c = act(c, "END_PUBLICITY", "SYSTEM", null, "2026-10-14");
    expect(c).toMatchObject({ stage: "PUBLICITY_ENDED", stageDeadline: "2026-10-14" }); // own: 10-15
    c = act(c, "CONFIRM_OUTCOME", "VILLAGE_CADRE", {}, "2026-10-14");
    expect(c).toMatchObject({ stage: "TOWNSHIP_REVIEW", stageDeadline: "2026-10-14" }); // own: 10-16
    c = act(c, "APPROVE", "TOWNSHIP_STAFF", {}, "2026-10-14");
    expect(c).toMatchObject({ stage: "DISTRICT_REVIEW", stageDeadline: "2026-10-14" }); // own: 10-19
    expect(c.last?.metDeadline).toBe(true);
    const late = act(c, "APPROVE", "DISTRICT_REVIEWER", allClear(rules), "2026-10-15");
    expect(late).toMatchObject({ stage: "DESIGNATED" });
    expect(late.last?.metDeadline).toBe(false);
    expect(late.last?.householdChange).toEqual({ type: "DESIGNATE", designation: "MONITORING_TARGET", monitoringType: "UNSTABLE_LIFTED" });
  });
});

describe("a limit in working days from the first clue (Gansu's 一键报贫: the unit is rule data)", () => {
  const working = (days: number) => ({ days, unit: "WORKING_DAYS" as const, from: "STAGE_START" as const });
  const p = monitoringIdentification({
    township: working(5), district: working(3), crossCheck: true,
    village: { publicity: { posting: working(1), outcome: working(1), objection: working(3) }, townshipReview: working(2) },
    limit: { days: 15, unit: "WORKING_DAYS", from: "FIRST_CLUE" },
  });
  const official = createOfficialWorkingDayCalendar();

  it("counts the limit on the official calendar: first clue 2026-09-29 → 2026-10-26", () => {
    // Own rule from 2026-10-22: 10-23, 10-26, 10-27; the limit (15 working days after 09-29, the holiday skipped) ends on 10-26.
    expect(stageDeadline(p, "DISTRICT_REVIEW", "2026-10-22", "2026-09-29", official, null)).toEqual({ date: "2026-10-26", complete: true });
    expect(stageDeadline(p, "DISTRICT_REVIEW", "2026-10-19", "2026-09-29", official, null)).toEqual({ date: "2026-10-22", complete: true });
  });
});
