import { describe, expect, it } from "vitest";
import { procedureIn, RULE_SETS } from "./rules.ts";
import { allClear, assist, household, returnRecord, rejectRecord, verification, walker, withdrawalRecord } from "./test-kit.ts";

const KIND = "MONITORED_IDENTIFICATION";
const ruleSets = Object.values(RULE_SETS).filter((r) => procedureIn(r, KIND));

describe("monitored identification: rule sets", () => {
  it("runs under the 2020 rule sets only (the national model and Fuzhou identify 监测对象 instead)", () => {
    expect(ruleSets.map((r) => r.preset)).toEqual(["weihai", "linyi"]);
  });
});

for (const rules of ruleSets) {
  describe(`${rules.preset}: 脱贫享受政策户 → 脱贫监测户`, () => {
    const { act, refused, open } = walker(rules);
    const start = () => open(KIND, household("LIFTED_WITH_POLICY"), "2026-11-02");
    const submitted = () => {
      const c = act(start(), "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-03"), "2026-11-03");
      return act(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-06");
    };

    it("verification (5 working days) → district review (3 working days) → approval designates MONITORED, no publicity", () => {
      let c = start();
      expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageStartedOn: "2026-11-02", stageDeadline: "2026-11-09" });
      c = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-03"), "2026-11-03");
      expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageDeadline: "2026-11-09" });
      expect(c.last?.stageStarted).toBe(false);
      c = act(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-06");
      expect(c).toMatchObject({ stage: "DISTRICT_REVIEW", stageStartedOn: "2026-11-06", stageDeadline: "2026-11-11" });
      expect(c.last?.metDeadline).toBe(true);
      c = act(c, "APPROVE", "DISTRICT_REVIEWER", {}, "2026-11-12");
      expect(c.stage).toBe("DESIGNATED");
      expect(c.last?.metDeadline).toBe(false); // one working day late
      expect(c.last?.householdChange).toEqual({ type: "DESIGNATE", designation: "MONITORED", monitoringType: null });
    });

    it("approval with the cross-check filled in is accepted too (the step does not require it)", () => {
      expect(act(submitted(), "APPROVE", "DISTRICT_REVIEWER", allClear(rules), "2026-11-09").stage).toBe("DESIGNATED");
    });

    it("return restarts the township's clock, keeps the round to correct and counts it; reject leaves the household unchanged", () => {
      const returned = act(submitted(), "RETURN", "DISTRICT_REVIEWER", returnRecord, "2026-11-09");
      expect(returned).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageStartedOn: "2026-11-09", stageDeadline: "2026-11-16", returnCount: 1 });
      expect(returned.roundRecords.verification).toEqual(submitted().roundRecords.verification);
      let again = act(returned, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-10"), "2026-11-10");
      again = act(again, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-10");
      expect(again).toMatchObject({ stage: "DISTRICT_REVIEW", returnCount: 1, stageDeadline: "2026-11-13" });

      const rejected = act(submitted(), "REJECT", "DISTRICT_REVIEWER", rejectRecord, "2026-11-09");
      expect(rejected.stage).toBe("REJECTED");
      expect(rejected.last?.householdChange).toBeNull();
      expect(refused(rejected, "APPROVE", "DISTRICT_REVIEWER", {}, "2026-11-10").code).toBe("CASE_CLOSED");
    });

    it("withdrawal ends the case in either step, by township or district, not by the village", () => {
      expect(act(start(), "WITHDRAW", "TOWNSHIP_STAFF", withdrawalRecord, "2026-11-03").stage).toBe("WITHDRAWN");
      expect(act(submitted(), "WITHDRAW", "DISTRICT_REVIEWER", withdrawalRecord, "2026-11-07").stage).toBe("WITHDRAWN");
      expect(refused(start(), "WITHDRAW", "VILLAGE_CADRE", withdrawalRecord, "2026-11-03").code).toBe("ROLE_NOT_ALLOWED");
    });

    it("refuses: wrong role, wrong stage, missing record, an unconfirmed risk, steps it does not have", () => {
      const c = start();
      expect(refused(c, "RECORD_VERIFICATION", "VILLAGE_CADRE", verification("2026-11-03"), "2026-11-03").code).toBe("ROLE_NOT_ALLOWED");
      expect(refused(c, "SUBMIT", "DISTRICT_REVIEWER", null, "2026-11-03").code).toBe("ROLE_NOT_ALLOWED");
      expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", {}, "2026-11-03").code).toBe("WRONG_STAGE");
      expect(refused(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-03").code).toBe("MISSING_RECORDS");
      const notConfirmed = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-03", { riskConfirmed: false }), "2026-11-03");
      expect(refused(notConfirmed, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-03").code).toBe("RECORD_NOT_FAVOURABLE");
      for (const action of ["RECORD_APPRAISAL", "RECORD_CONSENT", "RECORD_ASSESSMENT", "POST_PUBLICITY", "RAISE_OBJECTION", "CONFIRM_OUTCOME", "DECIDE_OBJECTION"] as const) {
        expect(refused(c, action, "TOWNSHIP_STAFF", {}, "2026-11-03", true).code).toBe("ACTION_NOT_IN_PROCEDURE");
      }
      const review = submitted();
      for (const role of ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "CITY_SUPERVISOR", "ADMIN", "SYSTEM"] as const) {
        expect(refused(review, "APPROVE", role, {}, "2026-11-09").code).toBe("ROLE_NOT_ALLOWED");
      }
    });

    it("a monitoring type is refused: the procedure designates 脱贫监测户, not a 监测对象", () => {
      expect(refused(start(), "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-03", { monitoringType: "UNSTABLE_LIFTED" }), "2026-11-03"))
        .toMatchObject({ code: "INVALID_MONITORING_TYPE", path: "monitoringType", message: "本程序不认定监测对象类型" });
    });

    it("先帮扶、后认定 flags the case once; the procedure still runs to its end", () => {
      let c = act(start(), "ASSIST_FIRST", "TOWNSHIP_STAFF", assist("2026-11-02"), "2026-11-02");
      expect(c).toMatchObject({ assistFirst: true, stage: "TOWNSHIP_VERIFICATION", stageDeadline: "2026-11-09" });
      expect(refused(c, "ASSIST_FIRST", "TOWNSHIP_STAFF", assist("2026-11-02"), "2026-11-03").code).toBe("ALREADY_FLAGGED");
      c = act(c, "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-03"), "2026-11-03");
      c = act(c, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-03");
      expect(refused(c, "ASSIST_FIRST", "TOWNSHIP_STAFF", assist("2026-11-02"), "2026-11-04").code).toBe("ALREADY_FLAGGED");
      c = act(c, "APPROVE", "DISTRICT_REVIEWER", {}, "2026-11-04");
      expect(c).toMatchObject({ stage: "DESIGNATED", assistFirst: true });
    });
  });
}
