/** Poverty-registration category of a household (DOMAIN.md "Households and their category"). */
export const HOUSEHOLD_CATEGORIES = ["LIFTED_WITH_POLICY", "LIFTED_WITHOUT_POLICY", "ORDINARY"] as const;
export type HouseholdCategory = (typeof HOUSEHOLD_CATEGORIES)[number];

export const HOUSEHOLD_CATEGORY_LABELS: Record<HouseholdCategory, string> = {
  LIFTED_WITH_POLICY: "脱贫享受政策户",
  LIFTED_WITHOUT_POLICY: "脱贫不再享受政策户",
  ORDINARY: "一般农户",
};

/** Designation a case can put on top of the category. */
export const DESIGNATIONS = ["MONITORED", "INSTANT_ASSISTANCE", "MONITORING_TARGET"] as const;
export type Designation = (typeof DESIGNATIONS)[number];

export const DESIGNATION_LABELS: Record<Designation, string> = {
  MONITORED: "脱贫监测户",
  INSTANT_ASSISTANCE: "即时帮扶户",
  MONITORING_TARGET: "监测对象",
};

/** 监测对象类型 of the national model: chosen at identification, independent of the category. */
export const MONITORING_TYPES = ["UNSTABLE_LIFTED", "EDGE_AT_RISK", "SUDDEN_HARDSHIP"] as const;
export type MonitoringType = (typeof MONITORING_TYPES)[number];

export const MONITORING_TYPE_LABELS: Record<MonitoringType, string> = {
  UNSTABLE_LIFTED: "脱贫不稳定户",
  EDGE_AT_RISK: "边缘易致贫户",
  SUDDEN_HARDSHIP: "突发严重困难户",
};
