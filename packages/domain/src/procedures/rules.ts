import { DESIGNATIONS, type Designation, type HouseholdCategory, type MonitoringType } from "../categories.ts";
import { DEFAULT_ASSISTANCE_RULES, FUZHOU_ASSISTANCE_RULES, type AssistanceRules } from "../assistance/rules.ts";
import {
  FUZHOU_REPORT_CALENDAR, LINYI_REPORT_CALENDAR, NATIONAL_REPORT_CALENDAR, WEIHAI_REPORT_CALENDAR, type ReportCalendar,
} from "../reports/report-calendar.ts";
import { instantAssistanceIdentification } from "./instant-assistance-identification.ts";
import { monitoredIdentification } from "./monitored-identification.ts";
import { monitoringIdentification } from "./monitoring-identification.ts";
import type { DeadlineRule, Procedure, ProcedureKind } from "./procedure.ts";
import type { PublicityDeadlines } from "./publicity-steps.ts";
import { riskElimination } from "./risk-elimination.ts";
import { rollback } from "./rollback.ts";
import { DEFAULT_DETECTION_RULES, type DetectionRules } from "../detection/detection-rules.ts";

/**
 * The rule sets a deployment chooses with LOCAL_RULES (DOMAIN.md "Local
 * rules"): which procedures it runs and with which deadlines, its monitoring
 * types, cross-check items, exclusions, monitoring lines and report days.
 * Another place adds a rule set here, as data; the engine does not change.
 */
export const LOCAL_RULE_PRESETS = ["weihai", "linyi", "fuzhou", "national"] as const;
export type LocalRulePreset = (typeof LOCAL_RULE_PRESETS)[number];

/** A per-capita net income line for a year, for the areas whose code starts with `areaCode` ("" = everywhere). */
export type MonitoringLine = { year: number; areaCode: string; perCapitaYuan: number; source: string };

/**
 * 监督电话 printed on publicity notices for the villages whose code starts with
 * `areaCode` ("" = everywhere): the township's or district's office, or a
 * hotline. The longest matching code wins (objectionPhoneFor).
 */
export type ObjectionPhone = { areaCode: string; phone: string };

/** The national hotline for reports on poverty-alleviation work (12317): every rule set's catch-all until a deployment adds its offices. */
const NATIONAL_HOTLINE: readonly ObjectionPhone[] = [{ areaCode: "", phone: "12317" }];

/** The phone for objections to a notice of this village: the most specific entry of the rule set. */
export function objectionPhoneFor(phones: readonly ObjectionPhone[] | undefined, villageCode: string): ObjectionPhone | null {
  let best: ObjectionPhone | null = null;
  for (const p of phones ?? []) if (villageCode.startsWith(p.areaCode) && (!best || p.areaCode.length > best.areaCode.length)) best = p;
  return best;
}

export type LocalRules = {
  preset: LocalRulePreset;
  name: string;
  procedures: readonly Procedure[];
  /** Empty where the rule set designates by the 2020 categories only. */
  monitoringTypes: readonly MonitoringType[];
  /** Publicity: N calendar days, posted on day P it runs P+1 … P+N; an end on a non-working day may move to the next working day (民法典 art. 203). */
  publicity: { days: number; endsOnWorkingDay: boolean };
  /** 信息比对: the items the district checks with other departments' data (code → label). */
  crossChecks: Readonly<Record<string, string>>;
  /** 十不纳入: the exclusions that bar inclusion (code → text). */
  exclusions: Readonly<Record<string, string>>;
  monitoringLines: readonly MonitoringLine[];
  /** 监督电话 on publicity notices, per area (absent = none). */
  objectionPhones?: readonly ObjectionPhone[];
  /** Report days of the ledger and the department lists (reports/report-calendar.ts). */
  reportCalendar: ReportCalendar;
  /** Helpers, visits, risk classes, reviews and the measure catalogue (assistance/rules.ts). */
  assistance: AssistanceRules;
  /** Leads, their hand-over and verification, merging, the screening report day and the early-warning thresholds (detection/detection-rules.ts). */
  detection: DetectionRules;
};

const working = (days: number): DeadlineRule => ({ days, unit: "WORKING_DAYS", from: "STAGE_START" });

/** 信息比对: the four checks the seeds name (seed 000: 车辆、财政供养人员、工商、不动产). */
const CROSS_CHECKS = {
  VEHICLE: "车辆",
  CIVIL_SERVANT: "财政供养（公职）人员",
  COMPANY: "工商企业",
  REAL_ESTATE: "不动产（商品房）",
} as const;

/**
 * 十不纳入: the seeds cite the exclusions of the provincial dynamic-adjustment
 * rules without listing them; these are the items such rules commonly name.
 * A deployment replaces them with its own text.
 */
