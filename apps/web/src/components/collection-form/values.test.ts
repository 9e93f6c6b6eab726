import type { HouseholdDetail } from "@fanpin/domain/household-schemas";
import { ZVerificationRecord } from "@fanpin/domain/procedures/records";
import { describe, expect, it } from "vitest";
import { collectionFormToRequest, genderFromIdNumber, householdToCollectionFormValues, missingIdNumberIssues, newMember } from "./values.ts";

// 11010519491231002X: the standard's own example (female).
const FEMALE_ID = "11010519491231002X";

const household = {
  id: "00000000-0000-4000-8000-000000000001",
  riskCauses: ["SERIOUS_ILLNESS"],
  difficultyDescription: "户主患病",
  income: {
    wageIncome: 1000, familyPlanning: 0, minimumLiving: 0, extremePovertySupport: 0, pension: 0, ecologicalCompensation: 0,
    otherTransfer: 0, productionIncome: 0, assetDividend: 0, otherProperty: 0, productionCost: 0,
  },
  members: [
    {
      id: "00000000-0000-4000-8000-00000000000a",
      name: "王芳",
      gender: "FEMALE",
      idType: "RESIDENT_ID",
      idNumberMasked: "110105********002X",
      relation: "HEAD",
      ethnicity: "01",
      politicalStatus: "MASSES",
      education: "PRIMARY",
      schoolStatus: "NOT_IN_SCHOOL",
      health: "HEALTHY",
      workRegion: "NONE",
      workMonths: 0,
    },
  ],
} as unknown as HouseholdDetail;

const visit = { visitedOn: "2026-11-03", verifiers: ["李专干"], findings: "属实", riskConfirmed: true };

describe("collection form → verification record", () => {
  it("a household as saved passes the record's schema without any full ID number", () => {
    const form = collectionFormToRequest(householdToCollectionFormValues(household));
    expect(form.members[0]).not.toHaveProperty("idNumber");
    expect(form.difficultyDescription).toBe("户主患病");
    const parsed = ZVerificationRecord.safeParse({ ...visit, collectionForm: { ...form, householdVersion: 1 } });
    expect(parsed.success).toBe(true);
  });

  it("an emptied amount counts as 0 and the schema's paths lie under collectionForm", () => {
    const values = householdToCollectionFormValues(household);
    values.income = { ...values.income, wageIncome: null, pension: 12.345 };
    values.members = [...values.members, { ...newMember("SPOUSE"), name: "李强", gender: "MALE", education: "PRIMARY" }];
    const form = collectionFormToRequest(values);
    expect(form.income.wageIncome).toBe(0);
    const parsed = ZVerificationRecord.safeParse({ ...visit, collectionForm: form });
    const paths = parsed.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["collectionForm.income.pension", "collectionForm.members.1.idNumber"]));
  });

  it("a new member's number is asked for at once, with the member's other fields", () => {
    const members = [...householdToCollectionFormValues(household).members, newMember("SPOUSE")];
    expect(missingIdNumberIssues(members, ["collectionForm", "members"])).toEqual([
      { path: ["collectionForm", "members", 1, "idNumber"], message: "请输入证件号码" },
    ]);
  });

  it("a number being replaced must be given, on the field where the list lives", () => {
    const members = householdToCollectionFormValues(household).members;
    expect(missingIdNumberIssues(members, ["collectionForm", "members"])).toEqual([]);
    const replacing = [{ ...members[0]!, changeIdNumber: true, idNumber: " " }];
    expect(missingIdNumberIssues(replacing)).toEqual([{ path: ["members", 0, "idNumber"], message: "请输入新的证件号码，或点“不更换”保留原号码" }]);
    expect(missingIdNumberIssues(replacing, ["collectionForm", "members"])[0]!.path).toEqual(["collectionForm", "members", 0, "idNumber"]);
  });

  it("reads the gender from a valid ID number only", () => {
    expect(genderFromIdNumber(FEMALE_ID)).toBe("FEMALE");
    expect(genderFromIdNumber("110105194912310021")).toBeNull();
    expect(genderFromIdNumber("")).toBeNull();
  });
});
