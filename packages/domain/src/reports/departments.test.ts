import { describe, expect, it } from "vitest";
import { independentCheckCharacter as computeCheckCharacter } from "../testing/id-numbers.ts"; // not the production code under test
import { ageOn, DEPARTMENT_CODES, DEPARTMENTS, departmentMembers, listChanges, type ListHousehold, type ListMember } from "./departments.ts";

const id = (birth: string, seq = "001") => {
  const first17 = `371002${birth.replaceAll("-", "")}${seq}`;
  return first17 + computeCheckCharacter(first17);
};
const member = (over: Partial<ListMember> = {}): ListMember => ({
  idNumber: id("1980-05-01"), idType: "RESIDENT_ID", relation: "HEAD", health: "HEALTHY", schoolStatus: "NOT_IN_SCHOOL", ...over,
});
const household = (over: Partial<ListHousehold> = {}): ListHousehold => ({
  designation: "MONITORED", rolledBack: false, riskCauses: ["SERIOUS_ILLNESS"], members: [member()], ...over,
});
const on = (dept: (typeof DEPARTMENT_CODES)[number], h: ListHousehold, asOf = "2026-11-15") =>
  departmentMembers(dept, h, asOf).map((x) => x.reason);

describe("department lists", () => {
  it("has the eight departments of the seeds with Chinese names", () => {
    expect(DEPARTMENT_CODES.map((c) => DEPARTMENTS[c].name)).toEqual(["民政", "教育", "人社", "卫健", "医保", "水利", "住建", "残联"]);
  });

  it("民政: every member of designated and rolled-back households, nobody else", () => {
    const h = household({ members: [member(), member({ idNumber: id("2015-01-01", "002"), relation: "SON", schoolStatus: "PRIMARY" })] });
    expect(on("CIVIL_AFFAIRS", h)).toEqual(["监测帮扶对象", "监测帮扶对象"]);
    expect(on("CIVIL_AFFAIRS", household({ designation: null, rolledBack: true }))).toEqual(["回退户"]);
    expect(on("CIVIL_AFFAIRS", household({ designation: null, rolledBack: false }))).toEqual([]);
  });

  it("教育: members in school, from preschool on", () => {
    expect(on("EDUCATION", household({ members: [member(), member({ schoolStatus: "JUNIOR_HIGH" }), member({ schoolStatus: "PRESCHOOL" })] })))
      .toEqual(["在校：初中", "在校：学前教育"]);
  });

  it("人社: working age (16–59 on the date), not in school, able to work", () => {
    const turning16 = member({ idNumber: id("2010-11-16") });
    expect(on("HUMAN_RESOURCES", household({ members: [turning16] }), "2026-11-15")).toEqual([]);
    expect(on("HUMAN_RESOURCES", household({ members: [turning16] }), "2026-11-16")).toEqual(["劳动年龄（16周岁）"]);
    expect(on("HUMAN_RESOURCES", household({ members: [member({ idNumber: id("1966-01-01") })] }))).toEqual([]);
    expect(on("HUMAN_RESOURCES", household({ members: [member({ health: "SERIOUS_ILLNESS" }), member({ health: "DISABLED" })] }))).toEqual([]);
    expect(on("HUMAN_RESOURCES", household({ members: [member({ idNumber: id("2006-01-01"), schoolStatus: "UNDERGRADUATE" })] }))).toEqual([]);
    expect(on("HUMAN_RESOURCES", household({ members: [member({ health: "CHRONIC_DISEASE" })] }))).toEqual(["劳动年龄（46周岁）"]);
  });

  it("卫健 and 医保: members with a chronic or serious illness", () => {
    const h = household({ members: [member(), member({ health: "CHRONIC_DISEASE" }), member({ health: "SERIOUS_ILLNESS" }), member({ health: "DISABLED" })] });
    expect(on("HEALTH", h)).toEqual(["长期慢性病", "患有大病"]);
    expect(on("MEDICAL_SECURITY", h)).toEqual(["长期慢性病", "患有大病"]);
  });

  it("残联: disabled members, or registered with a disability certificate", () => {
    expect(on("DISABLED_PERSONS", household({ members: [member(), member({ health: "DISABLED" }), member({ idType: "DISABILITY_CERT" })] })))
      .toEqual(["残疾", "残疾"]);
  });

  it("住建: households whose latest housing grade on the date is C or D, or that have a housing measure, all their members", () => {
    const graded = (value: string, observedOn = "2026-10-01") => ({ kind: "HOUSING_SAFETY" as const, value, observedOn });
    const d = household({ conditions: [graded("D")], members: [member(), member({ relation: "SPOUSE" })] });
    expect(on("HOUSING", d)).toEqual(["住房安全等级：D级（整体危险）（2026-10-01）", "住房安全等级：D级（整体危险）（2026-10-01）"]);
    expect(on("HOUSING", household({ conditions: [graded("C")] }))).toEqual(["住房安全等级：C级（局部危险）（2026-10-01）"]);
    // The latest grade decides: repaired to B, the household leaves the list.
    expect(on("HOUSING", household({ conditions: [graded("D", "2026-09-01"), graded("B", "2026-11-01")] }))).toEqual([]);
    expect(on("HOUSING", household({ conditions: [graded("A")] }))).toEqual([]);
    // The form's 因灾 no longer stands in for housing safety.
    expect(on("HOUSING", household({ riskCauses: ["DISASTER"] }))).toEqual([]);
    const measure = { name: "危房改造", type: "HOUSING" as const, department: "HOUSING" as const, state: "IN_PROGRESS" as const };
    expect(on("HOUSING", household({ measures: [measure] }))).toEqual(["帮扶措施：危房改造（落实中）"]);
    // A housing measure of another office still concerns 住建.
    expect(on("HOUSING", household({ measures: [{ ...measure, department: "TOWNSHIP" }] }))).toEqual(["帮扶措施：危房改造（落实中）"]);
    expect(on("HOUSING", household({ conditions: [graded("C")], measures: [measure] })))
      .toEqual(["住房安全等级：C级（局部危险）（2026-10-01）；帮扶措施：危房改造（落实中）"]);
  });

  it("水利: households whose drinking water is not secured, or that have a water measure", () => {
    const water = (value: string) => ({ kind: "DRINKING_WATER" as const, value, observedOn: "2026-10-02" });
    expect(on("WATER_RESOURCES", household({ conditions: [water("NOT_MET")] }))).toEqual(["饮水安全（水质、水量）：无保障（2026-10-02）"]);
    expect(on("WATER_RESOURCES", household({ conditions: [water("MET")] }))).toEqual([]);
    expect(on("WATER_RESOURCES", household({ riskCauses: ["DISASTER"] }))).toEqual([]);
    expect(on("WATER_RESOURCES", household({ measures: [{ name: "饮水安全", type: "WATER", department: "WATER_RESOURCES", state: "DELIVERED" }] })))
      .toEqual(["帮扶措施：饮水安全（已落实）"]);
  });

  it("every department takes the members of households with a measure it is responsible for, naming the measure and its state", () => {
    const h = household({
      members: [member(), member({ relation: "SON", idNumber: id("1990-01-01", "002") })],
      measures: [{ name: "雨露计划", type: "EDUCATION", department: "EDUCATION", state: "IN_PROGRESS" }],
    });
    expect(on("EDUCATION", h)).toEqual(["帮扶措施：雨露计划（落实中）", "帮扶措施：雨露计划（落实中）"]);
    // A member on the list for their own reason has both.
    const student = household({ members: [member({ schoolStatus: "JUNIOR_HIGH" })], measures: h.measures });
    expect(on("EDUCATION", student)).toEqual(["在校：初中；帮扶措施：雨露计划（落实中）"]);
    expect(on("HEALTH", h)).toEqual([]);
    // Nobody is listed for a measure unless the household is on the lists at all.
    expect(on("EDUCATION", household({ ...h, designation: null, rolledBack: false }))).toEqual([]);
    for (const code of DEPARTMENT_CODES) expect(DEPARTMENTS[code].basis).toContain("帮扶措施");
  });

  it("additions and removals are by citizen ID", () => {
    const a = { idNumber: id("1980-01-01") }, b = { idNumber: id("1981-01-01") }, c = { idNumber: id("1982-01-01") };
    expect(listChanges([a, b], [b, c])).toEqual({ added: [c], removed: [a] });
  });

  it("ages count whole years on the date", () => {
    expect(ageOn(id("2000-02-29"), "2026-02-28")).toBe(25);
    expect(ageOn(id("2000-02-29"), "2026-03-01")).toBe(26);
  });
});