const EXCLUSIONS = {
  PUBLIC_EMPLOYEE: "家庭成员中有财政供养人员的",
  VILLAGE_LEADER: "家庭成员中有现任村“两委”主要负责人的",
  CAR: "家庭拥有非生产经营必需的小轿车等机动车辆的",
  MACHINERY: "家庭拥有大型农机具、工程机械等生产资料且经营收入较高的",
  URBAN_HOUSING: "在城镇购买商品房、商铺或自建高标准住房的",
  COMPANY: "家庭成员开办企业、担任法人或股东且正常经营的",
  EMPLOYER: "家庭成员长期雇用他人从事生产经营活动的",
  NOMINAL_HOUSEHOLD: "空挂户、拆户分户或为享受政策弄虚作假的",
  UNVERIFIABLE: "拒不配合调查、家庭经济状况无法核实的",
  HIGH_CONSUMPTION: "有高档消费等明显超出当地困难群众生活水平行为的",
} as const;

/** Weihai's days (威扶贫组发〔2020〕4号) for what the seeds name; the rest are this system's defaults, settable here. */
const PUBLICITY_2020: PublicityDeadlines = { posting: working(2), outcome: working(2), objection: working(3) };
/**
 * Risk elimination ends any designation: a household designated under another rule set (a deployment that moved
 * from the 2020 rules to the national model keeps its 脱贫监测户 and 即时帮扶户) must be able to leave monitoring too.
 */
const ELIMINATION_2020 = { township: working(5), townshipReview: working(3), district: working(3), publicity: PUBLICITY_2020 };

/** Weihai (威扶贫组发〔2020〕4号): 5 / 3 / 5 days; after publicity the district enters the designation (seed 000). */
export const WEIHAI_RULES: LocalRules = {
  preset: "weihai",
  name: "威海市（威扶贫组发〔2020〕4号）",
  procedures: [
    monitoredIdentification({ township: working(5), district: working(3) }),
    instantAssistanceIdentification({ township: working(5), district: working(3), publicity: PUBLICITY_2020, outcomeRole: "DISTRICT_REVIEWER" }),
    rollback({ township: working(5), district: working(3), publicity: PUBLICITY_2020, outcomeRole: "DISTRICT_REVIEWER", records: ["APPRAISAL"], crossCheck: false }),
    riskElimination({ ...ELIMINATION_2020, designations: DESIGNATIONS }),
  ],
  monitoringTypes: [],
  publicity: { days: 5, endsOnWorkingDay: false },
  crossChecks: CROSS_CHECKS,
  exclusions: EXCLUSIONS,
  monitoringLines: [{ year: 2020, areaCode: "", perCapitaYuan: 4500, source: "威海市：略高于4500元" }],
  objectionPhones: NATIONAL_HOTLINE,
  reportCalendar: WEIHAI_REPORT_CALENDAR,
  assistance: DEFAULT_ASSISTANCE_RULES,
  detection: DEFAULT_DETECTION_RULES,
};

/**
 * Linyi (临扶组发〔2020〕14号): the same 5 / 3 / 5 days; the rollback of a
 * 脱贫不再享受政策户 also needs the home survey (入户调查) and the cross-check;
 * the village confirms the publicity's outcome.
 */
export const LINYI_RULES: LocalRules = {
  ...WEIHAI_RULES,
  preset: "linyi",
  name: "临沂市（临扶组发〔2020〕14号）",
  procedures: [
    monitoredIdentification({ township: working(5), district: working(3) }),
    instantAssistanceIdentification({ township: working(5), district: working(3), publicity: PUBLICITY_2020, outcomeRole: "VILLAGE_CADRE" }),
    rollback({ township: working(5), district: working(3), publicity: PUBLICITY_2020, outcomeRole: "VILLAGE_CADRE", records: ["VERIFICATION", "APPRAISAL"], crossCheck: true }),
    riskElimination({ ...ELIMINATION_2020, designations: DESIGNATIONS }),
  ],
  monitoringLines: [{ year: 2020, areaCode: "", perCapitaYuan: 5000, source: "临沂市：人均可支配收入5000元" }],
  objectionPhones: NATIONAL_HOTLINE,
  reportCalendar: LINYI_REPORT_CALENDAR,
  assistance: DEFAULT_ASSISTANCE_RULES,
};

/**
 * Fuzhou (榕扶办〔2020〕19号, seed 003): leads gathered daily and handed over
 * the next day; the township verifies within 5 working days; the county's
 * 扶贫开发领导小组 confirms (the district reviewer acts for it). Monitoring
 * targets are 脱贫不稳定户 and 边缘易致贫户.
 */
