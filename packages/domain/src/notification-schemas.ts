import { z } from "zod";
import { ZPageQuery } from "./pagination.ts";
import { CASE_STAGES } from "./procedures/stages.ts";
import type { Role } from "./roles.ts";
import "./zod-zh.ts";

/**
 * In-app notices about stage deadlines (提醒). The system writes one notice
 * per case, stage start and kind; users see the notices of their role within
 * their area.
 */
export const NOTIFICATION_KINDS = ["DUE_NEXT_WORKING_DAY", "OVERDUE", "ASSIGNMENT_OVERDUE", "VISIT_OVERDUE", "REVIEW_OVERDUE"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** Household-level assistance notices (帮扶): no case, a household instead. */
export const HOUSEHOLD_NOTIFICATION_KINDS = ["ASSIGNMENT_OVERDUE", "VISIT_OVERDUE", "REVIEW_OVERDUE"] as const;

/**
 * Roles that oversee every stage in their area: besides their own stages'
 * notices they see the OVERDUE notice of every overdue case in the area,
 * whoever owns its stage, so their bell lists the overdue cases their
 * overview (GET /api/queues/district-overview) counts.
 */
export const OVERSEEING_ROLES = ["DISTRICT_REVIEWER", "CITY_SUPERVISOR", "ADMIN"] as const satisfies readonly Role[];
export const oversees = (role: Role) => (OVERSEEING_ROLES as readonly Role[]).includes(role);

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  DUE_NEXT_WORKING_DAY: "下一个工作日到期",
  OVERDUE: "已逾期",
  ASSIGNMENT_OVERDUE: "帮扶责任人安排逾期",
  VISIT_OVERDUE: "走访逾期",
  REVIEW_OVERDUE: "季度成效分析逾期",
};

export const ZNotificationListQuery = ZPageQuery.extend({
  /** "true": only notices this user has not read yet. */
  unreadOnly: z.enum(["true", "false"], { error: "unreadOnly 只能是 true 或 false" }).default("false").transform((v) => v === "true"),
});

export const ZNotification = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  /** The case as it is now (only notices of the case's current stage are listed); null for a household's assistance notice. */
  case: z.object({
    id: z.string(),
    caseNo: z.string(),
    stage: z.enum(CASE_STAGES),
    householdHeadName: z.string(),
    villageName: z.string(),
  }).nullable(),
  /** The household the notice is about (a case's household, or the assisted household): the link target of assistance notices. */
  household: z.object({ id: z.string(), headName: z.string(), villageName: z.string() }),
  /** The stage deadline the notice is about, YYYY-MM-DD. */
  deadline: z.string(),
  createdAt: z.string(),
  /** Whether the signed-in user has read it. */
  read: z.boolean(),
  /** Ready-to-show Chinese text, e.g. 张三户（案件 2026…）“乡镇核实”将于下一个工作日（11月30日）到期. */
  message: z.string(),
});
export type Notification = z.infer<typeof ZNotification>;

export const ZNotificationList = z.object({
  items: z.array(ZNotification),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Unread notices of this user in all (not only this page). */
  unreadCount: z.number().int(),
  /** The overdue cases among the notices (read or not): for an overseeing role, the overview's overdue count. */
  overdueCount: z.number().int(),
});
export type NotificationList = z.infer<typeof ZNotificationList>;

export const ZNotificationParams = z.object({ id: z.uuid("提醒编号格式不正确") });

export const ZMarkReadResponse = z.object({ id: z.string(), read: z.literal(true), unreadCount: z.number().int() });
export const ZMarkAllReadResponse = z.object({ marked: z.number().int(), unreadCount: z.number().int() });
