import { describe, expect, it } from "vitest";
import { availableActions } from "./engine.ts";
import { procedureIn, RULE_SETS, type LocalRules } from "./rules.ts";
import {
  allClear, appraisal, assist, decision, household, objection, publicity, rejectRecord, returnRecord, verification, walker, withdrawalRecord,
} from "./test-kit.ts";

const KIND = "ROLLBACK";
const ruleSets = Object.values(RULE_SETS).filter((r) => procedureIn(r, KIND));

describe("rollback: rule sets", () => {
  it("runs under weihai (appraisal, review, district enters) and linyi (home survey, appraisal, cross-check, village confirms)", () => {
    expect(ruleSets.map((r) => r.preset)).toEqual(["weihai", "linyi"]);
    const steps = (r: LocalRules) => procedureIn(r, KIND)!.steps;
    expect(steps(RULE_SETS.weihai)[0]).toMatchObject({ label: "村级民主评议", records: ["APPRAISAL"] });
    expect(steps(RULE_SETS.weihai)[1]).toMatchObject({ label: "区县审核", crossCheck: false });
    expect(steps(RULE_SETS.linyi)[0]).toMatchObject({ label: "入户调查与民主评议", records: ["VERIFICATION", "APPRAISAL"] });
    expect(steps(RULE_SETS.linyi)[1]).toMatchObject({ label: "区县审核与信息比对", crossCheck: true });
  });
});

