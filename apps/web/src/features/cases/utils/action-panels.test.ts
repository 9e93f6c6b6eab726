import type { CaseDetail } from "@fanpin/domain/case-schemas";
import { describe, expect, it } from "vitest";
import { defaultPanel, panelKeys } from "./action-panels.ts";

const base = {
  category: "ORDINARY",
  stage: "TOWNSHIP_VERIFICATION",
  roundRecords: { verification: null, appraisal: null },
  availableActions: ["RECORD_VERIFICATION", "RECORD_APPRAISAL", "SUBMIT", "WITHDRAW", "ASSIST_FIRST"],
} as unknown as CaseDetail;

describe("panelKeys", () => {
  it("keeps the procedure's order and joins the three review decisions into one form", () => {
    expect(panelKeys(["WITHDRAW", "REJECT", "APPROVE", "RETURN", "ASSIST_FIRST"])).toEqual(["REVIEW", "ASSIST_FIRST", "WITHDRAW"]);
    expect(panelKeys([])).toEqual([]);
  });
});

describe("defaultPanel", () => {
  it("opens the township record still missing, then the submission", () => {
    expect(defaultPanel(base)).toBe("RECORD_VERIFICATION");
    expect(defaultPanel({ ...base, roundRecords: { verification: {}, appraisal: null } })).toBe("RECORD_APPRAISAL");
    expect(defaultPanel({ ...base, roundRecords: { verification: {}, appraisal: {} } })).toBe("SUBMIT");
  });

  it("does not ask for an appraisal the procedure does not have", () => {
    const lifted = { ...base, category: "LIFTED_WITH_POLICY", availableActions: ["RECORD_VERIFICATION", "SUBMIT"] } as unknown as CaseDetail;
    expect(defaultPanel({ ...lifted, roundRecords: { verification: {}, appraisal: null } })).toBe("SUBMIT");
  });

  it("opens nothing when only side actions remain (others' stage)", () => {
    expect(defaultPanel({ ...base, stage: "DISTRICT_REVIEW", availableActions: ["WITHDRAW", "ASSIST_FIRST"] } as unknown as CaseDetail)).toBeNull();
    expect(defaultPanel({ ...base, availableActions: ["RECORD_APPRAISAL"], roundRecords: { verification: {}, appraisal: {} } } as unknown as CaseDetail)).toBeNull();
  });
});
