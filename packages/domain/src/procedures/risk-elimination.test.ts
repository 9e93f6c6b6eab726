import { describe, expect, it } from "vitest";
import type { TrackedFacts } from "../assistance/conditions.ts";
import type { Designation } from "../categories.ts";
import { availableActions, openCase } from "./engine.ts";
import { ZApproveRecord, ZAssessmentRecord } from "./records.ts";
import { procedureIn, RULE_SETS } from "./rules.ts";
import {
  appraisal, assessment, decision, household, lead, objection, publicity, rejectRecord, returnRecord, verification, walker, weekdays,
  withdrawalRecord,
} from "./test-kit.ts";

const KIND = "RISK_ELIMINATION";
const DESIGNATION: Record<string, Designation> = { weihai: "MONITORED", linyi: "INSTANT_ASSISTANCE", fuzhou: "MONITORING_TARGET", national: "MONITORING_TARGET" };
const LINE: Record<string, number> = { weihai: 4500, linyi: 5000, fuzhou: 8400, national: 6000 };
const announcement = { announcement: "经县级审定，该户风险已消除，现予公告。" };

describe("risk elimination: rule sets", () => {
  it("runs in every rule set and ends any designation (one given under another rule set too)", () => {
    for (const rules of Object.values(RULE_SETS)) {
      const p = procedureIn(rules, KIND)!;
      expect(p).toMatchObject({ purpose: "ELIMINATION", outcome: { type: "END_DESIGNATION", reason: "风险消除" }, completedStage: "ELIMINATED", limit: null });
      expect(p.steps.map((s) => s.stage)).toEqual([
        "TOWNSHIP_VERIFICATION", "PUBLICITY_PENDING", "PUBLICITY_RUNNING", "PUBLICITY_ENDED", "OBJECTION_REVIEW", "TOWNSHIP_REVIEW", "DISTRICT_REVIEW",
      ]);
      expect(p.steps.find((s) => s.stage === "DISTRICT_REVIEW")).toMatchObject({ announcement: true });
    }
    for (const rules of Object.values(RULE_SETS)) {
      expect(procedureIn(rules, KIND)!.appliesTo.designations).toEqual(["MONITORED", "INSTANT_ASSISTANCE", "MONITORING_TARGET"]);
    }
  });

  it("the assessment needs at least two verifiers (schema)", () => {
    const one = ZAssessmentRecord.safeParse(assessment("2026-11-03", { verifiers: ["李专干"] }));
    expect(one.success).toBe(false);
    expect(one.error?.issues[0]?.message).toBe("风险消除须至少两人入户核实");
    expect(ZAssessmentRecord.safeParse(assessment("2026-11-03")).success).toBe(true);
  });

  it("an empty announcement is refused by the schema", () => {
    expect(ZApproveRecord.safeParse({ announcement: "" }).success).toBe(false);
  });
});

