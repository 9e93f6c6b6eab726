import { ZAppraisalRecord } from "@fanpin/domain/procedures/records";
import { describe, expect, it } from "vitest";
import { checkRecord, detailsWithin, onShownFields } from "./record-issues.ts";

describe("detailsWithin", () => {
  it("strips the body prefix so that paths name form fields", () => {
    expect(
      detailsWithin(
        [
          { path: "record.crossChecks.VEHICLE.note", message: "比对有疑点时请说明情况" },
          { path: "record", message: "缺少记录" },
          { path: "version", message: "缺少案件版本号" },
        ],
        "record",
      ),
    ).toEqual([
      { path: "crossChecks.VEHICLE.note", message: "比对有疑点时请说明情况" },
      { path: "", message: "缺少记录" },
      { path: "", message: "缺少案件版本号" },
    ]);
  });
});

describe("checkRecord", () => {
  it("reports the schema's messages on the record's fields", () => {
    const result = checkRecord(ZAppraisalRecord, { heldOn: "2026-11-20", participants: 9, votesFor: 4, votesAgainst: 1, passed: true, minutesSummary: "x" });
    expect(result).toEqual({ ok: false, issues: [{ path: ["passed"], message: "同意票未超过参会人数的一半，评议不能为通过" }] });
  });
});

describe("onShownFields", () => {
  const fields = new Set(["collectionForm.riskCauses", "collectionForm.members.1.idNumber"]);
  const isField = (name: (string | number)[]) => fields.has(name.join("."));

  it("puts an issue on an entry of a multiple select on the select", () => {
    expect(onShownFields([{ path: "collectionForm.riskCauses.2", message: "风险不能重复选择" }], isField)).toEqual([
      { path: ["collectionForm", "riskCauses"], message: "风险不能重复选择" },
    ]);
  });

  it("leaves fields, and paths the form does not show, as they are", () => {
    const issues = [
      { path: ["collectionForm", "members", 1, "idNumber"], message: "该身份证号码已登记在其他家庭中" },
      { path: "collectionForm.members", message: "须有一名成员与户主关系为“户主”" },
      { path: "collectionForm.members.0.id", message: "该成员不属于本户，请刷新后重试" },
    ];
    expect(onShownFields(issues, isField)).toEqual(issues);
  });
});
