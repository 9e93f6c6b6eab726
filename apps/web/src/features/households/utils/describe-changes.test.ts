import { describe, expect, it } from "vitest";
import { actorLabel } from "@/lib/format.ts";
import { describeAuditEntry } from "./describe-changes.ts";

const member = (over: Record<string, unknown> = {}) => ({
  id: "m1", name: "张三", gender: "MALE", idType: "RESIDENT_ID", idNumber: "371002********1234", relation: "HEAD",
  ethnicity: "01", politicalStatus: "MASSES", education: "PRIMARY", schoolStatus: "NOT_IN_SCHOOL", health: "HEALTHY",
  workRegion: "NONE", workMonths: 0, ...over,
});
const household = (over: Record<string, unknown> = {}) => ({
  householdNo: "371002100201000001", category: "ORDINARY", designation: null, designatedAt: null, village: "张村",
  villageId: 5, naturalVillage: "第一村民小组", addressDetail: null, phone: "13800001111", riskCauses: ["SERIOUS_ILLNESS"],
  difficultyDescription: null, incomeYear: 2025,
  income: { wageIncome: 12000, familyPlanning: 0, minimumLiving: 0, extremePovertySupport: 0, pension: 0, ecologicalCompensation: 0,
    otherTransfer: 0, productionIncome: 0, assetDividend: 0, otherProperty: 0, productionCost: 0 },
  members: [member()],
  ...over,
});

describe("describeAuditEntry", () => {
  it("summarises a registration: category, place, members by name and relation", () => {
    const lines = describeAuditEntry({ action: "household.create", before: null, after: household() });
    expect(lines).toContainEqual({ field: "户类别", to: "一般农户" });
    expect(lines).toContainEqual({ field: "村", to: "张村" });
    expect(lines).toContainEqual({ field: "家庭成员（1 人）", to: "张三（户主）" });
  });

  it("lists changed fields with labels, old and new values", () => {
    const before = household();
    const after = household({
      category: "LIFTED_WITH_POLICY",
      phone: null,
      riskCauses: ["SERIOUS_ILLNESS", "EDUCATION"],
      income: { ...before.income, wageIncome: 9000.5 },
    });
    const lines = describeAuditEntry({ action: "household.update", before, after });
    expect(lines).toEqual([
      { field: "户类别", from: "一般农户", to: "脱贫享受政策户" },
      { field: "联系电话", from: "13800001111", to: "（空）" },
      { field: "致贫（返贫）风险", from: "因大病", to: "因大病、因学" },
      { field: "A28 工资性收入", from: "12,000.00 元", to: "9,000.50 元" },
    ]);
  });

  it("names members that were added, removed or changed", () => {
    const before = household({ members: [member(), member({ id: "m2", name: "李四", relation: "SPOUSE", gender: "FEMALE" })] });
    const after = household({
      members: [member({ health: "SERIOUS_ILLNESS" }), member({ id: "m3", name: "张小三", relation: "SON" })],
    });
    const lines = describeAuditEntry({ action: "household.update", before, after });
    expect(lines).toEqual([
      { field: "成员 张三 · 健康状况", from: "健康", to: "患有大病" },
      { field: "新增成员", text: "张小三（之子）" },
      { field: "移除成员", text: "李四（配偶）" },
    ]);
  });

  it("says whose ID number was read", () => {
    expect(describeAuditEntry({ action: "household.category_corrected", before: { category: "ORDINARY" }, after: { category: "LIFTED_WITH_POLICY" } }))
      .toEqual([{ field: "户类别", from: "一般农户", to: "脱贫享受政策户" }]);
    expect(describeAuditEntry({ action: "member.revealIdNumber", before: null, after: { name: "李四" } })).toEqual([
      { field: "查看对象", text: "李四 的完整证件号码" },
    ]);
  });

  it("does not choke on unexpected snapshots", () => {
    expect(describeAuditEntry({ action: "household.update", before: "x", after: 3 })).toEqual([]);
    expect(describeAuditEntry({ action: "auth.login", before: null, after: null })).toEqual([]);
  });

  it("names a designation in words: 未认定 → 即时帮扶户, with the risks the case verified", () => {
    const before = { category: "ORDINARY", designation: null, monitoringType: null, designatedAt: null, riskCauses: ["EDUCATION"] };
    const after = { category: "ORDINARY", designation: "INSTANT_ASSISTANCE", monitoringType: null, designatedAt: "2026-11-23", riskCauses: ["SERIOUS_ILLNESS"] };
    const lines = describeAuditEntry({ action: "household.designate", before, after });
    expect(lines).toContainEqual({ field: "认定类型", from: "未认定", to: "即时帮扶户" });
    expect(lines).toContainEqual({ field: "致贫（返贫）风险", from: "因学", to: "因大病" });
    expect(lines).toContainEqual({ field: "认定日期", from: "（空）", to: "2026-11-23" });
    const monitored = describeAuditEntry({
      action: "household.designate",
      before: { ...before, designation: null },
      after: { ...before, designation: "MONITORING_TARGET", monitoringType: "EDGE_AT_RISK" },
    });
    expect(monitored).toContainEqual({ field: "监测对象类型", from: "（空）", to: "边缘易致贫户" });
    const ended = describeAuditEntry({ action: "household.designation_end", before: after, after: { ...after, designation: null, designatedAt: null } });
    expect(ended).toContainEqual({ field: "认定类型", from: "即时帮扶户", to: "未认定" });
    const rolledBack = describeAuditEntry({ action: "household.rollback", before: { category: "LIFTED_WITHOUT_POLICY" }, after: { category: "LIFTED_WITH_POLICY" } });
    expect(rolledBack).toEqual([{ field: "户类别", from: "脱贫不再享受政策户", to: "脱贫享受政策户" }]);
  });

  it("shows a case's step as the stage it moved the case to", () => {
    expect(describeAuditEntry({ action: "case.SUBMIT", before: { stage: "TOWNSHIP_VERIFICATION" }, after: { stage: "DISTRICT_REVIEW" } }))
      .toEqual([{ field: "案件阶段", from: "乡镇核实", to: "区县审核" }]);
    expect(describeAuditEntry({ action: "case.open", before: null, after: { stage: "TOWNSHIP_VERIFICATION" } })).toEqual([{ field: "案件阶段", to: "乡镇核实" }]);
  });
});

describe("actorLabel", () => {
  it("names the system's jobs 系统（定时任务） and people by their name", () => {
    expect(actorLabel({ actorName: "system", actorUsername: "system", actorRole: null })).toBe("系统（定时任务）");
    expect(actorLabel({ actorName: null, actorRole: null })).toBe("系统（定时任务）");
    expect(actorLabel({ actorName: "张村镇 李专干", actorUsername: "township", actorRole: "TOWNSHIP_STAFF" })).toBe("张村镇 李专干");
  });
});
