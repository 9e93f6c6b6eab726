/**
 * Query keys of everything assistance (帮扶), one factory for the feature:
 * the file, plan, conditions, visits and reviews of a household, the
 * assistance queues and the helper register. Invalidate `all` of a household
 * after a change that touches several parts (a visit changes conditions,
 * the file's deadlines and the visit list).
 */
export const assistanceKeys = {
  all: ["assistance"] as const,
  household: (householdId: string) => [...assistanceKeys.all, "household", householdId] as const,
  file: (householdId: string) => [...assistanceKeys.household(householdId), "file"] as const,
  plan: (householdId: string) => [...assistanceKeys.household(householdId), "plan"] as const,
  conditions: (householdId: string) => [...assistanceKeys.household(householdId), "conditions"] as const,
  visits: (householdId: string, page = 1) => [...assistanceKeys.household(householdId), "visits", page] as const,
  reviews: (householdId: string) => [...assistanceKeys.household(householdId), "reviews"] as const,
  queues: () => [...assistanceKeys.all, "queue"] as const,
  queue: (name: string, params: Record<string, unknown> = {}) => [...assistanceKeys.queues(), name, params] as const,
  helpers: () => [...assistanceKeys.all, "helpers"] as const,
  helperList: (params: Record<string, unknown> = {}) => [...assistanceKeys.helpers(), params] as const,
};
