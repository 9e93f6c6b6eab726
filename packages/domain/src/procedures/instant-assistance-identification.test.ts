import { describe, expect, it } from "vitest";
import { availableActions } from "./engine.ts";
import { ZApproveRecord } from "./records.ts";
import { procedureIn, RULE_SETS } from "./rules.ts";
import {
  allClear, appraisal, assist, decision, household, objection, publicity, rejectRecord, returnRecord, verification, walker, withdrawalRecord,
} from "./test-kit.ts";

const KIND = "INSTANT_ASSISTANCE_IDENTIFICATION";
const ruleSets = Object.values(RULE_SETS).filter((r) => procedureIn(r, KIND));

describe("instant-assistance identification: rule sets", () => {
  it("runs under weihai and linyi; weihai's district enters the designation after publicity, linyi's village confirms it", () => {
    expect(ruleSets.map((r) => r.preset)).toEqual(["weihai", "linyi"]);
    const ended = (preset: "weihai" | "linyi") => procedureIn(RULE_SETS[preset], KIND)!.steps.find((s) => s.stage === "PUBLICITY_ENDED")!;
    expect(ended("weihai")).toMatchObject({ role: "DISTRICT_REVIEWER", label: "公示期满待区县录入认定" });
    expect(ended("linyi")).toMatchObject({ role: "VILLAGE_CADRE", label: "公示期满待确认" });
  });
});

