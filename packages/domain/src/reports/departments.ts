import type { Designation } from "../categories.ts";
import { HEALTH, SCHOOL_STATUS } from "../collection-form.ts";
import { CONDITION_KINDS, conditionValueLabel, latestConditions, type ConditionFact } from "../assistance/conditions.ts";
import { MEASURE_STATES, type MeasureDepartment, type MeasureState, type MeasureType } from "../assistance/rules.ts";

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
 * 住建 and 水利 read what is tracked of the household (assistance/conditions.ts):
 * its latest housing-safety grade and drinking-water observation on the date.
 * Every department's list also takes the members of households with a
 * measure of that department (assistance/rules.ts MEASURE_DEPARTMENTS) that
 * was running on the date, naming the measure and its state.
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
  /** The latest observation of each tracked condition on the date (none: nothing tracked). */
  conditions?: readonly ConditionFact[];
  /** The measures of the household's plan running on the date (not stopped by then). */
  measures?: readonly ListMeasure[];
};

export type ListMeasure = { name: string; type: MeasureType; department: MeasureDepartment; state: MeasureState };

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

const observed = (h: ListHousehold, kind: ConditionFact["kind"]) => latestConditions(h.conditions ?? [])[kind] ?? null;
const conditionReason = (f: ConditionFact) => `${CONDITION_KINDS[f.kind]}：${conditionValueLabel(f.kind, f.value)}（${f.observedOn}）`;
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
    basis: "全部脱贫监测户、即时帮扶户和回退户的家庭成员（低保、特困供养、临时救助）；以及有本部门负责的帮扶措施的家庭的成员",
    reason: (_m, h) => (h.designation ? "监测帮扶对象" : "回退户"),
  },
  EDUCATION: {
    code: "EDUCATION", name: "教育", fullName: "教育局",
    basis: "在校学生（学前教育至研究生，A9 在校状况非“非在校生”）；以及有本部门负责的帮扶措施的家庭的成员",
    reason: (m) => (m.schoolStatus !== "NOT_IN_SCHOOL" ? `在校：${schoolLabel(m.schoolStatus)}` : null),
  },
  HUMAN_RESOURCES: {
    code: "HUMAN_RESOURCES", name: "人社", fullName: "人力资源和社会保障局",
    basis: `劳动年龄内（${WORKING_AGE.from}至${WORKING_AGE.below - 1}周岁）、非在校且未患大病或残疾、有劳动能力的成员；以及有本部门负责的帮扶措施的家庭的成员`,
    reason: (m, _h, asOf) => {
      const age = ageOn(m.idNumber, asOf);
      if (age === null || age < WORKING_AGE.from || age >= WORKING_AGE.below) return null;
      if (m.schoolStatus !== "NOT_IN_SCHOOL" || UNABLE_TO_WORK.includes(m.health)) return null;
      return `劳动年龄（${age}周岁）`;
    },
  },
  HEALTH: {
    code: "HEALTH", name: "卫健", fullName: "卫生健康局",
    basis: "患长期慢性病或大病的成员（家庭医生签约、健康帮扶）；以及有本部门负责的帮扶措施的家庭的成员",
    reason: (m) => (ILL.includes(m.health) ? healthLabel(m.health) : null),
  },
  MEDICAL_SECURITY: {
    code: "MEDICAL_SECURITY", name: "医保", fullName: "医疗保障局",
    basis: "患长期慢性病或大病的成员（基本医保、大病保险、医疗救助）；以及有本部门负责的帮扶措施的家庭的成员",
    reason: (m) => (ILL.includes(m.health) ? healthLabel(m.health) : null),
  },
  WATER_RESOURCES: {
    code: "WATER_RESOURCES", name: "水利", fullName: "水利局",
    basis: "最近一次饮水安全（水质、水量）记录为“无保障”的家庭，或有饮水安全保障措施、水利局负责的帮扶措施的家庭的成员",
    reason: (_m, h) => {
      const water = observed(h, "DRINKING_WATER");
      return water && water.value === "NOT_MET" ? conditionReason(water) : null;
    },
  },
  HOUSING: {
    code: "HOUSING", name: "住建", fullName: "住房和城乡建设局",
    basis: "最近一次住房安全等级鉴定为 C 级或 D 级（危房）的家庭，或有住房安全保障措施、住建局负责的帮扶措施的家庭的成员",
    reason: (_m, h) => {
      const house = observed(h, "HOUSING_SAFETY");
      return house && (house.value === "C" || house.value === "D") ? conditionReason(house) : null;
    },
  },
  DISABLED_PERSONS: {
    code: "DISABLED_PERSONS", name: "残联", fullName: "残疾人联合会",
    basis: "残疾成员（A10 健康状况为残疾，或以残疾人证登记）；以及有本部门负责的帮扶措施的家庭的成员",
    reason: (m) => (m.health === "DISABLED" || m.idType === "DISABILITY_CERT" ? "残疾" : null),
  },
};

/** The measure type that also puts a household on a department's list, whoever is responsible for it. */
const MEASURE_TYPE_OF_DEPARTMENT: Partial<Record<DepartmentCode, MeasureType>> = { HOUSING: "HOUSING", WATER_RESOURCES: "WATER" };

/** The household's running measures that concern a department, as the list names them ("帮扶措施：雨露计划（落实中）"). */
export function measureReasons(department: DepartmentCode, household: ListHousehold): string[] {
  const type = MEASURE_TYPE_OF_DEPARTMENT[department];
  return (household.measures ?? [])
    .filter((m) => m.department === department || (type !== undefined && m.type === type))
    .map((m) => `帮扶措施：${m.name}（${MEASURE_STATES[m.state]}）`);
}

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
  const measures = measureReasons(department, household);
  return household.members.flatMap((member: M) => {
    const reasons = [rule.reason(member, household, asOf), ...measures].filter((r): r is string => r !== null);
    return reasons.length ? [{ member, reason: reasons.join("；") }] : [];
  });
}

/** People on the list now but not before, and on it before but not now, by citizen ID. */
export function listChanges<T extends { idNumber: string }>(previous: readonly T[], current: readonly T[]): { added: T[]; removed: T[] } {
  const key = (x: T) => x.idNumber.slice(0, 18);
  const before = new Set(previous.map(key));
  const now = new Set(current.map(key));
  return { added: current.filter((x) => !before.has(key(x))), removed: previous.filter((x) => !now.has(key(x))) };
}
