import type { QueryClient } from "@tanstack/react-query";

/**
 * Every query key of the SPA, one factory per resource. A key always starts
 * with its resource, so `invalidateQueries({ queryKey: keys.all })` reaches
 * every query of it; nothing else in the SPA spells a key out.
 */
export const caseKeys = {
  all: ["cases"] as const,
  lists: () => [...caseKeys.all, "list"] as const,
  list: (query: unknown) => [...caseKeys.lists(), query] as const,
  detail: (id: string) => [...caseKeys.all, "detail", id] as const,
};

/** Queues, their counts and the district overview: all read the same deadlines. */
export const queueKeys = {
  all: ["queues"] as const,
  queue: (name: string, query: unknown) => [...queueKeys.all, name, query] as const,
  overview: () => [...queueKeys.all, "district-overview"] as const,
  /** The workbench's tab counts (GET /api/queues/counts): case and assistance queues. */
  countsAll: () => [...queueKeys.all, "counts"] as const,
  counts: (query: unknown) => [...queueKeys.countsAll(), query] as const,
};

/** Leads (线索核实): the list with its buckets, one lead, the district's backlog and the figures. */
export const leadKeys = {
  all: ["leads"] as const,
  lists: () => [...leadKeys.all, "list"] as const,
  list: (query: unknown) => [...leadKeys.lists(), query] as const,
  detail: (id: string) => [...leadKeys.all, "detail", id] as const,
  backlog: () => [...leadKeys.all, "backlog"] as const,
  figures: (query: unknown) => [...leadKeys.all, "figures", query] as const,
};

/**
 * What a lead's change makes stale: every lead query, the workbench's counts
 * (its 线索核实 entry), the bell (a lead's overdue notice), and the case lists
 * (立案 opens a case).
 */
export function invalidateAfterLeadChange(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: leadKeys.all }),
    queryClient.invalidateQueries({ queryKey: queueKeys.all }),
    queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
    queryClient.invalidateQueries({ queryKey: caseKeys.lists() }),
  ]);
}

export const householdKeys = {
  all: ["households"] as const,
  lists: () => [...householdKeys.all, "list"] as const,
  list: (query: unknown) => [...householdKeys.lists(), query] as const,
  detail: (id: string) => [...householdKeys.all, "detail", id] as const,
  histories: (id: string) => [...householdKeys.all, "history", id] as const,
  history: (id: string, page: unknown) => [...householdKeys.histories(id), page] as const,
  /** 监测预警 of a household (GET /api/households/:id/early-warnings). */
  earlyWarnings: (id: string) => [...householdKeys.all, "early-warnings", id] as const,
};

export const importKeys = {
  all: ["imports"] as const,
  job: (id: string) => [...importKeys.all, "job", id] as const,
  mine: () => [...importKeys.all, "mine"] as const,
};

/** 部门筛查预警: the district's uploads, saved column mappings, and a household's warnings. */
export const departmentWarningKeys = {
  all: ["department-warnings"] as const,
  job: (id: string) => [...departmentWarningKeys.all, "job", id] as const,
  mine: () => [...departmentWarningKeys.all, "mine"] as const,
  mapping: (department: string) => [...departmentWarningKeys.all, "mapping", department] as const,
  household: (householdId: string) => [...departmentWarningKeys.all, "household", householdId] as const,
};

export const userKeys = {
  all: ["users"] as const,
  lists: () => [...userKeys.all, "list"] as const,
  list: (query: unknown) => [...userKeys.lists(), query] as const,
};

export const meKeys = {
  all: ["auth", "me"] as const,
};

export const notificationKeys = {
  all: ["notifications"] as const,
  list: (query: unknown) => [...notificationKeys.all, query] as const,
};

export const publicityKeys = {
  all: ["publicity"] as const,
  list: () => [...publicityKeys.all, "list"] as const,
  notice: (villageId: number, period: string, postedOn: string | null) => [...publicityKeys.all, "notice", villageId, period, postedOn] as const,
};

export const reportKeys = {
  all: ["report-snapshots"] as const,
  list: (query: unknown) => [...reportKeys.all, "list", query] as const,
};

/** 监测统计 of an area (null: the user's own). */
export const statisticsKeys = {
  all: ["statistics"] as const,
  area: (areaId: number | null) => [...statisticsKeys.all, areaId] as const,
};

export const auditKeys = {
  all: ["audit"] as const,
  chain: () => [...auditKeys.all, "chain"] as const,
};

export const areaKeys = {
  all: ["areas"] as const,
  tree: (maxLevel: unknown) => [...areaKeys.all, maxLevel] as const,
};

/** The public self-report page (no session): the village picker and a report's status. */
export const selfReportKeys = {
  all: ["self-report"] as const,
  areas: (parentCode: string | null) => [...selfReportKeys.all, "areas", parentCode] as const,
  village: (code: string) => [...selfReportKeys.all, "village", code] as const,
};

export const rulesKeys = {
  all: ["rules"] as const,
  /** undefined: the deployment's own. */
  preset: (preset: string | undefined) => [...rulesKeys.all, preset ?? "deployment"] as const,
};

/** Every calendar query: a change to the calendar invalidates them all at once. */
export const calendarKeys = {
  all: ["calendar"] as const,
};

/**
 * Assistance (帮扶): the file, plan, conditions, visits and reviews of a
 * household, the assistance queues and the helper register. Invalidate a
 * household's `household(id)` after a change that touches several parts.
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

/** What a change to an assistance file makes stale: the assistance queues and the workbench's tab counts. */
export function invalidateAssistanceQueues(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: assistanceKeys.queues() }),
    queryClient.invalidateQueries({ queryKey: queueKeys.countsAll() }),
  ]);
}

/**
 * What a change to a case makes stale: the case lists, every queue and its
 * counts, the bell, the publicity lists (a posting or an approval moves a
 * case on or off a notice), the household (designation; the verified
 * collection form becomes its data) and its assistance file.
 */
export function invalidateAfterCaseChange(queryClient: QueryClient, householdId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: caseKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: queueKeys.all }),
    queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
    queryClient.invalidateQueries({ queryKey: publicityKeys.all }),
    queryClient.invalidateQueries({ queryKey: householdKeys.detail(householdId) }),
    queryClient.invalidateQueries({ queryKey: householdKeys.histories(householdId) }),
    queryClient.invalidateQueries({ queryKey: householdKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: assistanceKeys.household(householdId) }),
    queryClient.invalidateQueries({ queryKey: assistanceKeys.queues() }),
  ]);
}
