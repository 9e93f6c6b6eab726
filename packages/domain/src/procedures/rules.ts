import type { HouseholdCategory } from "../categories.ts";
import { LINYI_REPORT_CALENDAR, WEIHAI_REPORT_CALENDAR, type ReportCalendar } from "../reports/report-calendar.ts";

/**
 * Local rules of a deployment (DOMAIN.md "Local rules"): deadlines, which
 * steps each procedure has, the cross-checks and the exclusions. Weihai's
 * rules (威扶贫组发〔2020〕4号: 5 / 3 / 5 days) are the default; another
 * place changes this data, not the code.
 */
export type TownshipRecord = "VERIFICATION" | "APPRAISAL";

export type ProcedureRules = {
  /** Records the township stage needs before the case can go to the district. */
  townshipRecords: readonly TownshipRecord[];
  /** The district's information cross-check (信息比对) is part of its review. */
  crossCheck: boolean;
  /** Village publicity (村内公示) after the district's approval. */
  publicity: boolean;
};

export type LocalRules = {
  name: string;
  /** Township verification / collection / appraisal: within N working days (start day not counted). */
  townshipWorkingDays: number;
  /** District review: within N working days of submission. */
  districtWorkingDays: number;
  /** Publicity: N calendar days, posted on day P it runs P+1 … P+N. */
  publicityDays: number;
  /** Move a publicity end that falls on a non-working day to the next working day (民法典 art. 203). */
  publicityEndsOnWorkingDay: boolean;
  /** Not set by the seeds: how long the village has to post the notice, and to record the outcome, and the district to decide an objection. */
  publicityPostingWorkingDays: number;
  outcomeWorkingDays: number;
  objectionDecisionWorkingDays: number;
  procedures: Record<HouseholdCategory, ProcedureRules>;
  /** Report days of the ledger and the department lists (packages/domain/src/reports/report-calendar.ts). */
  reportCalendar: ReportCalendar;
};

export const WEIHAI_RULES: LocalRules = {
  name: "威海市（威扶贫组发〔2020〕4号）",
  townshipWorkingDays: 5,
  districtWorkingDays: 3,
  publicityDays: 5,
  publicityEndsOnWorkingDay: false,
  publicityPostingWorkingDays: 2,
  outcomeWorkingDays: 2,
  objectionDecisionWorkingDays: 3,
  procedures: {
    // 返贫风险信息入户核实 → 区市审核 → 标注为脱贫监测户; no appraisal, no publicity.
    LIFTED_WITH_POLICY: { townshipRecords: ["VERIFICATION"], crossCheck: false, publicity: false },
    // 入户采集（采集表）+ 村级民主评议 → 区市审核与信息比对 → 村内公示 → 即时帮扶人口.
    ORDINARY: { townshipRecords: ["VERIFICATION", "APPRAISAL"], crossCheck: true, publicity: true },
    // 村级评议 → 区市审核 → 公示 → 回退为脱贫享受政策户 (Linyi adds a home survey: add "VERIFICATION").
    LIFTED_WITHOUT_POLICY: { townshipRecords: ["APPRAISAL"], crossCheck: false, publicity: true },
  },
  reportCalendar: WEIHAI_REPORT_CALENDAR,
};

/**
 * Linyi (临扶组发〔2020〕14号): the same 5 / 3 / 5 days; the rollback of a
 * 脱贫不再享受政策户 also needs the home survey (入户调查) before appraisal.
 */
export const LINYI_RULES: LocalRules = {
  ...WEIHAI_RULES,
  name: "临沂市（临扶组发〔2020〕14号）",
  procedures: {
    ...WEIHAI_RULES.procedures,
    LIFTED_WITHOUT_POLICY: { townshipRecords: ["VERIFICATION", "APPRAISAL"], crossCheck: true, publicity: true },
  },
  reportCalendar: LINYI_REPORT_CALENDAR,
};

/** The rule sets a deployment can choose with LOCAL_RULES. */
export const LOCAL_RULE_PRESETS = { weihai: WEIHAI_RULES, linyi: LINYI_RULES } as const;
export type LocalRulePreset = keyof typeof LOCAL_RULE_PRESETS;

/** 信息比对: the four checks the district runs with other departments' data. */
export const CROSS_CHECKS = {
  VEHICLE: "车辆",
  CIVIL_SERVANT: "财政供养（公职）人员",
  COMPANY: "工商企业",
  REAL_ESTATE: "不动产（商品房）",
} as const;
export type CrossCheck = keyof typeof CROSS_CHECKS;

/**
 * 十不纳入: the seeds cite the exclusions of the provincial dynamic-adjustment
 * rules without listing them; these are the items such rules commonly name.
 * A deployment replaces them with its own text.
 */
export const EXCLUSIONS = {
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
export type Exclusion = keyof typeof EXCLUSIONS;
