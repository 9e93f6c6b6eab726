import type { AreaLevel } from "./areas.ts";

export const ROLES = ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN", "HELPER"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  VILLAGE_CADRE: "村级干部",
  TOWNSHIP_STAFF: "乡镇（街道）工作人员",
  DISTRICT_REVIEWER: "区县审核人员",
  CITY_SUPERVISOR: "市级督导人员",
  ADMIN: "系统管理员",
  HELPER: "帮扶责任人",
};

/** The area level each role's user must be bound to. ADMIN may sit at any level. */
export const ROLE_AREA_LEVELS: Record<Role, readonly AreaLevel[]> = {
  VILLAGE_CADRE: ["VILLAGE"],
  TOWNSHIP_STAFF: ["TOWNSHIP"],
  DISTRICT_REVIEWER: ["DISTRICT"],
  CITY_SUPERVISOR: ["CITY"],
  ADMIN: ["PROVINCE", "CITY", "DISTRICT"],
  /** A helper is bound to the area they serve; they see only the households assigned to them there. */
  HELPER: ["DISTRICT", "TOWNSHIP", "VILLAGE"],
};

/**
 * What each role may do at all (403 otherwise). Where the thing lies is a
 * separate question, answered by area scoping (404 outside the subtree).
 */
export const PERMISSIONS = {
  "household.read": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN"],
  "household.write": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "ADMIN"],
  "household.revealId": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN"],
  /** The list as .xlsx with full ID numbers (audited): whoever may read the list and reveal a number, within their area. */
  "household.export": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN"],
  "audit.read": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN"],
  "user.manage": ["ADMIN"],
  /** Check the audit trail's hash chain (decision 014): deployment-wide, it shows positions and counts, no content. */
  "audit.verify": ["ADMIN"],
  "calendar.manage": ["ADMIN"],
  "case.read": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN"],
  /** Which case actions a role may take is the procedures' business (packages/domain/src/procedures). */
  "case.act": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER"],
  "area.read": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN"],
  /**
   * Ledgers, department lists and stored report snapshots (files with full ID numbers; every download is audited).
   * Township staff get their township's ledger and lists; snapshots are the district's, so they see none.
   * Village cadres report through their township and get none.
   */
  "report.read": ["TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN"],
  /**
   * Assistance (帮扶). HELPER holds no household.* permission: it reaches a
   * household only through the assistance routes, and only while assigned to
   * it (apps/api/src/modules/assistance/access.ts); the other roles by area.
   */
  "assistance.read": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN", "HELPER"],
  /** Plans and measures, conditions, incomes and expenses. */
  "assistance.write": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER"],
  /** Assign helpers and set risk classes. */
  "assistance.assign": ["TOWNSHIP_STAFF", "DISTRICT_REVIEWER"],
  /** Record a visit: the helper and the village cadre; the district's random checks are supervisory visits. */
  "visit.record": ["HELPER", "VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER"],
  /** 季度帮扶成效分析: the township's. */
  "review.record": ["TOWNSHIP_STAFF"],
  /** The deployment's rules (GET /api/rules): every signed-in role, a helper's visit form included. */
  "rules.read": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN", "HELPER"],
  "helper.read": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN"],
  "helper.manage": ["TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "ADMIN"],
  /** Leads (线索) and early warnings in the area: the township's queue, the district's backlog, the city's figures. */
  "lead.read": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN"],
  /**
   * Take a clue in (a cadre's visit, a hotline call, the secretary's visit, inspection feedback). A helper's visits
   * reach the township through the visit record and the early-warning rules it feeds (income), not as free clues:
   * HELPER stays confined to the assistance routes of the households assigned to it.
   */
  "lead.receive": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER"],
  /** Verify a lead: open the identification case from it, or dismiss it with a reason (the township's, 周核实). */
  "lead.verify": ["TOWNSHIP_STAFF"],
  /** Upload a department's list (部门筛查预警) and keep its column mapping: the district's. */
  "warning.upload": ["DISTRICT_REVIEWER", "ADMIN"],
  /** The statistics screen of the area (监测统计) and its charts' numbers: every role but the helper. */
  "statistics.read": ["VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN"],
  /** Print the villages' self-report QR posters (一键申报): the township, the district and the administrator. */
  "selfReport.poster": ["TOWNSHIP_STAFF", "DISTRICT_REVIEWER", "ADMIN"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
