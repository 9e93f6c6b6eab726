/**
 * Assistance (帮扶) as rule data: who must be assigned by when, how often a
 * household must be visited, what the ABC risk classes mean, when the
 * quarterly review is due and the catalogue of measures. The seeds fix
 * "a visit at least once a month" and "a quarterly look" (seed 003 §三) and
 * name the ABC model without thresholds (seed 004); the values below are
 * this project's defaults and a deployment replaces them.
 */

/** Kinds of measure (帮扶措施类型), as the seeds group them. */
export const MEASURE_TYPES = {
  BASIC_LIVING: "兜底保障",
  INCOME: "产业就业增收",
  EDUCATION: "教育保障",
  HEALTH: "健康保障",
  HOUSING: "住房安全保障",
  WATER: "饮水安全保障",
  DISASTER: "灾害救助",
  SOCIAL: "社会帮扶",
  OTHER: "其他",
} as const;
export type MeasureType = keyof typeof MEASURE_TYPES;
export const MEASURE_TYPE_CODES = Object.keys(MEASURE_TYPES) as [MeasureType, ...MeasureType[]];

/**
 * Departments responsible for measures. The first eight are the departments
 * that receive lists (reports/departments.ts); a measure of one of them
 * appears on that department's list.
 */
export const MEASURE_DEPARTMENTS = {
  CIVIL_AFFAIRS: "民政局",
  EDUCATION: "教育局",
  HUMAN_RESOURCES: "人力资源和社会保障局",
  HEALTH: "卫生健康局",
  MEDICAL_SECURITY: "医疗保障局",
  WATER_RESOURCES: "水利局",
  HOUSING: "住房和城乡建设局",
  DISABLED_PERSONS: "残疾人联合会",
  RURAL_REVITALIZATION: "乡村振兴局（扶贫办）",
  AGRICULTURE: "农业农村局",
  DEVELOPMENT_REFORM: "发展和改革局",
  EMERGENCY: "应急管理局",
  CHARITY: "慈善总会",
  TOWNSHIP: "乡镇（街道）",
} as const;
export type MeasureDepartment = keyof typeof MEASURE_DEPARTMENTS;
export const MEASURE_DEPARTMENT_CODES = Object.keys(MEASURE_DEPARTMENTS) as [MeasureDepartment, ...MeasureDepartment[]];

/** How often a measure pays or is delivered. */
export const MEASURE_PERIODS = { ONCE: "一次性", MONTHLY: "每月", TERM: "每学期", YEARLY: "每年" } as const;
export type MeasurePeriod = keyof typeof MEASURE_PERIODS;
export const MEASURE_PERIOD_CODES = Object.keys(MEASURE_PERIODS) as [MeasurePeriod, ...MeasurePeriod[]];

export type MeasureCatalogueItem = {
  code: string;
  name: string;
  type: MeasureType;
  department: MeasureDepartment;
  /** The standard amount in yuan per period, where the seeds give one (雨露计划 1,500 a term). */
  amountYuan: number | null;
  period: MeasurePeriod | null;
  /** Where the standard comes from, or what the amount means. */
  note: string | null;
};

const item = (
  code: string, name: string, type: MeasureType, department: MeasureDepartment,
  amountYuan: number | null = null, period: MeasurePeriod | null = null, note: string | null = null,
): MeasureCatalogueItem => ({ code, name, type, department, amountYuan, period, note });

/** The measures the seeds name (seed 000 §六, seed 001, seed 002 §三, seed 003 §三). */
export const DEFAULT_MEASURE_CATALOGUE: readonly MeasureCatalogueItem[] = [
  item("DIBAO", "低保", "BASIC_LIVING", "CIVIL_AFFAIRS", null, "MONTHLY", "按当地低保标准"),
  item("TEKUN", "特困供养", "BASIC_LIVING", "CIVIL_AFFAIRS", null, "MONTHLY"),
  item("TEMPORARY_RELIEF", "临时救助", "BASIC_LIVING", "CIVIL_AFFAIRS", null, "ONCE"),
  item("MEDICAL_AID", "医疗救助", "HEALTH", "MEDICAL_SECURITY", null, "ONCE"),
  item("DISABILITY_SUBSIDIES", "残疾人两项补贴", "BASIC_LIVING", "DISABLED_PERSONS", null, "MONTHLY", "困难残疾人生活补贴和重度残疾人护理补贴"),
  item("EMPLOYMENT", "就业帮扶", "INCOME", "HUMAN_RESOURCES"),
  item("PUBLIC_WELFARE_JOB", "公益岗位", "INCOME", "HUMAN_RESOURCES", null, "MONTHLY"),
  item("POVERTY_WORKSHOP", "扶贫车间就业", "INCOME", "HUMAN_RESOURCES"),
  item("MICRO_CREDIT", "小额信贷", "INCOME", "RURAL_REVITALIZATION", null, "ONCE", "扶贫小额信贷"),
  item("INDUSTRY_DIVIDEND", "产业/光伏分红", "INCOME", "AGRICULTURE", null, "YEARLY"),
  item("WORK_RELIEF", "以工代赈", "INCOME", "DEVELOPMENT_REFORM"),
  item("RAIN_DEW", "雨露计划", "EDUCATION", "EDUCATION", 1500, "TERM", "每学期 1,500 元"),
  item("EDUCATION_AID", "教育资助", "EDUCATION", "EDUCATION", null, "TERM"),
  item("DROPOUT_CONTROL", "控辍保学", "EDUCATION", "EDUCATION"),
  item("BASIC_INSURANCE_SUBSIDY", "基本医保个人缴费补贴", "HEALTH", "MEDICAL_SECURITY", null, "YEARLY"),
  item("SERIOUS_ILLNESS_INSURANCE", "大病保险", "HEALTH", "MEDICAL_SECURITY", null, "YEARLY"),
  item("SPECIAL_INSURANCE", "扶贫特惠保险", "HEALTH", "RURAL_REVITALIZATION", 458, "YEARLY", "每人每年 450 + 8 元"),
  item("DANGEROUS_HOUSE", "危房改造", "HOUSING", "HOUSING", null, "ONCE", "C/D 级危房鉴定与改造"),
  item("DRINKING_WATER", "饮水安全", "WATER", "WATER_RESOURCES", null, "ONCE"),
  item("DISASTER_RELIEF", "灾害救助", "DISASTER", "EMERGENCY", null, "ONCE"),
  item("CHARITY", "慈善救助", "SOCIAL", "CHARITY", null, "ONCE"),
  item("OTHER", "其他", "OTHER", "TOWNSHIP"),
];