export const FUZHOU_RULES: LocalRules = {
  ...WEIHAI_RULES,
  preset: "fuzhou",
  name: "福州市（榕扶办〔2020〕19号）",
  procedures: [
    monitoringIdentification({ township: working(5), district: working(3), village: null, crossCheck: false, limit: null }),
    riskElimination({ ...ELIMINATION_2020, designations: DESIGNATIONS }),
  ],
  monitoringTypes: ["UNSTABLE_LIFTED", "EDGE_AT_RISK"],
  monitoringLines: [{ year: 2019, areaCode: "", perCapitaYuan: 8400, source: "福州市：2019年低保线8400元" }],
  objectionPhones: NATIONAL_HOTLINE,
  reportCalendar: FUZHOU_REPORT_CALENDAR,
  assistance: FUZHOU_ASSISTANCE_RULES,
};

const PUBLICITY_NATIONAL: PublicityDeadlines = { posting: working(1), outcome: working(1), objection: working(3) };

/**
 * The national model (2021 on): three monitoring types; identification within
 * 15 days of the first clue, each stage with its own limit inside that; risk
 * elimination modelled on identification.
 */
export const NATIONAL_RULES: LocalRules = {
  preset: "national",
  name: "全国防止返贫监测帮扶机制（2021年起）",
  procedures: [
    monitoringIdentification({
      township: working(5), district: working(3), crossCheck: true,
      village: { publicity: PUBLICITY_NATIONAL, townshipReview: working(2) },
      limit: { days: 15, unit: "CALENDAR_DAYS", from: "FIRST_CLUE" },
    }),
    riskElimination({
      township: working(5), townshipReview: working(3), district: working(3), publicity: PUBLICITY_2020, designations: DESIGNATIONS,
    }),
  ],
  monitoringTypes: ["UNSTABLE_LIFTED", "EDGE_AT_RISK", "SUDDEN_HARDSHIP"],
  publicity: { days: 5, endsOnWorkingDay: false },
  crossChecks: CROSS_CHECKS,
  exclusions: EXCLUSIONS,
  monitoringLines: [{ year: 2021, areaCode: "", perCapitaYuan: 6000, source: "2021年全国参考线6000元，各省每年自定" }],
  objectionPhones: NATIONAL_HOTLINE,
  reportCalendar: NATIONAL_REPORT_CALENDAR,
  assistance: DEFAULT_ASSISTANCE_RULES,
  detection: {
    ...DEFAULT_DETECTION_RULES,
    // The national reference line (2021: 6,000 yuan); provinces set their own each year.
    earlyWarnings: [{ year: 2021, incomeLineFactor: 1, rigidExpenseShareOfIncome: 1, incomeDropPercent: 30 }],
  },
};

export const RULE_SETS: Record<LocalRulePreset, LocalRules> = {
  weihai: WEIHAI_RULES, linyi: LINYI_RULES, fuzhou: FUZHOU_RULES, national: NATIONAL_RULES,
};

export function ruleSet(preset: string): LocalRules | undefined {
  return (LOCAL_RULE_PRESETS as readonly string[]).includes(preset) ? RULE_SETS[preset as LocalRulePreset] : undefined;
}

export function procedureIn(rules: LocalRules, kind: string): Procedure | undefined {
  return rules.procedures.find((p) => p.kind === kind);
}

/** Whether the procedure may start for a household of this category and designation. */
export function appliesTo(procedure: Procedure, household: { category: HouseholdCategory; designation: Designation | null }): boolean {
  return procedure.appliesTo.categories.includes(household.category) && procedure.appliesTo.designations.includes(household.designation);
}

/** The procedure a case opens by default: the identification procedure for the household (none when it is already monitored). */
export function identificationFor(rules: LocalRules, household: { category: HouseholdCategory; designation: Designation | null }): Procedure | undefined {
  return rules.procedures.find((p) => p.purpose === "IDENTIFICATION" && appliesTo(p, household));
}

/** The procedures a household may start now (the SPA offers these). */
export function proceduresFor(rules: LocalRules, household: { category: HouseholdCategory; designation: Designation | null }): Procedure[] {
  return rules.procedures.filter((p) => appliesTo(p, household));
}

/**
 * The monitoring line of a year for an area: the most specific line of that
 * year; a year without a line uses the latest earlier year's (lines are set
 * yearly, and a new year's may not be published yet). Undefined: no line.
 */
export function monitoringLineFor(rules: Pick<LocalRules, "monitoringLines">, year: number, villageCode: string): MonitoringLine | undefined {
  const lines = rules.monitoringLines.filter((l) => l.year <= year && villageCode.startsWith(l.areaCode));
  return lines.sort((a, b) => b.year - a.year || b.areaCode.length - a.areaCode.length)[0];
}

export const procedureKindsOf = (rules: LocalRules): ProcedureKind[] => rules.procedures.map((p) => p.kind);
