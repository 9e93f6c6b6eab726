/** Poverty-registration category of a household (DOMAIN.md "Households and their category"). */
export const HOUSEHOLD_CATEGORIES = ["LIFTED_WITH_POLICY", "LIFTED_WITHOUT_POLICY", "ORDINARY"] as const;
export type HouseholdCategory = (typeof HOUSEHOLD_CATEGORIES)[number];

export const HOUSEHOLD_CATEGORY_LABELS: Record<HouseholdCategory, string> = {
  LIFTED_WITH_POLICY: "脱贫享受政策户",
  LIFTED_WITHOUT_POLICY: "脱贫不再享受政策户",
  ORDINARY: "一般农户",
};

/** Designation a case can put on top of the category. */
export const DESIGNATIONS = ["MONITORED", "INSTANT_ASSISTANCE"] as const;
export type Designation = (typeof DESIGNATIONS)[number];

export const DESIGNATION_LABELS: Record<Designation, string> = {
  MONITORED: "脱贫监测户",
  INSTANT_ASSISTANCE: "即时帮扶户",
};
