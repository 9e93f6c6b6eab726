import { ZAppraisalRecord } from "@fanpin/domain/procedures/records";
import { describe, expect, it } from "vitest";
import { checkRecord, detailsWithin } from "./record-issues.ts";

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
