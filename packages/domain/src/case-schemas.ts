import { z } from "zod";
import { zLine } from "./text.ts";
import { ZAreaRef } from "./auth-schemas.ts";
import { DESIGNATIONS, HOUSEHOLD_CATEGORIES, MONITORING_TYPES } from "./categories.ts";
import { RISK_CAUSE } from "./collection-form.ts";
import { ZPageQuery } from "./pagination.ts";
import { DEADLINE_BUCKETS, DEADLINE_UNITS, QUEUE_NAMES } from "./queues.ts";
import { CASE_ACTION_CODES } from "./procedures/actions.ts";
import { ZLeadRecord } from "./procedures/records.ts";
import { CASE_STAGES } from "./procedures/stages.ts";
import { PROCEDURE_KINDS } from "./procedures/procedure.ts";
import { LOCAL_RULE_PRESETS } from "./procedures/rules.ts";
import { ROLES } from "./roles.ts";
import "./zod-zh.ts";

export const ZOpenCaseRequest = z.object({
  householdId: z.uuid("请选择家庭"),
  /** The procedure (GET /api/rules lists the kinds); by default the household's identification procedure. */
  procedure: z.enum(PROCEDURE_KINDS, { error: "请选择办理程序" }).optional(),
  lead: ZLeadRecord,
});

/** Every case action carries the version of the case it saw. */
export function ZCaseActionRequest<T extends z.ZodType>(record: T) {
  return z.object({ version: z.number({ error: "缺少案件版本号，请刷新后重试" }).int().positive(), record });
}

export const ZDeadlineStatus = z.object({
  deadline: z.string(),
  /** The unit of `remainingDays`. */
  unit: z.enum(DEADLINE_UNITS),
  /**
   * Signed days in `unit`: 0 due today, N > 0 left, −N overdue by N. For
   * working days see `WorkingDayCalendar.workingDaysUntil`; calendar days are
   * the plain difference of the dates.
   */
  remainingDays: z.number().int(),
  bucket: z.enum(DEADLINE_BUCKETS),
  /** False when the count touches a year without calendar data. */
  complete: z.boolean(),
});
export type DeadlineStatus = z.infer<typeof ZDeadlineStatus>;
export type { DeadlineUnit } from "./queues.ts";


export const ZCaseSummary = z.object({
  id: z.string(),
  caseNo: z.string(),
  /** The household's category when the case was opened. */
  category: z.enum(HOUSEHOLD_CATEGORIES),
  procedure: z.enum(PROCEDURE_KINDS),
  /** The procedure's name and the stage's name within it, from the rule set the case runs under. */
  procedureLabel: z.string(),
  stage: z.enum(CASE_STAGES),
  stageLabel: z.string(),
  /** Proposed at verification, settled by the district (procedures that designate a 监测对象). */
  monitoringType: z.enum(MONITORING_TYPES).nullable(),
  household: z.object({
    id: z.string(),
    householdNo: z.string(),
    headName: z.string(),
    designation: z.enum(DESIGNATIONS).nullable(),
    monitoringType: z.enum(MONITORING_TYPES).nullable(),
    township: ZAreaRef,
    village: ZAreaRef,
  }),
  riskCauses: z.array(z.string()),
  openedOn: z.string(),
  stageStartedOn: z.string(),
  deadline: ZDeadlineStatus.nullable(),
  returnCount: z.number().int(),
  assistFirst: z.boolean(),
  version: z.number().int(),
});
export type CaseSummary = z.infer<typeof ZCaseSummary>;

export const ZCaseEvent = z.object({
  seq: z.number().int(),
  action: z.string(),
  at: z.string(),
  actedOn: z.string(),
  /** Display name of the actor; "system" for time-driven steps. */
  actorName: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorRole: z.enum(ROLES).nullable(),
  fromStage: z.enum(CASE_STAGES),
  toStage: z.enum(CASE_STAGES),
  record: z.unknown().nullable(),
  stageDeadline: z.string().nullable(),
  metDeadline: z.boolean().nullable(),
  newDeadline: z.string().nullable(),
});
export type CaseEvent = z.infer<typeof ZCaseEvent>;

export const ZCaseDetail = ZCaseSummary.extend({
  ruleSet: z.enum(LOCAL_RULE_PRESETS),
  /** The date limits "from the first clue" count from. */
  firstClueOn: z.string(),
  /** The procedure's overall limit (the national model's 15 days), if it has one. */
  limitDeadline: z.string().nullable(),
  lead: z.unknown(),
  roundRecords: z.object({
    consent: z.unknown().nullable(), verification: z.unknown().nullable(), appraisal: z.unknown().nullable(), assessment: z.unknown().nullable(),
  }),
  publicity: z.object({ postedOn: z.string(), startsOn: z.string(), endsOn: z.string() }).nullable(),
  closedAt: z.string().nullable(),
  events: z.array(ZCaseEvent),
  /** What the signed-in user can do now. */
  availableActions: z.array(z.enum(CASE_ACTION_CODES)),
});
export type CaseDetail = z.infer<typeof ZCaseDetail>;

export const ZCaseListQuery = ZPageQuery.extend({
  /** Cases whose lead names this risk cause (A52). */
  riskCause: z.enum(RISK_CAUSE.codes).optional(),
  stage: z.enum(CASE_STAGES).optional(),
  category: z.enum(HOUSEHOLD_CATEGORIES).optional(),
  procedure: z.enum(PROCEDURE_KINDS).optional(),
  monitoringType: z.enum(MONITORING_TYPES).optional(),
  areaId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  householdId: z.uuid().optional(),
  /** open (default), closed or all */
  status: z.enum(["open", "closed", "all"]).default("open"),
  q: zLine().max(50).optional(),
});

export const ZQueueQuery = ZPageQuery.extend({
  riskCause: z.enum(RISK_CAUSE.codes).optional(),
  areaId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  category: z.enum(HOUSEHOLD_CATEGORIES).optional(),
  procedure: z.enum(PROCEDURE_KINDS).optional(),
  monitoringType: z.enum(MONITORING_TYPES).optional(),
  bucket: z.enum(DEADLINE_BUCKETS).optional(),
  q: zLine().max(50).optional(),
});

export const ZBucketCounts = z.object({
  overdue: z.number().int(),
  dueToday: z.number().int(),
  dueNextWorkingDay: z.number().int(),
  later: z.number().int(),
});

export const ZQueueResponse = z.object({
  queue: z.enum(QUEUE_NAMES),
  today: z.string(),
  items: z.array(ZCaseSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  buckets: ZBucketCounts,
});

const ZOverviewCounts = ZBucketCounts.extend({ total: z.number().int() });

/** Open cases by deadline bucket: per township, per district (subtotals, in district order) and in all. */
export const ZDistrictOverview = z.object({
  today: z.string(),
  /** Ordered by district, then township. */
  townships: z.array(ZOverviewCounts.extend({ district: ZAreaRef, township: ZAreaRef })),
  districts: z.array(ZOverviewCounts.extend({ district: ZAreaRef })),
  total: ZOverviewCounts,
});
