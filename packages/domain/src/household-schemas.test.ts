import { describe, expect, it } from "vitest";
import { independentCheckCharacter as computeCheckCharacter } from "./testing/id-numbers.ts"; // not the production code under test
import { summarizeIncome } from "./collection-form.ts";
import { memberIdNumberProblem, ZCreateHouseholdRequest, ZMember } from "./household-schemas.ts";
import { CITIZEN_ID_MESSAGES } from "./citizen-id.ts";

const id = (first17: string) => first17 + computeCheckCharacter(first17);
const member = {
  name: "王建国", gender: "MALE", idType: "RESIDENT_ID", idNumber: id("37100219600101001"), relation: "HEAD", ethnicity: "01",
  politicalStatus: "MASSES", education: "PRIMARY", schoolStatus: "NOT_IN_SCHOOL", health: "HEALTHY", workRegion: "NONE", workMonths: 0,
};
const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.map((i) => ({ path: i.path.join("."), message: i.message })) ?? [];

describe("member (A1–A13)", () => {
  it("normalises the ID number people type", () => {
    const r = ZMember.parse({ ...member, idNumber: ` ${member.idNumber.slice(0, 9)} ${member.idNumber.slice(9)} ` });
    expect(r.idNumber).toBe(member.idNumber);
  });

  it("accepts a disability certificate number: the ID plus category and grade", () => {
    expect(ZMember.safeParse({ ...member, idType: "DISABILITY_CERT", idNumber: `${member.idNumber}42` }).success).toBe(true);
    expect(issues(ZMember.safeParse({ ...member, idType: "DISABILITY_CERT", idNumber: `${member.idNumber}85` }))[0]?.path).toBe("idNumber");
  });

  it("checks gender against the 17th digit", () => {
    expect(issues(ZMember.safeParse({ ...member, gender: "FEMALE" }))).toEqual([{ path: "gender", message: "性别与身份证号码第 17 位不符（奇数为男，偶数为女）" }]);
  });

  it("limits work time to 0–12 whole months", () => {
    expect(issues(ZMember.safeParse({ ...member, workMonths: 13 }))).toEqual([{ path: "workMonths", message: "务工时间最多 12 个月" }]);
  });
});

describe("household", () => {
  const household = { category: "ORDINARY", villageId: 1, members: [member] };
  it("defaults income to zero and risk causes to none", () => {
    const r = ZCreateHouseholdRequest.parse(household);
    expect(r.riskCauses).toEqual([]);
    expect(r.income.wageIncome).toBe(0);
  });
  it("allows at most three different risk causes (A52a–c)", () => {
    expect(issues(ZCreateHouseholdRequest.safeParse({ ...household, riskCauses: ["DISASTER", "DISASTER"] }))[0]?.message).toBe("致贫风险不能重复选择");
    expect(issues(ZCreateHouseholdRequest.safeParse({ ...household, riskCauses: ["DISASTER", "EDUCATION", "OTHER", "DISABILITY"] }))[0]?.message).toBe("致贫风险最多选 3 项");
  });
  it("needs a head", () => {
    expect(issues(ZCreateHouseholdRequest.safeParse({ ...household, members: [{ ...member, relation: "SPOUSE" }] }))).toEqual([
      { path: "members", message: "须有一名成员与户主关系为“户主”" },
    ]);
  });
  it("needs a designation date with a designation", () => {
    expect(issues(ZCreateHouseholdRequest.safeParse({ ...household, designation: "MONITORED" }))).toEqual([{ path: "designatedAt", message: "请填写认定日期" }]);
  });
  it("rejects money with more than two decimals", () => {
    expect(issues(ZCreateHouseholdRequest.safeParse({ ...household, income: { wageIncome: 1.234 } }))[0]).toEqual({
      path: "income.wageIncome", message: "金额最多保留两位小数",
    });
  });
});

describe("per-capita net income", () => {
  it("is (A28 + A29 + A30 + A31 − A32) / members", () => {
    const s = summarizeIncome({
      wageIncome: 10000, familyPlanning: 100, minimumLiving: 2000, extremePovertySupport: 0, pension: 1200, ecologicalCompensation: 0,
      otherTransfer: 0, productionIncome: 3000, assetDividend: 300, otherProperty: 0, productionCost: 1000,
    }, 3);
    expect(s).toEqual({ transfer: 3300, property: 300, net: 15600, perCapita: 5200 });
  });
});

describe("memberIdNumberProblem", () => {
  it("says what the API says about a bad number, and nothing about a good one", () => {
    const good = `11010519491231002${computeCheckCharacter("11010519491231002")}`;
    expect(memberIdNumberProblem("RESIDENT_ID", good)).toBeNull();
    expect(memberIdNumberProblem("RESIDENT_ID", "1234")).toBe(CITIZEN_ID_MESSAGES.LENGTH);
    expect(memberIdNumberProblem("RESIDENT_ID", `${good.slice(0, 17)}${good[17] === "0" ? "1" : "0"}`)).toBe(CITIZEN_ID_MESSAGES.CHECK_DIGIT);
    expect(memberIdNumberProblem("RESIDENT_ID", `${good}11`)).toMatch(/^居民身份证号码应为 18 位/);
  });
});