for (const rules of ruleSets) {
  const outcomeRole = rules.preset === "weihai" ? "DISTRICT_REVIEWER" : "VILLAGE_CADRE";
  const notOutcomeRole = rules.preset === "weihai" ? "VILLAGE_CADRE" : "DISTRICT_REVIEWER";

  describe(`${rules.preset}: 一般农户 → 即时帮扶户`, () => {
    const { act, refused, open } = walker(rules);
    const start = () => open(KIND, household("ORDINARY"), "2026-11-02");
    const collected = () => {
      let c = act(start(), "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-03"), "2026-11-03");
      c = act(c, "RECORD_APPRAISAL", "VILLAGE_CADRE", appraisal("2026-11-04"), "2026-11-04");
      return act(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05");
    };
    const approved = () => act(collected(), "APPROVE", "DISTRICT_REVIEWER", allClear(rules), "2026-11-06");
    const running = () => act(approved(), "POST_PUBLICITY", "VILLAGE_CADRE", publicity("2026-11-09"), "2026-11-09");

    it(`collection + appraisal → review with cross-check → publicity 5 days → ${outcomeRole} confirms → INSTANT_ASSISTANCE`, () => {
      let c = start();
      expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageDeadline: "2026-11-09" });
      c = collected();
      expect(c).toMatchObject({ stage: "DISTRICT_REVIEW", stageStartedOn: "2026-11-05", stageDeadline: "2026-11-10" });
      c = act(c, "APPROVE", "DISTRICT_REVIEWER", allClear(rules), "2026-11-06");
      expect(c).toMatchObject({ stage: "PUBLICITY_PENDING", stageStartedOn: "2026-11-06", stageDeadline: "2026-11-10" });
      expect(c.last?.householdChange).toBeNull();
      c = act(c, "POST_PUBLICITY", "VILLAGE_CADRE", publicity("2026-11-09"), "2026-11-09");
      expect(c).toMatchObject({
        stage: "PUBLICITY_RUNNING", stageStartedOn: "2026-11-09", stageDeadline: "2026-11-14",
        publicity: { postedOn: "2026-11-09", startsOn: "2026-11-10", endsOn: "2026-11-14" },
      });
      expect(refused(c, "END_PUBLICITY", "SYSTEM", null, "2026-11-14").code).toBe("PUBLICITY_NOT_OVER");
      expect(refused(c, "CONFIRM_OUTCOME", outcomeRole, {}, "2026-11-14").code).toBe("WRONG_STAGE");
      c = act(c, "END_PUBLICITY", "SYSTEM", null, "2026-11-15");
      expect(c).toMatchObject({ stage: "PUBLICITY_ENDED", stageStartedOn: "2026-11-15", stageDeadline: "2026-11-17" });
      expect(c.last?.metDeadline).toBeNull(); // the period's end is nobody's deadline, kept or missed
      expect(refused(c, "CONFIRM_OUTCOME", notOutcomeRole, {}, "2026-11-16").code).toBe("ROLE_NOT_ALLOWED");
      expect(availableActions(c, outcomeRole, rules)).toContain("CONFIRM_OUTCOME");
      expect(availableActions(c, notOutcomeRole, rules)).not.toContain("CONFIRM_OUTCOME");
      c = act(c, "CONFIRM_OUTCOME", outcomeRole, {}, "2026-11-16");
      expect(c.stage).toBe("DESIGNATED");
      expect(c.last?.metDeadline).toBe(true);
      expect(c.last?.householdChange).toEqual({ type: "DESIGNATE", designation: "INSTANT_ASSISTANCE", monitoringType: null });
    });

    it("needs both the collection and the appraisal, a confirmed risk and a passed appraisal", () => {
      let c = start();
      expect(refused(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-03").message).toBe("报送前须先完成：入户核实、民主评议");
      c = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-03"), "2026-11-03");
      expect(refused(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-03")).toMatchObject({ code: "MISSING_RECORDS", message: "报送前须先完成：民主评议" });
      const failed = act(c, "RECORD_APPRAISAL", "VILLAGE_CADRE", appraisal("2026-11-04", { passed: false, votesFor: 3 }), "2026-11-04");
      expect(refused(failed, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-04").code).toBe("RECORD_NOT_FAVOURABLE");
      const passed = act(failed, "RECORD_APPRAISAL", "TOWNSHIP_STAFF", appraisal("2026-11-04"), "2026-11-04");
      expect(act(passed, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-04").stage).toBe("DISTRICT_REVIEW");
    });

    it("approval needs every cross-check and every exclusion answered, known codes only, and no exclusion applying", () => {
      const c = collected();
      const clear = allClear(rules);
      expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", {}, "2026-11-06")).toMatchObject({ code: "CHECKS_INCOMPLETE", path: "crossChecks.VEHICLE" });
      const { REAL_ESTATE: _r, ...threeChecks } = clear.crossChecks;
      expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", { ...clear, crossChecks: threeChecks }, "2026-11-06")).toMatchObject({
        code: "CHECKS_INCOMPLETE", path: "crossChecks.REAL_ESTATE", message: "请完成信息比对：不动产（商品房）",
      });
      expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", { crossChecks: clear.crossChecks }, "2026-11-06")).toMatchObject({
        code: "CHECKS_INCOMPLETE", path: "exclusions.PUBLIC_EMPLOYEE", message: "请逐项核对不予纳入情形（尚有 10 项未核对）",
      });
      const { HIGH_CONSUMPTION: _h, ...nineExclusions } = clear.exclusions;
      expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", { ...clear, exclusions: nineExclusions }, "2026-11-06")).toMatchObject({
        code: "CHECKS_INCOMPLETE", path: "exclusions.HIGH_CONSUMPTION",
      });
      const unknownCheck = { ...clear, crossChecks: { ...clear.crossChecks, BOAT: { result: "CLEAR" } } };
      expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", unknownCheck, "2026-11-06")).toMatchObject({ code: "CHECKS_INCOMPLETE", path: "crossChecks.BOAT" });
      const unknownExclusion = { ...clear, exclusions: { ...clear.exclusions, LOTTERY_WIN: false } };
      expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", unknownExclusion, "2026-11-06")).toMatchObject({ code: "CHECKS_INCOMPLETE", path: "exclusions.LOTTERY_WIN" });
      const withCar = { ...clear, exclusions: { ...clear.exclusions, CAR: true } };
      expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", withCar, "2026-11-06")).toMatchObject({
        code: "EXCLUSION_APPLIES", path: "exclusions", message: expect.stringContaining("家庭拥有非生产经营必需的小轿车等机动车辆的"),
      });
      // The reviewer then rejects with the exclusion on record.
      const rejected = act(c, "REJECT", "DISTRICT_REVIEWER", { ...withCar, reason: "家庭有小轿车" }, "2026-11-06");
      expect(rejected.stage).toBe("REJECTED");
      expect(rejected.last?.householdChange).toBeNull();
      // A hit in the cross-check needs a note (schema).
      expect(ZApproveRecord.safeParse({ ...clear, crossChecks: { ...clear.crossChecks, VEHICLE: { result: "HIT" } } }).success).toBe(false);
    });

    it("return for correction restarts the township's clock and keeps both records, to be corrected", () => {
      const before = collected();
      const c = act(before, "RETURN", "DISTRICT_REVIEWER", returnRecord, "2026-11-06");
      expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageStartedOn: "2026-11-06", stageDeadline: "2026-11-13", returnCount: 1 });
      expect(c.roundRecords).toEqual(before.roundRecords);
      // Recording again replaces the record; the case goes back to the district.
      const corrected = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-09", { findings: "补充说明" }), "2026-11-09");
      expect(corrected.roundRecords.verification).toMatchObject({ visitedOn: "2026-11-09", findings: "补充说明" });
      expect(corrected.roundRecords.appraisal).toEqual(before.roundRecords.appraisal);
      expect(act(corrected, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-09").stage).toBe("DISTRICT_REVIEW");
    });

    it("an objection dismissed while the period runs: publicity goes on to its end", () => {
      let c = act(running(), "RAISE_OBJECTION", "VILLAGE_CADRE", objection("2026-11-11"), "2026-11-11");
      expect(c).toMatchObject({ stage: "OBJECTION_REVIEW", stageStartedOn: "2026-11-11", stageDeadline: "2026-11-16" });
      expect(c.last?.metDeadline).toBeNull();
      c = act(c, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", decision("DISMISS"), "2026-11-12");
      expect(c.last?.metDeadline).toBe(true);
      expect(c).toMatchObject({ stage: "PUBLICITY_RUNNING", stageStartedOn: "2026-11-09", stageDeadline: "2026-11-14", publicity: { endsOn: "2026-11-14" } });
      c = act(c, "END_PUBLICITY", "SYSTEM", null, "2026-11-15");
      c = act(c, "CONFIRM_OUTCOME", outcomeRole, {}, "2026-11-16");
      expect(c.last?.householdChange).toMatchObject({ designation: "INSTANT_ASSISTANCE" });
    });

    it("an objection dismissed after the period leads to the outcome", () => {
      let c = act(running(), "RAISE_OBJECTION", "TOWNSHIP_STAFF", objection("2026-11-13"), "2026-11-13");
      c = act(c, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", decision("DISMISS"), "2026-11-17");
      expect(c).toMatchObject({ stage: "PUBLICITY_ENDED", stageStartedOn: "2026-11-17", stageDeadline: "2026-11-19" });
      expect(act(c, "CONFIRM_OUTCOME", outcomeRole, {}, "2026-11-18").stage).toBe("DESIGNATED");
    });

    it("an objection upheld and closed ends the case OBJECTION_UPHELD with no household change", () => {
      const objected = act(running(), "RAISE_OBJECTION", "VILLAGE_CADRE", objection("2026-11-11"), "2026-11-11");
      const c = act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", decision("UPHOLD_AND_CLOSE"), "2026-11-12");
      expect(c.stage).toBe("OBJECTION_UPHELD");
      expect(c.last?.householdChange).toBeNull();
      expect(availableActions(c, "DISTRICT_REVIEWER", rules)).toEqual([]);
      expect(refused(c, "CONFIRM_OUTCOME", outcomeRole, {}, "2026-11-16").code).toBe("CASE_CLOSED");
    });

    it("an objection upheld and returned goes back to the first step with the round kept (to correct) and returnCount + 1", () => {
      const objected = act(running(), "RAISE_OBJECTION", "VILLAGE_CADRE", objection("2026-11-11"), "2026-11-11");
      let c = act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", decision("UPHOLD_AND_RETURN"), "2026-11-16");
      expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageStartedOn: "2026-11-16", stageDeadline: "2026-11-23", returnCount: 1, publicity: null });
      expect(c.roundRecords).toEqual(objected.roundRecords);
      expect(c.last?.householdChange).toBeNull();
      // The whole procedure runs again, publicity included.
      c = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-17"), "2026-11-17");
      c = act(c, "RECORD_APPRAISAL", "VILLAGE_CADRE", appraisal("2026-11-17"), "2026-11-17");
      c = act(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-18");
      c = act(c, "APPROVE", "DISTRICT_REVIEWER", allClear(rules), "2026-11-19");
      expect(c).toMatchObject({ stage: "PUBLICITY_PENDING", returnCount: 1 });
    });

    it("an objection must be received within the publicity period, by village or township; only the district decides it", () => {
      const ended = act(running(), "END_PUBLICITY", "SYSTEM", null, "2026-11-15");
      expect(refused(ended, "RAISE_OBJECTION", "VILLAGE_CADRE", objection("2026-11-15"), "2026-11-16")).toMatchObject({ code: "DATE_OUT_OF_RANGE", path: "receivedOn" });
      const late = act(ended, "RAISE_OBJECTION", "VILLAGE_CADRE", objection("2026-11-14"), "2026-11-16");
      expect(late.stage).toBe("OBJECTION_REVIEW");
      expect(refused(late, "DECIDE_OBJECTION", "TOWNSHIP_STAFF", decision("DISMISS"), "2026-11-16").code).toBe("ROLE_NOT_ALLOWED");
      expect(refused(running(), "RAISE_OBJECTION", "DISTRICT_REVIEWER", objection("2026-11-10"), "2026-11-10").code).toBe("ROLE_NOT_ALLOWED");
    });

    it("a notice posted earlier and entered late whose period is over awaits the outcome at once; posting before approval is refused", () => {
      const c = act(approved(), "POST_PUBLICITY", "VILLAGE_CADRE", publicity("2026-11-06"), "2026-11-20");
      expect(c).toMatchObject({ stage: "PUBLICITY_ENDED", stageStartedOn: "2026-11-12", publicity: { endsOn: "2026-11-11" } });
      expect(refused(approved(), "POST_PUBLICITY", "VILLAGE_CADRE", publicity("2026-11-05"), "2026-11-20")).toMatchObject({ code: "DATE_OUT_OF_RANGE", path: "postedOn" });
      expect(refused(approved(), "POST_PUBLICITY", "VILLAGE_CADRE", publicity("2026-11-10"), "2026-11-09")).toMatchObject({ code: "DATE_OUT_OF_RANGE", path: "postedOn" });
      expect(refused(approved(), "POST_PUBLICITY", "TOWNSHIP_STAFF", publicity("2026-11-09"), "2026-11-09").code).toBe("ROLE_NOT_ALLOWED");
    });

    it("withdrawal in any open stage; assist first once", () => {
      expect(act(running(), "WITHDRAW", "DISTRICT_REVIEWER", withdrawalRecord, "2026-11-10").stage).toBe("WITHDRAWN");
      const flagged = act(approved(), "ASSIST_FIRST", "TOWNSHIP_STAFF", assist("2026-11-06"), "2026-11-06");
      expect(flagged).toMatchObject({ assistFirst: true, stage: "PUBLICITY_PENDING" });
      expect(refused(flagged, "ASSIST_FIRST", "TOWNSHIP_STAFF", assist("2026-11-06"), "2026-11-07").code).toBe("ALREADY_FLAGGED");
      expect(availableActions(flagged, "TOWNSHIP_STAFF", rules)).toEqual(["WITHDRAW"]);
    });
  });
}