for (const rules of Object.values(RULE_SETS)) {
  const designation = DESIGNATION[rules.preset]!;
  const line = LINE[rules.preset]!;

  describe(`${rules.preset}: 风险消除 of a ${designation} household`, () => {
    const { act, refused, open } = walker(rules);
    const start = () => open(KIND, household("LIFTED_WITH_POLICY", designation), "2026-11-02");
    const assessed = (extra: Record<string, unknown> = {}) => {
      const c = act(start(), "RECORD_ASSESSMENT", "TOWNSHIP_STAFF", assessment("2026-11-03", extra), "2026-11-03");
      return act(c, "RECORD_APPRAISAL", "VILLAGE_CADRE", appraisal("2026-11-04"), "2026-11-04");
    };
    const running = () => {
      const c = act(assessed(), "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05");
      return act(c, "POST_PUBLICITY", "VILLAGE_CADRE", publicity("2026-11-06"), "2026-11-06");
    };
    const townshipReview = () => {
      const c = act(running(), "END_PUBLICITY", "SYSTEM", null, "2026-11-12");
      return act(c, "CONFIRM_OUTCOME", "VILLAGE_CADRE", {}, "2026-11-13");
    };
    const districtReview = () => act(townshipReview(), "APPROVE", "TOWNSHIP_STAFF", {}, "2026-11-16");
    const criteriaRefusal = (extra: Record<string, unknown>) => refused(assessed(extra), "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05");

    it("assessment + appraisal → publicity → township check → county decision with the announcement → ELIMINATED", () => {
      let c = start();
      expect(c).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageDeadline: "2026-11-09" });
      c = act(assessed(), "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05");
      expect(c).toMatchObject({ stage: "PUBLICITY_PENDING", stageDeadline: "2026-11-09", monitoringType: null });
      c = act(c, "POST_PUBLICITY", "VILLAGE_CADRE", publicity("2026-11-06"), "2026-11-06");
      expect(c).toMatchObject({ stage: "PUBLICITY_RUNNING", stageDeadline: "2026-11-11" });
      c = act(c, "END_PUBLICITY", "SYSTEM", null, "2026-11-12");
      expect(c).toMatchObject({ stage: "PUBLICITY_ENDED", stageDeadline: "2026-11-16" });
      expect(refused(c, "CONFIRM_OUTCOME", "DISTRICT_REVIEWER", {}, "2026-11-13").code).toBe("ROLE_NOT_ALLOWED");
      c = act(c, "CONFIRM_OUTCOME", "VILLAGE_CADRE", {}, "2026-11-13");
      expect(c).toMatchObject({ stage: "TOWNSHIP_REVIEW", stageDeadline: "2026-11-18" });
      expect(c.last?.householdChange).toBeNull();
      c = act(c, "APPROVE", "TOWNSHIP_STAFF", {}, "2026-11-16");
      expect(c).toMatchObject({ stage: "DISTRICT_REVIEW", stageDeadline: "2026-11-19" });
      expect(c.last?.householdChange).toBeNull();
      expect(refused(c, "APPROVE", "DISTRICT_REVIEWER", {}, "2026-11-17")).toMatchObject({ code: "MISSING_RECORDS", path: "announcement", message: "请填写公告内容" });
      c = act(c, "APPROVE", "DISTRICT_REVIEWER", announcement, "2026-11-17");
      expect(c.stage).toBe("ELIMINATED");
      expect(c.last?.metDeadline).toBe(true);
      expect(c.last?.householdChange).toEqual({ type: "END_DESIGNATION", reason: "风险消除" });
      expect(availableActions(c, "DISTRICT_REVIEWER", rules)).toEqual([]);
    });

    it("refuses income at or below the year's line, and fewer than 6 stable months", () => {
      const atLine = criteriaRefusal({ income: { year: 2026, perCapitaYuan: line, stableMonths: 8 } });
      expect(atLine.code).toBe("CRITERIA_NOT_MET");
      expect(atLine.message).toContain(`人均纯收入 ${line} 元未高于 2026 年监测线 ${line} 元`);
      expect(criteriaRefusal({ income: { year: 2026, perCapitaYuan: line - 1, stableMonths: 8 } }).code).toBe("CRITERIA_NOT_MET");
      const justAbove = act(assessed({ income: { year: 2026, perCapitaYuan: line + 1, stableMonths: 6 } }), "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05");
      expect(justAbove.stage).toBe("PUBLICITY_PENDING");
      const short = criteriaRefusal({ income: { year: 2026, perCapitaYuan: line + 1000, stableMonths: 5 } });
      expect(short).toMatchObject({ code: "CRITERIA_NOT_MET", message: "不符合风险消除条件：收入稳定仅 5 个月（原则上须半年以上）。暂不标注风险消除，持续跟踪监测" });
    });

    it("names each unmet criterion", () => {
      const v = criteriaRefusal({
        income: { year: 2026, perCapitaYuan: 100, stableMonths: 2 },
        rigidExpensesResolved: { met: false }, basicNeedsSecured: { met: false }, originalRiskGone: { met: false }, noNewRisk: { met: false, note: "新发大病" },
      });
      expect(v.code).toBe("CRITERIA_NOT_MET");
      expect(v.message).toBe(
        `不符合风险消除条件：人均纯收入 100 元未高于 2026 年监测线 ${line} 元；收入稳定仅 2 个月（原则上须半年以上）；大额刚性支出尚未稳定解决；` +
          "“两不愁三保障”及饮水安全尚未保障；识别时的风险尚未消除；出现新的风险。暂不标注风险消除，持续跟踪监测",
      );
      for (const [field, text] of [
        ["rigidExpensesResolved", "大额刚性支出尚未稳定解决"], ["basicNeedsSecured", "“两不愁三保障”及饮水安全尚未保障"],
        ["originalRiskGone", "识别时的风险尚未消除"], ["noNewRisk", "出现新的风险"],
      ] as const) {
        expect(criteriaRefusal({ [field]: { met: false } }).message).toBe(`不符合风险消除条件：${text}。暂不标注风险消除，持续跟踪监测`);
      }
    });

    it("decides on the tracked data where recorded: a D-grade house refuses what the typed assessment says is met; a B grade lets it pass", () => {
      const secured = (["SCHOOLING", "MEDICAL_INSURANCE", "SERIOUS_ILLNESS_COVER", "DRINKING_WATER"] as const)
        .map((kind) => ({ kind, value: kind === "SCHOOLING" ? "NOT_APPLICABLE" : "MET", observedOn: "2026-10-01" }));
      const withTracked = (tracked: TrackedFacts) => ({ ...assessed(), tracked });
      const house = (value: string, observedOn: string) => ({ kind: "HOUSING_SAFETY" as const, value, observedOn });
      const d = withTracked({ conditions: [...secured, house("D", "2026-10-20")], incomes: [], expenses: [] });
      const v = refused(d, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05");
      expect(v.code).toBe("CRITERIA_NOT_MET");
      expect(v.message).toContain("“两不愁三保障”及饮水安全尚未保障：住房安全等级：D级（整体危险）（2026-10-20）");
      const b = withTracked({ conditions: [...secured, house("D", "2026-10-20"), house("B", "2026-11-01")], incomes: [], expenses: [] });
      expect(act(b, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05").stage).toBe("PUBLICITY_PENDING");
      // The tracked income of the year replaces the typed figure; expenses above the year's net income refuse.
      const poor = withTracked({ conditions: [], incomes: [{ year: 2026, netYuan: line * 2, memberCount: 4 }], expenses: [] });
      expect(refused(poor, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05").message).toContain(`人均纯收入 ${line / 2} 元（收入台账）未高于`);
      const spent = withTracked({ conditions: [], incomes: [{ year: 2026, netYuan: 90_000, memberCount: 2 }], expenses: [{ year: 2026, totalYuan: 95_000 }] });
      expect(refused(spent, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05").message).toContain("2026 年刚性支出 95000 元超过家庭纯收入 90000 元");
    });

    it("refuses a household without labour capacity covered by social security: 暂不标注风险消除，持续跟踪监测", () => {
      expect(criteriaRefusal({ noLabourCapacityCoveredBySocialSecurity: true })).toEqual({
        code: "CRITERIA_NOT_MET", path: "noLabourCapacityCoveredBySocialSecurity", message: "该户无劳动能力、由社会保障兜底：暂不标注风险消除，持续跟踪监测",
      });
    });

    it("refuses an income year before the rule set has any line", () => {
      expect(criteriaRefusal({ income: { year: 2015, perCapitaYuan: 99999, stableMonths: 12 } }).message).toContain("2015 年没有监测收入线");
    });

    it("refuses: missing records, a failed appraisal, wrong roles, steps it does not have, a household not monitored", () => {
      expect(refused(start(), "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-03")).toMatchObject({
        code: "MISSING_RECORDS", message: "报送前须先完成：风险消除入户核实评估、民主评议",
      });
      const failed = act(assessed(), "RECORD_APPRAISAL", "VILLAGE_CADRE", appraisal("2026-11-04", { passed: false, votesFor: 2 }), "2026-11-04");
      expect(refused(failed, "SUBMIT", "TOWNSHIP_STAFF", null, "2026-11-05").code).toBe("RECORD_NOT_FAVOURABLE");
      expect(refused(start(), "RECORD_ASSESSMENT", "VILLAGE_CADRE", assessment("2026-11-03"), "2026-11-03").code).toBe("ROLE_NOT_ALLOWED");
      expect(refused(start(), "RECORD_ASSESSMENT", "TOWNSHIP_STAFF", assessment("2026-11-04"), "2026-11-03")).toMatchObject({ code: "DATE_OUT_OF_RANGE", path: "visitedOn" });
      expect(refused(start(), "RECORD_VERIFICATION", "TOWNSHIP_STAFF", verification("2026-11-03"), "2026-11-03").code).toBe("ACTION_NOT_IN_PROCEDURE");
      expect(refused(start(), "ASSIST_FIRST", "TOWNSHIP_STAFF", {}, "2026-11-03", true).code).toBe("ACTION_NOT_IN_PROCEDURE");
      expect(refused(start(), "RECORD_CONSENT", "TOWNSHIP_STAFF", {}, "2026-11-03", true).code).toBe("ACTION_NOT_IN_PROCEDURE");
      expect(refused(districtReview(), "APPROVE", "TOWNSHIP_STAFF", announcement, "2026-11-17").code).toBe("ROLE_NOT_ALLOWED");
      expect(refused(townshipReview(), "APPROVE", "DISTRICT_REVIEWER", announcement, "2026-11-16").code).toBe("ROLE_NOT_ALLOWED");
      expect(refused(districtReview(), "APPROVE", "DISTRICT_REVIEWER", { ...announcement, monitoringType: "EDGE_AT_RISK" }, "2026-11-17").code).toBe("INVALID_MONITORING_TYPE");
      const env = { rules, calendar: weekdays, today: "2026-11-02" };
      expect(openCase(KIND, household("LIFTED_WITH_POLICY", null), lead("2026-11-02"), "VILLAGE_CADRE", env)).toMatchObject({
        ok: false, violation: { code: "PROCEDURE_NOT_APPLICABLE", path: "procedure", message: "只有正在监测的户才能办理“风险消除”" },
      });
    });

    it("township check and county decision: return to the first step, or reject (still monitored)", () => {
      for (const [c, role] of [[townshipReview(), "TOWNSHIP_STAFF"], [districtReview(), "DISTRICT_REVIEWER"]] as const) {
        const back = act(c, "RETURN", role, returnRecord, "2026-11-16");
        expect(back).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", stageStartedOn: "2026-11-16", stageDeadline: "2026-11-23", returnCount: 1, publicity: null });
        expect(back.roundRecords).toEqual(c.roundRecords);
        expect(back.roundRecords.assessment).not.toBeNull();
        const rejected = act(c, "REJECT", role, rejectRecord, "2026-11-16");
        expect(rejected.stage).toBe("REJECTED");
        expect(rejected.last?.householdChange).toBeNull();
      }
    });

    it("objections: dismissed, upheld and closed (still monitored), upheld and returned", () => {
      const objected = act(running(), "RAISE_OBJECTION", "TOWNSHIP_STAFF", objection("2026-11-09"), "2026-11-09");
      expect(objected).toMatchObject({ stage: "OBJECTION_REVIEW", stageDeadline: "2026-11-12" });
      expect(act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", decision("DISMISS"), "2026-11-10").stage).toBe("PUBLICITY_RUNNING");
      const closed = act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", decision("UPHOLD_AND_CLOSE"), "2026-11-10");
      expect(closed.stage).toBe("OBJECTION_UPHELD");
      expect(closed.last?.householdChange).toBeNull();
      const back = act(objected, "DECIDE_OBJECTION", "DISTRICT_REVIEWER", decision("UPHOLD_AND_RETURN"), "2026-11-10");
      expect(back).toMatchObject({ stage: "TOWNSHIP_VERIFICATION", returnCount: 1, publicity: null });
      expect(back.roundRecords).toEqual(objected.roundRecords);
    });

    it("withdrawal", () => {
      expect(act(districtReview(), "WITHDRAW", "DISTRICT_REVIEWER", withdrawalRecord, "2026-11-16").stage).toBe("WITHDRAWN");
    });
  });
}
