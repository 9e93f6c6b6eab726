import type { CaseStage } from "./procedures/stages.ts";
import type { Role } from "./roles.ts";

/**
 * The work queues, each the work of one role, ordered by deadline. No zod
 * here: the SPA's home page imports this without the schema library.
 */
export const QUEUES = {
  "township-leads": { label: "待核实线索", role: "TOWNSHIP_STAFF", stages: ["TOWNSHIP_VERIFICATION"], returned: false },
  "township-returned": { label: "退回更正", role: "TOWNSHIP_STAFF", stages: ["TOWNSHIP_VERIFICATION"], returned: true },
  /** Cases whose procedure needs a village appraisal that has not been recorded yet in this round. */
  "village-appraisals": { label: "待民主评议", role: "VILLAGE_CADRE", stages: ["TOWNSHIP_VERIFICATION"], awaitingAppraisal: true },
  "township-review": { label: "待乡镇审核", role: "TOWNSHIP_STAFF", stages: ["TOWNSHIP_REVIEW"] },
  "district-review": { label: "待审核", role: "DISTRICT_REVIEWER", stages: ["DISTRICT_REVIEW"] },
  /** Weihai: after publicity the district enters the designation. */
  "district-outcome": { label: "公示期满待录入", role: "DISTRICT_REVIEWER", stages: ["PUBLICITY_ENDED"] },
  "district-objections": { label: "待裁定异议", role: "DISTRICT_REVIEWER", stages: ["OBJECTION_REVIEW"] },
  "village-to-post": { label: "待张贴公示", role: "VILLAGE_CADRE", stages: ["PUBLICITY_PENDING"] },
  "village-running": { label: "公示中", role: "VILLAGE_CADRE", stages: ["PUBLICITY_RUNNING"] },
  "village-ended": { label: "公示期满待确认", role: "VILLAGE_CADRE", stages: ["PUBLICITY_ENDED"] },
} as const satisfies Record<string, { label: string; role: Role; stages: readonly CaseStage[]; returned?: boolean; awaitingAppraisal?: boolean }>;
export type QueueName = keyof typeof QUEUES;
export const QUEUE_NAMES = Object.keys(QUEUES) as [QueueName, ...QueueName[]];

/** Where a deadline stands: 逾期 / 今日到期 / 下一个工作日到期 / 以后. */
export const DEADLINE_BUCKETS = ["OVERDUE", "DUE_TODAY", "DUE_NEXT_WORKING_DAY", "LATER"] as const;
export type DeadlineBucket = (typeof DEADLINE_BUCKETS)[number];

export const DEADLINE_BUCKET_LABELS: Record<DeadlineBucket, string> = {
  OVERDUE: "逾期",
  DUE_TODAY: "今日到期",
  DUE_NEXT_WORKING_DAY: "下一个工作日到期",
  LATER: "以后到期",
};

/** What a deadline is counted in: stage limits in working days, a publicity in calendar days. */
export const DEADLINE_UNITS = ["WORKING_DAYS", "CALENDAR_DAYS"] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

/**
 * A deadline in words, as every screen and export says it: "逾期 3 个工作日",
 * "今日到期", "剩余 2 个工作日"; in calendar days (a publicity) "剩余 4 天",
 * "逾期 1 天". `remainingDays` is signed: 0 due today, −N overdue by N.
 */
export function deadlineText(d: { remainingDays: number; unit: DeadlineUnit }): string {
  const n = d.remainingDays;
  if (n === 0) return "今日到期";
  const amount = d.unit === "CALENDAR_DAYS" ? `${Math.abs(n)} 天` : `${Math.abs(n)} 个工作日`;
  return n < 0 ? `逾期 ${amount}` : `剩余 ${amount}`;
}
