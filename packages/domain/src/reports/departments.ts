import type { Designation } from "../categories.ts";
import { HEALTH, RISK_CAUSE, SCHOOL_STATUS } from "../collection-form.ts";

/**
 * The departments the district sends lists to (DOMAIN.md "Reporting
 * calendar": 民政、教育、人社、卫健、医保、水利、住建、残联) and who is on
 * each department's list, decided from the collection form's codes.
 *
 * Every list starts from the same people: the members of households that are
 * designated (脱贫监测户 / 即时帮扶户) or were rolled back (回退为脱贫享受政策户
 * by the LIFTED_WITHOUT_POLICY procedure) on the list's date — Linyi's
 * "latest monitored / instant-assistance / rolled-back lists". Each
 * department then takes the people its policies concern. Lists are per
 * person (one row a person), so additions and removals are people.
 *
 * The collection form has no risk code for housing safety or drinking water
 * (its A52 list is 因大病、因学、因灾、因残、因突发事件、因产业失败、因就业不稳、其他,
 * Linyi adds 因疫情、因意外). 住建 and 水利 therefore get the households whose
 * risk is 因灾 (disasters are what damage houses and water supply here); a
 * deployment that adds housing or drinking-water codes extends those two rules.
 */
export type ListMember = {
  idNumber: string;
  idType: string;
  relation: string;
  health: string;
  schoolStatus: string;
};

export type ListHousehold = {
  designation: Designation | null;
  /** Rolled back from LIFTED_WITHOUT_POLICY to LIFTED_WITH_POLICY on or before the date. */
  rolledBack: boolean;
  riskCauses: readonly string[];
  members: readonly ListMember[];
};

export const DEPARTMENT_CODES = [
  "CIVIL_AFFAIRS", "EDUCATION", "HUMAN_RESOURCES", "HEALTH", "MEDICAL_SECURITY", "WATER_RESOURCES", "HOUSING", "DISABLED_PERSONS",
] as const;
export type DepartmentCode = (typeof DEPARTMENT_CODES)[number];

export type Department = {
  code: DepartmentCode;
  /** Short name, as in the seeds (民政). */
  name: string;
  /** The office's full name (区民政局). */
  fullName: string;
  /** Who is on the list, in words (shown in the SPA and above the list). */
  basis: string;
  /** Why this member of a listed household is on this department's list; null when not. */
  reason(member: ListMember, household: ListHousehold, asOf: string): string | null;
};

const riskLabel = (code: string) => (RISK_CAUSE.labels as Record<string, string>)[code] ?? code;
const healthLabel = (code: string) => (HEALTH.labels as Record<string, string>)[code] ?? code;
const schoolLabel = (code: string) => (SCHOOL_STATUS.labels as Record<string, string>)[code] ?? code;

/** Age in whole years on `asOf`, from the birth date in the citizen ID (digits 7–14). */
export function ageOn(idNumber: string, asOf: string): number | null {
  const birth = idNumber.slice(6, 14);
  if (!/^\d{8}$/.test(birth)) return null;
  const [y, md] = [Number(birth.slice(0, 4)), birth.slice(4)];
  const [ay, amd] = [Number(asOf.slice(0, 4)), asOf.slice(5, 7) + asOf.slice(8, 10)];
  return ay - y - (amd < md ? 1 : 0);
}

/** Working age for the employment services: 16 to 59 years. */
export const WORKING_AGE = { from: 16, below: 60 } as const;

const ILL = ["CHRONIC_DISEASE", "SERIOUS_ILLNESS"];
const UNABLE_TO_WORK = ["SERIOUS_ILLNESS", "DISABLED"];

