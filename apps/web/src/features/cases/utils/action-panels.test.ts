import type { CaseDetail } from "@fanpin/domain/case-schemas";
import { describe, expect, it } from "vitest";
import { defaultPanel, panelKeys, pendingReturn } from "./action-panels.ts";

const none = { consent: null, verification: null, appraisal: null, assessment: null };
const base = {
  category: "ORDINARY",
  stage: "TOWNSHIP_VERIFICATION",
  roundRecords: none,
  events: [],
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

describe("a returned case", () => {
  const ev = (seq: number, action: string, fromStage: string, toStage: string, record: unknown = null) => ({ seq, action, fromStage, toStage, record });
  const submitted = [ev(1, "OPEN", "TOWNSHIP_VERIFICATION", "TOWNSHIP_VERIFICATION"), ev(2, "SUBMIT", "TOWNSHIP_VERIFICATION", "DISTRICT_REVIEW")];
  const returned = [...submitted, ev(3, "RETURN", "DISTRICT_REVIEW", "TOWNSHIP_VERIFICATION", { reason: "补充" })];
  const all = { consent: {}, verification: {}, appraisal: {}, assessment: null };

  it("waits for correction until it is submitted again", () => {
    expect(pendingReturn({ stage: "TOWNSHIP_VERIFICATION", events: returned } as unknown as CaseDetail)?.seq).toBe(3);
    expect(pendingReturn({ stage: "DISTRICT_REVIEW", events: [...returned, ev(4, "SUBMIT", "TOWNSHIP_VERIFICATION", "DISTRICT_REVIEW")] } as unknown as CaseDetail)).toBeNull();
    expect(pendingReturn({ stage: "DISTRICT_REVIEW", events: submitted } as unknown as CaseDetail)).toBeNull();
    const upheld = [...submitted, ev(3, "DECIDE_OBJECTION", "OBJECTION_REVIEW", "TOWNSHIP_VERIFICATION", { decision: "UPHOLD_AND_RETURN" })];
    expect(pendingReturn({ stage: "TOWNSHIP_VERIFICATION", events: upheld } as unknown as CaseDetail)?.seq).toBe(3);
    expect(pendingReturn({ stage: "WITHDRAWN", events: returned } as unknown as CaseDetail)).toBeNull();
  });

  it("opens its first record to correct (all are kept), then the submission once one is corrected", () => {
    const c = { ...base, roundRecords: all, events: returned } as unknown as CaseDetail;
    expect(defaultPanel(c, step)).toBe("RECORD_CONSENT");
    const corrected = { ...c, events: [...returned, ev(4, "RECORD_CONSENT", "TOWNSHIP_VERIFICATION", "TOWNSHIP_VERIFICATION")] } as unknown as CaseDetail;
    expect(defaultPanel(corrected, step)).toBe("SUBMIT");
  });
});