/** 计划 → 落实中 → 已落实, or 终止 with a reason. A delivered measure can still stop (低保 ends). */
export const MEASURE_STATES = { PLANNED: "计划", IN_PROGRESS: "落实中", DELIVERED: "已落实", STOPPED: "终止" } as const;
export type MeasureState = keyof typeof MEASURE_STATES;
export const MEASURE_STATE_CODES = Object.keys(MEASURE_STATES) as [MeasureState, ...MeasureState[]];
export const MEASURE_TRANSITIONS: Record<MeasureState, readonly MeasureState[]> = {
  PLANNED: ["IN_PROGRESS", "DELIVERED", "STOPPED"],
  IN_PROGRESS: ["DELIVERED", "STOPPED"],
  DELIVERED: ["STOPPED"],
  STOPPED: [],
};

/** ABC三类管理 (seed 004): the class a monitored household carries and how often it must be visited. */
export const RISK_CLASS_CODES = ["A", "B", "C"] as const;
export type RiskClass = (typeof RISK_CLASS_CODES)[number];
export type RiskClassRule = { code: RiskClass; label: string; meaning: string; visitEveryDays: number };

/** Helper assignment roles: the lead helper (挂钩帮扶责任人) and the village contact (结对帮扶党员/村干部). */
export const ASSIGNMENT_ROLES = { LEAD: "帮扶责任人", VILLAGE_CONTACT: "村级结对联系人" } as const;
export type AssignmentRole = keyof typeof ASSIGNMENT_ROLES;
export const ASSIGNMENT_ROLE_CODES = Object.keys(ASSIGNMENT_ROLES) as [AssignmentRole, ...AssignmentRole[]];

export type AssistanceRules = {
  /** A newly designated household (or an assist-first case) gets its lead helper within N working days. */
  assignWithinWorkingDays: number;
  /** Fuzhou pairs a cadre of deputy-section rank or above with a village party member (seed 003). */
  villageContactRequired: boolean;
  /** The lead helper's minimum rank where the rule names one (副科级以上), else null. */
  leadMinimumRank: string | null;
  /** A household without a class is visited every N calendar days (at least monthly). */
  visitEveryDays: number;
  /** A visit deadline that falls on a non-working day moves to the next working day. */
  visitDueOnWorkingDay: boolean;
  riskClasses: readonly RiskClassRule[];
  /** The class a file opens with, at designation (the township revises it at visits and reviews); null: none until set. */
  initialRiskClass: RiskClass | null;
  /** The quarterly review (季度帮扶成效分析) of quarter Q is due N working days after Q's last day. */
  reviewDueWorkingDaysAfterQuarter: number;
  measureCatalogue: readonly MeasureCatalogueItem[];
};

export const DEFAULT_RISK_CLASSES: readonly RiskClassRule[] = [
  { code: "A", label: "A类（高风险）", meaning: "返贫致贫风险高、收入低于监测线或有未解决的刚性支出，重点跟踪", visitEveryDays: 15 },
  { code: "B", label: "B类（一般风险）", meaning: "存在风险、帮扶措施正在落实，常规跟踪", visitEveryDays: 30 },
  { code: "C", label: "C类（风险基本稳定）", meaning: "帮扶措施已落实、风险趋于稳定，拟风险消除", visitEveryDays: 30 },
];

export const DEFAULT_ASSISTANCE_RULES: AssistanceRules = {
  assignWithinWorkingDays: 5,
  villageContactRequired: false,
  leadMinimumRank: null,
  visitEveryDays: 30,
  visitDueOnWorkingDay: true,
  riskClasses: DEFAULT_RISK_CLASSES,
  // 一般风险 until someone has looked: measures are being put in place (the township revises it).
  initialRiskClass: "B",
  reviewDueWorkingDaysAfterQuarter: 10,
  measureCatalogue: DEFAULT_MEASURE_CATALOGUE,
};

/** Fuzhou (seed 003 §三.3): a 副科级以上 cadre and a village party member per household, a visit a month. */
export const FUZHOU_ASSISTANCE_RULES: AssistanceRules = {
  ...DEFAULT_ASSISTANCE_RULES,
  villageContactRequired: true,
  leadMinimumRank: "副科级以上",
};

export const riskClassRule = (rules: AssistanceRules, code: string | null): RiskClassRule | null =>
  rules.riskClasses.find((c) => c.code === code) ?? null;

export const catalogueItem = (rules: AssistanceRules, code: string): MeasureCatalogueItem | null =>
  rules.measureCatalogue.find((m) => m.code === code) ?? null;
