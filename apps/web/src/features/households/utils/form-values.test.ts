import { ZCreateHouseholdRequest, ZUpdateHouseholdRequest, type HouseholdDetail } from "@fanpin/domain/household-schemas";
import { describe, expect, it } from "vitest";
import { newMember } from "@/components/collection-form/values.ts";
import { emptyHouseholdValues, householdToFormValues, toCreateRequest, toUpdateRequest } from "./form-values.ts";

// 11010519491231002X: the standard's own example (female).
const FEMALE_ID = "11010519491231002X";

describe("form values → request", () => {
  it("an untouched form fails the shared schema with messages on the fields the user must fill", () => {
    const request = toCreateRequest(emptyHouseholdValues());
    const result = ZCreateHouseholdRequest.safeParse(request);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["category", "villageId", "members.0.name", "members.0.idNumber", "members.0.gender", "members.0.education"]));
  });

  it("a mistyped ID number is reported while other fields are still empty (the schema checks it on the field)", () => {
    const request = toCreateRequest({ ...emptyHouseholdValues(), members: [{ ...newMember("HEAD"), idNumber: "110105194912310021" }] });
    const result = ZCreateHouseholdRequest.safeParse(request);
    expect(result.error!.issues).toContainEqual(expect.objectContaining({ path: ["members", 0, "idNumber"], message: "身份证号码校验位不正确，请核对是否有录入错误" }));
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
});

describe("editing keeps stored ID numbers", () => {
  const household = {
    id: "00000000-0000-4000-8000-000000000001",
    category: "ORDINARY",
    village: { id: 7, code: "371002100201", name: "张村" },
    naturalVillage: null,
    addressDetail: null,
    phone: "13800001111",
    riskCauses: [],
    difficultyDescription: null,
    incomeYear: 2025,
    income: { wageIncome: 1000 },
    version: 3,
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

  it("leaves out the number of a saved member, and the request passes the shared schema", () => {
    const request = toUpdateRequest(householdToFormValues(household), 3);
    expect(request.members[0]).not.toHaveProperty("idNumber");
    expect(request.members[0]!.id).toBe(household.members[0]!.id);
    expect(ZUpdateHouseholdRequest.safeParse(request).success).toBe(true);
  });

  it("sends a replaced number, checked like any other", () => {
    const values = householdToFormValues(household);
    values.members = [{ ...values.members![0]!, changeIdNumber: true, idNumber: "110105194912310021" }];
    const request = toUpdateRequest(values, 3);
    expect(request.members[0]!.idNumber).toBe("110105194912310021");
    const result = ZUpdateHouseholdRequest.safeParse(request);
    expect(result.error!.issues).toContainEqual({
      code: "custom",
      path: ["members", 0, "idNumber"],
      message: "身份证号码校验位不正确，请核对是否有录入错误",
    });
  });

  it("a new member must bring a number", () => {
    const values = householdToFormValues(household);
    values.members = [...values.members!, { ...newMember("SPOUSE"), name: "李强", gender: "MALE", education: "PRIMARY" }];
    const request = toUpdateRequest(values, 3);
    const result = ZUpdateHouseholdRequest.safeParse(request);
    expect(result.error!.issues.map((i) => i.path.join("."))).toContain("members.1.idNumber");
  });
});
