import type { Designation, HouseholdCategory } from "../categories.ts";
import type { Transition } from "./actions.ts";
import { LIFTED_WITH_POLICY_PROCEDURE } from "./lifted-with-policy.ts";
import { LIFTED_WITHOUT_POLICY_PROCEDURE } from "./lifted-without-policy.ts";
import { ORDINARY_PROCEDURE } from "./ordinary.ts";

/** One category's procedure: its transitions and what completing it does to the household. */
export type Procedure = {
  category: HouseholdCategory;
  title: string;
  outcome: { designation: Designation } | { category: HouseholdCategory };
  transitions: readonly Transition[];
};

export function procedureFor(category: HouseholdCategory): Procedure {
  return PROCEDURES[category];
}

const PROCEDURES: Record<HouseholdCategory, Procedure> = {
  LIFTED_WITH_POLICY: LIFTED_WITH_POLICY_PROCEDURE,
  ORDINARY: ORDINARY_PROCEDURE,
  LIFTED_WITHOUT_POLICY: LIFTED_WITHOUT_POLICY_PROCEDURE,
};