for (const rules of ruleSets) {
  const linyi = rules.preset === "linyi";
  const outcomeRole = linyi ? "VILLAGE_CADRE" : "DISTRICT_REVIEWER";
  const approval = linyi ? allClear(rules) : {};

  describe(`${rules.preset}: 脱贫不再享受政策户 → 回退为脱贫享受政策户`, () => {
    const { act, refused, open } = walker(rules);
    const start = () => open(KIND, household("LIFTED_WITHOUT_POLICY"), "2026-11-02");
    const collected = () => {
      let c = start();
      if (linyi) c = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-03"), "2026-11-03");
      c = act(c, "RECORD_APPRAISAL", "VILLAGE_CADRE", appraisal("2026-11-04"), "2026-11-04");
      return act(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05");
    };
    const running = () => {
      const c = act(collected(), "APPROVE", "DISTRICT_REVIEWER", approval, "2026-11-06");
      return act(c, "POST_PUBLICITY", "VILLAGE_CADRE", publicity("2026-11-09"), "2026-11-09");
    };

    it(`walks to its end: the category becomes LIFTED_WITH_POLICY, confirmed by the ${outcomeRole}`, () => {
      let c = start();
      expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageDeadline: "2026-11-09" });
      c = collected();
      expect(c).toMatchObject({ stage: "DISTRICT_REVIEW", stageDeadline: "2026-11-10" });
      c = act(c, "APPROVE", "DISTRICT_REVIEWER", approval, "2026-11-06");
      expect(c).toMatchObject({ stage: "PUBLICITY_PENDING", stageDeadline: "2026-11-10" });
      c = act(c, "POST_PUBLICITY", "VILLAGE_CADRE", publicity("2026-11-09"), "2026-11-09");
      expect(c).toMatchObject({ stage: "PUBLICITY_RUNNING", stageDeadline: "2026-11-14" });
      c = act(c, "END_PUBLICITY", "SYSTEM", null, "2026-11-15");
      expect(c).toMatchObject({ stage: "PUBLICITY_ENDED", stageDeadline: "2026-11-17" });
      expect(refused(c, "CONFIRM_OUTCOME", linyi ? "DISTRICT_REVIEWER" : "VILLAGE_CADRE", {}, "2026-11-16").code).toBe("ROLE_NOT_ALLOWED");
      c = act(c, "CONFIRM_OUTCOME", outcomeRole, {}, "2026-11-16");
      expect(c.stage).toBe("DESIGNATED");
      expect(c.last?.householdChange).toEqual({ type: "CHANGE_CATEGORY", category: "LIFTED_WITH_POLICY" });
    });

    it("refuses submission without its records", () => {
      const c = start();
      expect(refused(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-03")).toMatchObject({
        code: "MISSING_RECORDS", message: linyi ? "报送前须先完成：入户核实、民主评议" : "报送前须先完成：民主评议",
      });
      const appraised = act(c, "RECORD_APPRAISAL", "VILLAGE_CADRE", appraisal("2026-11-04"), "2026-11-04");
      if (linyi) expect(refused(appraised, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-04").message).toBe("报送前须先完成：入户核实");
      else expect(act(appraised, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-04").stage).toBe("DISTRICT_REVIEW");
    });

    it(linyi ? "refuses approval without the cross-check, or with an exclusion applying" : "approves without a cross-check", () => {
      const c = collected();
      if (linyi) {
        expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", {}, "2026-11-06")).toMatchObject({ code: "CHECKS_INCOMPLETE", path: "crossChecks.VEHICLE" });
        const clear = allClear(rules);
        expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", { crossChecks: clear.crossChecks }, "2026-11-06").code).toBe("CHECKS_INCOMPLETE");
        expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", { ...clear, exclusions: { ...clear.exclusions, COMPANY: true } }, "2026-11-06").code).toBe("EXCLUSION_APPLIES");
      } else {
        expect(act(c, "APPROVE", "DISTRICT_REVIEWER", {}, "2026-11-06").stage).toBe("PUBLICITY_PENDING");
        // A code not in the rule set is still refused.
        expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", { crossChecks: { BOAT: { result: "CLEAR" } } }, "2026-11-06")).toMatchObject({
          code: "CHECKS_INCOMPLETE", path: "crossChecks.BOAT",
        });
      }
    });

    it("return and reject at review", () => {
      const returned = act(collected(), "RETURN", "DISTRICT_REVIEWER", returnRecord, "2026-11-06");
      expect(returned).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageDeadline: "2026-11-13", returnCount: 1 });
      expect(returned.roundRecords).toEqual(collected().roundRecords);
      const rejected = act(collected(), "REJECT", "DISTRICT_REVIEWER", rejectRecord, "2026-11-06");
      expect(rejected.stage).toBe("REJECTED");
      expect(rejected.last?.householdChange).toBeNull();
    });

    it("objections: dismissed (publicity goes on), upheld and closed (no change), upheld and returned (first step, round kept to correct)", () => {
      const objected = act(running(), "RAISE_OBJECTION", "VILLAGE_CADRE", objection("2026-11-10"), "2026-11-10");
      expect(objected).toMatchObject({ stage: "OBJECTION_REVIEW", stageDeadline: "2026-11-13" });
      expect(act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", decision("DISMISS"), "2026-11-11")).toMatchObject({
        stage: "PUBLICITY_RUNNING", stageDeadline: "2026-11-14",
      });
      const closed = act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", decision("UPHOLD_AND_CLOSE"), "2026-11-11");
      expect(closed.stage).toBe("OBJECTION_UPHELD");
      expect(closed.last?.householdChange).toBeNull();
      const back = act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", decision("UPHOLD_AND_RETURN"), "2026-11-11");
      expect(back).toMatchObject({
        stage: "TOWNSHIP_VERIFICATION", stageStartedOn: "2026-11-11", stageDeadline: "2026-11-18", returnCount: 1, publicity: null,
      });
      expect(back.roundRecords).toEqual(objected.roundRecords);
      expect(back.last?.householdChange).toBeNull();
    });

    it("withdrawal and assist first", () => {
      expect(act(running(), "WITHDRAW", "TOWNSHIP_STAFF", withdrawalRecord, "2026-11-10").stage).toBe("WITHDRAWN");
      const flagged = act(start(), "ASSIST_FIRST", "TOWNSHIP_STAFF", assist("2026-11-02"), "2026-11-02");
      expect(flagged.assistFirst).toBe(true);
      expect(refused(flagged, "ASSIST_FIRST", "TOWNSHIP_STAFF", assist("2026-11-02"), "2026-11-02").code).toBe("ALREADY_FLAGGED");
      expect(availableActions(flagged, "TOWNSHIP_STAFF", rules)).toEqual(["RECORD_VERIFICATION", "RECORD_APPRAISAL", "SUBMIT", "WITHDRAW"]);
    });
  });
}
