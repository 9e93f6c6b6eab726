import type { CaseDetail } from "@fanpin/domain/case-schemas";
import { describe, expect, it } from "vitest";
import { defaultPanel, panelKeys } from "./action-panels.ts";

const none = { consent: null, verification: null, appraisal: null, assessment: null };
const base = {
  category: "ORDINARY",
  stage: "TOWNSHIP_VERIFICATION",
  roundRecords: none,
  availableActions: ["RECORD_CONSENT", "RECORD_VERIFICATION", "RECORD_APPRAISAL", "SUBMIT", "WITHDRAW", "ASSIST_FIRST"],
} as unknown as CaseDetail;
// The step's required records come from the rule set (GET /api/rules).
const step = { records: ["CONSENT", "VERIFICATION", "APPRAISAL"] as ("CONSENT" | "VERIFICATION" | "APPRAISAL")[] };

describe("panelKeys", () => {
  it("keeps the procedure's order and joins the three review decisions into one form", () => {
    expect(panelKeys(["WITHDRAW", "REJECT", "APPROVE", "RETURN", "ASSIST_FIRST"])).toEqual(["REVIEW", "ASSIST_FIRST", "WITHDRAW"]);
    expect(panelKeys(["RECORD_APPRAISAL", "RECORD_ASSESSMENT", "RECORD_CONSENT"])).toEqual(["RECORD_CONSENT", "RECORD_ASSESSMENT", "RECORD_APPRAISAL"]);
    expect(panelKeys([])).toEqual([]);
  });
});

describe("defaultPanel", () => {
  it("opens the record the step requires still missing, in the rules' order, then the submission", () => {
    expect(defaultPanel(base, step)).toBe("RECORD_CONSENT");
    expect(defaultPanel({ ...base, roundRecords: { ...none, consent: {} } }, step)).toBe("RECORD_VERIFICATION");
    expect(defaultPanel({ ...base, roundRecords: { ...none, consent: {}, verification: {} } }, step)).toBe("RECORD_APPRAISAL");
    expect(defaultPanel({ ...base, roundRecords: { consent: {}, verification: {}, appraisal: {}, assessment: null } }, step)).toBe("SUBMIT");
  });

  it("does not ask for a record the step does not require", () => {
    const lifted = { ...base, category: "LIFTED_WITH_POLICY", availableActions: ["RECORD_VERIFICATION", "RECORD_APPRAISAL", "SUBMIT"] } as unknown as CaseDetail;
    expect(defaultPanel({ ...lifted, roundRecords: { ...none, verification: {} } }, { records: ["VERIFICATION"] })).toBe("SUBMIT");
  });

  it("opens the assessment of a risk elimination first", () => {
    const elimination = { ...base, availableActions: ["RECORD_ASSESSMENT", "RECORD_APPRAISAL", "SUBMIT", "WITHDRAW"] } as unknown as CaseDetail;
    expect(defaultPanel(elimination, { records: ["ASSESSMENT", "APPRAISAL"] })).toBe("RECORD_ASSESSMENT");
  });

  it("opens the review at the township's and the district's review", () => {
    const review = { ...base, stage: "TOWNSHIP_REVIEW", availableActions: ["APPROVE", "RETURN", "REJECT", "WITHDRAW"] } as unknown as CaseDetail;
    expect(defaultPanel(review, { records: [] })).toBe("REVIEW");
  });

  it("opens nothing when only side actions remain (others' stage)", () => {
    expect(defaultPanel({ ...base, stage: "DISTRICT_REVIEW", availableActions: ["WITHDRAW", "ASSIST_FIRST"] } as unknown as CaseDetail, undefined)).toBeNull();
    expect(defaultPanel({ ...base, availableActions: ["RECORD_APPRAISAL"], roundRecords: { ...none, consent: {}, verification: {}, appraisal: {} } } as unknown as CaseDetail, step)).toBeNull();
  });
});
