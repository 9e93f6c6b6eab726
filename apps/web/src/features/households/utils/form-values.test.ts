import { ZCreateHouseholdRequest } from "@fanpin/domain/household-schemas";
import { describe, expect, it } from "vitest";
import { emptyHouseholdValues, genderFromIdNumber, newMember, toCreateRequest, withIdNumberIssues } from "./form-values.ts";

// 11010519491231002X: the standard's own example (female).
const FEMALE_ID = "11010519491231002X";

describe("form values → request", () => {
  it("an untouched form fails the shared schema with messages on the fields the user must fill", () => {
    const request = toCreateRequest(emptyHouseholdValues());
    const result = ZCreateHouseholdRequest.safeParse(request);
    expect(result.success).toBe(false);
    const issues = withIdNumberIssues(result.error!.issues, request);
    const paths = issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["category", "villageId", "members.0.name", "members.0.idNumber", "members.0.gender", "members.0.education"]));
  });

  it("a mistyped ID number is reported while other fields are still empty", () => {
    const request = toCreateRequest({ ...emptyHouseholdValues(), members: [{ ...newMember("HEAD"), idNumber: "110105194912310021" }] });
    const result = ZCreateHouseholdRequest.safeParse(request);
    const issues = withIdNumberIssues(result.error!.issues, request);
    expect(issues).toContainEqual({ path: ["members", 0, "idNumber"], message: "身份证号码校验位不正确，请核对是否有录入错误" });
  });

  it("a filled form passes, blanks become null and income gaps 0", () => {
    const values = {
      ...emptyHouseholdValues(5),
      category: "ORDINARY" as const,
      phone: "  ",
      income: { wageIncome: 1200.5 },
      members: [{ ...newMember("HEAD"), name: " 王芳 ", idNumber: FEMALE_ID.toLowerCase(), gender: "FEMALE" as const, education: "PRIMARY" as const }],
    };
    const request = toCreateRequest(values);
    expect(request.phone).toBeNull();
    expect(request.income?.productionCost).toBe(0);
    const parsed = ZCreateHouseholdRequest.parse(request);
    expect(parsed.members[0]!.idNumber).toBe(FEMALE_ID);
    expect(parsed.members[0]!.name).toBe("王芳");
  });

  it("reads the gender from a valid ID number only", () => {
    expect(genderFromIdNumber(FEMALE_ID)).toBe("FEMALE");
    expect(genderFromIdNumber("110105194912310021")).toBeNull();
    expect(genderFromIdNumber("")).toBeNull();
  });
});