export const DEPARTMENTS: Record<DepartmentCode, Department> = {
  CIVIL_AFFAIRS: {
    code: "CIVIL_AFFAIRS", name: "民政", fullName: "民政局",
    basis: "全部脱贫监测户、即时帮扶户和回退户的家庭成员（低保、特困供养、临时救助）",
    reason: (_m, h) => (h.designation ? "监测帮扶对象" : "回退户"),
  },
  EDUCATION: {
    code: "EDUCATION", name: "教育", fullName: "教育局",
    basis: "在校学生（学前教育至研究生，A9 在校状况非“非在校生”）",
    reason: (m) => (m.schoolStatus !== "NOT_IN_SCHOOL" ? `在校：${schoolLabel(m.schoolStatus)}` : null),
  },
  HUMAN_RESOURCES: {
    code: "HUMAN_RESOURCES", name: "人社", fullName: "人力资源和社会保障局",
    basis: `劳动年龄内（${WORKING_AGE.from}至${WORKING_AGE.below - 1}周岁）、非在校且未患大病或残疾、有劳动能力的成员`,
    reason: (m, _h, asOf) => {
      const age = ageOn(m.idNumber, asOf);
      if (age === null || age < WORKING_AGE.from || age >= WORKING_AGE.below) return null;
      if (m.schoolStatus !== "NOT_IN_SCHOOL" || UNABLE_TO_WORK.includes(m.health)) return null;
      return `劳动年龄（${age}周岁）`;
    },
  },
  HEALTH: {
    code: "HEALTH", name: "卫健", fullName: "卫生健康局",
    basis: "患长期慢性病或大病的成员（家庭医生签约、健康帮扶）",
    reason: (m) => (ILL.includes(m.health) ? healthLabel(m.health) : null),
  },
  MEDICAL_SECURITY: {
    code: "MEDICAL_SECURITY", name: "医保", fullName: "医疗保障局",
    basis: "患长期慢性病或大病的成员（基本医保、大病保险、医疗救助）",
    reason: (m) => (ILL.includes(m.health) ? healthLabel(m.health) : null),
  },
  WATER_RESOURCES: {
    code: "WATER_RESOURCES", name: "水利", fullName: "水利局",
    basis: "致贫（返贫）风险含“因灾”的家庭的成员（饮水安全核查）",
    reason: (_m, h) => (h.riskCauses.includes("DISASTER") ? riskLabel("DISASTER") : null),
  },
  HOUSING: {
    code: "HOUSING", name: "住建", fullName: "住房和城乡建设局",
    basis: "致贫（返贫）风险含“因灾”的家庭的成员（住房安全鉴定）",
    reason: (_m, h) => (h.riskCauses.includes("DISASTER") ? riskLabel("DISASTER") : null),
  },
  DISABLED_PERSONS: {
    code: "DISABLED_PERSONS", name: "残联", fullName: "残疾人联合会",
    basis: "残疾成员（A10 健康状况为残疾，或以残疾人证登记）",
    reason: (m) => (m.health === "DISABLED" || m.idType === "DISABILITY_CERT" ? "残疾" : null),
  },
};

/** Whether a household's members are on the lists at all on the date. */
export function isListedHousehold(h: ListHousehold): boolean {
  return h.designation !== null || h.rolledBack;
}

/** The members of a household on a department's list, with the reason for each. */
export function departmentMembers<M extends ListMember>(
  department: DepartmentCode, household: ListHousehold & { members: readonly M[] }, asOf: string,
): { member: M; reason: string }[] {
  if (!isListedHousehold(household)) return [];
  const rule = DEPARTMENTS[department];
  return household.members.flatMap((member: M) => {
    const reason = rule.reason(member, household, asOf);
    return reason === null ? [] : [{ member, reason: reason as string }];
  });
}

/** People on the list now but not before, and on it before but not now, by citizen ID. */
export function listChanges<T extends { idNumber: string }>(previous: readonly T[], current: readonly T[]): { added: T[]; removed: T[] } {
  const key = (x: T) => x.idNumber.slice(0, 18);
  const before = new Set(previous.map(key));
  const now = new Set(current.map(key));
  return { added: current.filter((x) => !before.has(key(x))), removed: previous.filter((x) => !now.has(key(x))) };
}
