import { describe, expect, it } from "vitest";
import { describeRecord } from "./describe-record.ts";

describe("describeRecord", () => {
  it("describes a lead", () => {
    expect(describeRecord("OPEN", { source: "DAILY_VISIT", receivedOn: "2026-11-10", riskCauses: ["SERIOUS_ILLNESS", "EDUCATION"], description: "住院" })).toEqual([
      { label: "线索来源", value: "日常走访监测" },
      { label: "接收日期", value: "2026-11-10" },
      { label: "风险类型", value: "因大病、因学" },
      { label: "风险情况", value: "住院" },
    ]);
  });

  it("describes an appraisal's vote and result", () => {
    const lines = describeRecord("RECORD_APPRAISAL", { heldOn: "2026-11-12", participants: 9, votesFor: 8, votesAgainst: 1, passed: true, minutesSummary: "同意" });
    expect(lines).toContainEqual({ label: "表决", value: "参会 9 人，同意 8 票，反对 1 票" });
    expect(lines).toContainEqual({ label: "评议结果", value: "通过" });
  });

  // The items come from the rule set (GET /api/rules), not from the SPA.
  const items = {
    crossChecks: [{ code: "VEHICLE", label: "车辆" }, { code: "COMPANY", label: "工商企业" }],
    exclusions: [{ code: "CAR", label: "家庭成员拥有小汽车" }, { code: "COMPANY", label: "开办公司" }],
  };

  it("summarises the cross-checks and the exclusions of a review with the rule set's labels", () => {
    const lines = describeRecord("APPROVE", {
      crossChecks: { VEHICLE: { result: "HIT", note: "有一辆农用车" }, COMPANY: { result: "CLEAR" } },
      exclusions: { CAR: false, COMPANY: false },
      monitoringType: "EDGE_AT_RISK",
      announcement: "经审定，该户风险已消除",
    }, items);
    expect(lines[0]).toEqual({ label: "信息比对", value: "车辆：有疑点（有一辆农用车）；工商企业：无异常" });
    expect(lines[1]).toEqual({ label: "十不纳入", value: "逐项核对，均不存在" });
    expect(lines).toContainEqual({ label: "监测对象类型", value: "边缘易致贫户" });
    expect(lines).toContainEqual({ label: "公告内容", value: "经审定，该户风险已消除" });
    expect(describeRecord("REJECT", { reason: "有车", exclusions: { CAR: true } }, items)).toContainEqual({ label: "十不纳入", value: "存在情形：家庭成员拥有小汽车" });
  });

  it("describes a consent and a risk-elimination assessment", () => {
    expect(describeRecord("RECORD_CONSENT", { signedOn: "2026-11-02", signedBy: "张三" })).toEqual([
      { label: "签署日期", value: "2026-11-02" },
      { label: "签署人", value: "张三" },
    ]);
    const lines = describeRecord("RECORD_ASSESSMENT", {
      visitedOn: "2026-11-03",
      verifiers: ["李专干", "王书记"],
      income: { year: 2025, perCapitaYuan: 8000, stableMonths: 8 },
      rigidExpensesResolved: { met: true },
      basicNeedsSecured: { met: true },
      originalRiskGone: { met: false, note: "仍在治疗" },
      noNewRisk: { met: true },
      noLabourCapacityCoveredBySocialSecurity: false,
      findings: "已核实",
    });
    expect(lines).toContainEqual({ label: "核实人员", value: "李专干、王书记" });
    expect(lines).toContainEqual({ label: "收入", value: "2025 年人均纯收入 8,000.00 元，稳定 8 个月" });
    expect(lines).toContainEqual({ label: "评估", value: "大额刚性支出：已稳定解决；“两不愁三保障”及饮水安全：有保障；识别时的风险：未消除（仍在治疗）；新的风险：无新的风险" });
  });

  it("summarises the collection form a verification carried, without ID numbers", () => {
    const member = (name: string, relation: string, idNumber?: string) => ({ name, relation, gender: "MALE", ...(idNumber ? { idNumber } : {}) });
    const lines = describeRecord("RECORD_VERIFICATION", {
      visitedOn: "2026-11-03",
      verifiers: ["李专干"],
      findings: "属实",
      riskConfirmed: true,
      collectionForm: {
        members: [member("张三", "HEAD"), member("李四", "SPOUSE"), member("张小", "SON", "11010519491231002X"), member("王五", "MOTHER")],
        income: { wageIncome: 12_000, minimumLiving: 1_842, productionCost: 1_000 },
        riskCauses: ["SERIOUS_ILLNESS"],
      },
    });
    expect(lines).toContainEqual({ label: "采集表", value: "4 人，人均纯收入 3,210.50 元，风险：因大病" });
    expect(lines).toContainEqual({ label: "家庭成员", value: "张三（户主）、李四（配偶）、张小（之子）、王五（之母）" });
    // The district sees the items behind the income, not just the figure.
    expect(lines.find((l) => l.label === "家庭收入")?.value).toMatch(/^年纯收入 12,842\.00 元（A28 工资性收入 [\d,.]+ 元/);
    expect(JSON.stringify(lines)).not.toContain("11010519491231002X");
    expect(describeRecord("RECORD_VERIFICATION", { visitedOn: "2026-11-03" }).map((l) => l.label)).toEqual(["入户日期"]);
  });

  it("skips what it does not know", () => {
    expect(describeRecord("SUBMIT", null)).toEqual([]);
    expect(describeRecord("WITHDRAW", { reason: 5 })).toEqual([]);
  });
});
