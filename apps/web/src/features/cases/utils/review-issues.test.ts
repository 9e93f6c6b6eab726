import { describe, expect, it } from "vitest";
import { summarizeReviewIssues } from "./review-issues.ts";

describe("summarizeReviewIssues", () => {
  it("puts one message on the first unanswered row of each list", () => {
    const issues = [
      { path: ["crossChecks", "PUBLIC_SECURITY", "result"], message: "请选择比对结果" },
      { path: ["crossChecks", "VEHICLE", "result"], message: "请选择比对结果" },
      { path: ["crossChecks", "HOUSING", "note"], message: "比对有疑点时请说明情况" },
      { path: ["exclusions", "CIVIL_SERVANT"], message: "请逐项核对" },
      { path: ["exclusions", "VEHICLE"], message: "请逐项核对" },
      { path: ["exclusions", "BUSINESS"], message: "请逐项核对" },
      { path: ["decision"], message: "请选择审核结果" },
    ];
    expect(summarizeReviewIssues(issues)).toEqual([
      { path: ["crossChecks", "PUBLIC_SECURITY", "result"], message: "请完成信息比对（尚有 2 项未选择）" },
      { path: ["exclusions", "CIVIL_SERVANT"], message: "请逐项核对不予纳入情形（尚有 3 项未核对）" },
      { path: ["crossChecks", "HOUSING", "note"], message: "比对有疑点时请说明情况" },
      { path: ["decision"], message: "请选择审核结果" },
    ]);
  });
  it("leaves a complete review's issues alone", () => {
    const issues = [{ path: "crossChecks.VEHICLE.note", message: "比对有疑点时请说明情况" }, { path: "", message: "x" }];
    expect(summarizeReviewIssues(issues)).toEqual(issues);
  });
});
