import { z } from "zod";
import { ZAreaRef } from "./auth-schemas.ts";
import { DESIGNATIONS, HOUSEHOLD_CATEGORIES, MONITORING_TYPES } from "./categories.ts";
import { ZDeadlineStatus } from "./case-schemas.ts";
import { RISK_CAUSE } from "./collection-form.ts";
import { ZIncome } from "./household-schemas.ts";
import { ZPage, ZPageQuery } from "./pagination.ts";
import { zLine, zMultiline } from "./text.ts";
import "./zod-zh.ts";
import { zDate } from "./dates.ts";
import { CONDITION_KIND_CODES, CONDITION_VALUES, CONDITION_KINDS, type ConditionKind } from "./assistance/conditions.ts";
import {
  ASSIGNMENT_ROLE_CODES, MEASURE_DEPARTMENT_CODES, MEASURE_PERIOD_CODES, MEASURE_STATE_CODES, MEASURE_TYPE_CODES, RISK_CLASS_CODES,
} from "./assistance/rules.ts";
import { ZQUARTER_PATTERN } from "./assistance/deadlines.ts";

/**
 * The assistance (帮扶) API contract, shared by the API and the SPA.
 * Routes (apps/api/src/modules/{helpers,plans,visits,reviews}):
 *   GET  /api/helpers                                  helper register (ZHelperListQuery → ZHelperList)
 *   POST /api/helpers, PATCH /api/helpers/:id          (ZHelperInput / ZHelperUpdate → ZHelper)
 *   GET  /api/helpers/accounts                         HELPER accounts to link (ZHelperAccountList)
 *   GET  /api/assistance/:householdId                  the household's assistance file (ZAssistanceFile)
 *   POST /api/assistance/:householdId/assignments      assign or reassign (ZAssignRequest → ZAssistanceFile)
 *   POST /api/assistance/:householdId/risk-class       (ZRiskClassRequest → ZAssistanceFile)
 *   GET  /api/assistance/queues/:queue                 (ZAssistanceQueueQuery → ZAssistanceQueueResponse)
 *   GET  /api/assistance/:householdId/plan             (ZPlan);  PUT …/plan (ZPlanUpdate)
 *   POST /api/assistance/:householdId/measures         (ZMeasureInput → ZMeasure)
 *   POST /api/assistance/:householdId/measures/:id/state (ZMeasureStateRequest → ZMeasure)
 *   GET  /api/assistance/:householdId/conditions       (ZConditions)
 *   POST /api/assistance/:householdId/conditions       (ZConditionInput → ZConditions)
 *   PUT  /api/assistance/:householdId/incomes/:year    (ZYearIncomeInput → ZConditions)
 *   PUT  /api/assistance/:householdId/expenses/:year   (ZYearExpenseInput → ZConditions)
 *   GET  /api/assistance/:householdId/visits           (ZVisitList);  POST (ZVisitInput → ZVisit; same id twice → stored once)
 *   GET  /api/assistance/:householdId/reviews          (ZReview[]);   POST (ZReviewInput → ZReview)
 *   GET  /api/ledgers/assistance.xlsx?asOf=            帮扶台账
 */

const ZDate = zDate;
const ZText = (what: string, max = 2000) => zMultiline({ error: `请填写${what}` }).min(1, `请填写${what}`).max(max, `${what}最多 ${max} 字`);
const ZOptText = (what: string, max = 2000) => zMultiline().max(max, `${what}最多 ${max} 字`).optional();
const ZYuanAmount = (what: string) =>
  z.number({ error: `${what}应为数字（元）` }).min(0, `${what}不能为负`).max(100_000_000, `${what}过大，请核对`)
    .refine((n) => Math.round(n * 100) === n * 100, `${what}最多两位小数`);
const ZVersion = z.number({ error: "缺少版本号，请刷新后重试" }).int().min(1);

export const ZRiskClass = z.enum(RISK_CLASS_CODES, { error: "风险类别应为 A、B 或 C" });

// ------------------------------------------------------------------ helpers

export const ZHelperInput = z.object({
  name: zLine({ error: "请填写姓名" }).min(1, "请填写姓名").max(50, "姓名最多 50 字"),
  unit: zLine({ error: "请填写工作单位" }).min(1, "请填写工作单位").max(100, "工作单位最多 100 字"),
  position: zLine().max(50, "职务最多 50 字").default(""),
  /** 职级, e.g. 副科级 (Fuzhou requires 副科级以上 for the lead helper). */
  rank: zLine().max(32, "职级最多 32 字").default(""),
  phone: z.string().trim().regex(/^1\d{10}$/, "手机号码应为 11 位数字").nullable().default(null),
  /** The area the helper serves (a district, township or village of the user's area). */
  areaId: z.number({ error: "请选择帮扶区域" }).int().positive(),
  /** The user account the helper signs in with (role HELPER), if any. */
  userId: z.uuid("用户编号不正确").nullable().default(null),
});
export const ZHelperUpdate = ZHelperInput.partial().extend({ isActive: z.boolean().optional(), version: ZVersion });

export const ZHelper = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.string(),
  position: z.string(),
  rank: z.string(),
  phoneMasked: z.string().nullable(),
  area: ZAreaRef,
  userId: z.string().nullable(),
  username: z.string().nullable(),
  isActive: z.boolean(),
  /** Households the helper currently leads or is the village contact of. */
  householdCount: z.number().int(),
  version: z.number().int(),
});
export type Helper = z.infer<typeof ZHelper>;

export const ZHelperListQuery = ZPageQuery.extend({
  q: zLine().max(50).optional(),
  areaId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  active: z.enum(["true", "false"]).optional(),
});
export const ZHelperList = ZPage(ZHelper);

/**
 * The HELPER accounts of the user's area, for linking a register entry to the
 * account its helper signs in with (GET /api/helpers/accounts; the users
 * admin is the administrator's, this is what the township needs of it).
 */
export const ZHelperAccount = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  areaName: z.string(),
  /** The register entry already linked to the account, if any. */
  helperId: z.string().nullable(),
});
export type HelperAccount = z.infer<typeof ZHelperAccount>;
export const ZHelperAccountList = z.object({ items: z.array(ZHelperAccount) });

// ------------------------------------------------------------------ the file

export const ZAssignment = z.object({
  id: z.string(),
  role: z.enum(ASSIGNMENT_ROLE_CODES),
  helper: z.object({ id: z.string(), name: z.string(), unit: z.string(), position: z.string(), rank: z.string(), phoneMasked: z.string().nullable() }),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  assignedBy: z.string().nullable(),
});
export type Assignment = z.infer<typeof ZAssignment>;

export const ZAssignRequest = z.object({
  role: z.enum(ASSIGNMENT_ROLE_CODES, { error: "请选择帮扶角色" }),
  helperId: z.uuid("请选择帮扶责任人"),
  startedOn: ZDate("安排日期"),
  /** Required when someone else held the role (换人的原因). */
  reason: ZOptText("调整原因", 500),
});

export const ZRiskClassRequest = z.object({
  riskClass: ZRiskClass,
  reason: ZText("调整原因", 500),
});

export const ZAssistanceFile = z.object({
  householdId: z.string(),
  household: z.object({
    householdNo: z.string(),
    headName: z.string(),
    village: ZAreaRef,
    category: z.enum(HOUSEHOLD_CATEGORIES),
    designation: z.enum(DESIGNATIONS).nullable(),
    monitoringType: z.enum(MONITORING_TYPES).nullable(),
    riskCauses: z.array(z.string()),
    memberCount: z.number().int(),
    addressDetail: z.string().nullable(),
    phoneMasked: z.string().nullable(),
  }),
  /** The file opens with the designation (or an assist-first case) and closes when it ends. */
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  riskClass: ZRiskClass.nullable(),
  riskClassOn: z.string().nullable(),
  /** Current helpers, and every earlier assignment (reassignment keeps its history). */
  assignments: z.array(ZAssignment),
  history: z.array(ZAssignment),
  /** Deadline to assign the lead helper; null once assigned. */
  assignment: ZDeadlineStatus.nullable(),
  lastVisitOn: z.string().nullable(),
  visit: ZDeadlineStatus.nullable(),
  review: ZDeadlineStatus.extend({ quarter: z.string() }).nullable(),
  lastReviewQuarter: z.string().nullable(),
  version: z.number().int(),
});
export type AssistanceFile = z.infer<typeof ZAssistanceFile>;

// ------------------------------------------------------------------ queues

/** The assistance queues (ordered by deadline; each with bucket counts). */
export const ASSISTANCE_QUEUES = {
  /** 待安排帮扶责任人: open files without a lead helper. */
  "township-assign": { label: "待安排帮扶责任人", roles: ["TOWNSHIP_STAFF", "DISTRICT_REVIEWER"] },
  /** 走访: the households whose visit falls due (the helper's own, the village's, the township's). */
  "visits-due": { label: "待走访", roles: ["HELPER", "VILLAGE_CADRE", "TOWNSHIP_STAFF", "DISTRICT_REVIEWER"] },
  /** 季度帮扶成效分析 due. */
  "township-reviews": { label: "待季度成效分析", roles: ["TOWNSHIP_STAFF", "DISTRICT_REVIEWER"] },
} as const;
export type AssistanceQueueName = keyof typeof ASSISTANCE_QUEUES;
export const ASSISTANCE_QUEUE_NAMES = Object.keys(ASSISTANCE_QUEUES) as [AssistanceQueueName, ...AssistanceQueueName[]];

export const ZAssistanceQueueQuery = ZPageQuery.extend({
  bucket: z.enum(["OVERDUE", "DUE_TODAY", "DUE_NEXT_WORKING_DAY", "LATER"]).optional(),
  areaId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  q: zLine().max(50).optional(),
});

export const ZAssistanceQueueItem = z.object({
  householdId: z.string(),
  householdNo: z.string(),
  headName: z.string(),
  village: ZAreaRef,
  designation: z.enum(DESIGNATIONS).nullable(),
  riskClass: ZRiskClass.nullable(),
  leadHelper: z.object({ id: z.string(), name: z.string() }).nullable(),
  lastVisitOn: z.string().nullable(),
  /** The review's quarter (township-reviews only). */
  quarter: z.string().nullable(),
  deadline: ZDeadlineStatus,
});
export type AssistanceQueueItem = z.infer<typeof ZAssistanceQueueItem>;

export const ZAssistanceQueueResponse = z.object({
  queue: z.enum(ASSISTANCE_QUEUE_NAMES),
  today: z.string(),
  items: z.array(ZAssistanceQueueItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  buckets: z.object({ overdue: z.number().int(), dueToday: z.number().int(), dueNextWorkingDay: z.number().int(), later: z.number().int() }),
});

// ------------------------------------------------------------------ plan and measures

export const ZMeasureInput = z.object({
  /** A code of the rule set's catalogue (GET /api/rules → assistance.measureCatalogue). */
  catalogueCode: zLine().min(1, "请选择帮扶措施").max(32),
  /** Shown name; defaults to the catalogue item's (required for 其他). */
  name: zLine().max(100, "措施名称最多 100 字").optional(),
  type: z.enum(MEASURE_TYPE_CODES).optional(),
  department: z.enum(MEASURE_DEPARTMENT_CODES).optional(),
  amountYuan: ZYuanAmount("金额").nullable().optional(),
  period: z.enum(MEASURE_PERIOD_CODES).nullable().optional(),
  startsOn: ZDate("开始日期").nullable().optional(),
  endsOn: ZDate("结束日期").nullable().optional(),
  /** The member the measure is for (e.g. the student of 雨露计划), by position. */
  memberName: zLine().max(50).nullable().optional(),
  note: ZOptText("说明", 500),
});

export const ZMeasure = z.object({
  id: z.string(),
  catalogueCode: z.string(),
  name: z.string(),
  type: z.enum(MEASURE_TYPE_CODES),
  department: z.enum(MEASURE_DEPARTMENT_CODES),
  amountYuan: z.number().nullable(),
  period: z.enum(MEASURE_PERIOD_CODES).nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  memberName: z.string().nullable(),
  state: z.enum(MEASURE_STATE_CODES),
  deliveredOn: z.string().nullable(),
  stoppedOn: z.string().nullable(),
  stopReason: z.string().nullable(),
  note: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Measure = z.infer<typeof ZMeasure>;

export const ZMeasureStateRequest = z.object({
  to: z.enum(MEASURE_STATE_CODES, { error: "请选择措施状态" }),
  /** The date of the change: delivery date for 已落实, stop date for 终止. */
  on: ZDate("日期"),
  reason: ZOptText("终止原因", 500),
  version: ZVersion,
});

export const ZPlan = z.object({
  householdId: z.string(),
  /** 帮扶计划: the plan in words (goal, main measures); null before it is written. */
  summary: z.string().nullable(),
  updatedAt: z.string().nullable(),
  version: z.number().int(),
  measures: z.array(ZMeasure),
  /** The policies the household enjoys now (measures 落实中 or 已落实), by name, for the at-a-glance line. */
  enjoyedPolicies: z.array(z.string()),
});
export type Plan = z.infer<typeof ZPlan>;
export const ZPlanUpdate = z.object({ summary: ZText("帮扶计划", 2000), version: z.number().int().min(0) });

// ------------------------------------------------------------------ conditions over time

export const ZConditionInput = z
  .object({
    kind: z.enum(CONDITION_KIND_CODES, { error: "请选择保障项目" }),
    value: zLine().min(1, "请选择情况").max(16),
    /** The date observed (for housing, the appraisal date). */
    observedOn: ZDate("日期"),
    note: ZOptText("说明", 500),
  })
  .superRefine((c, ctx) => {
    if (!CONDITION_VALUES[c.kind].includes(c.value)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `“${CONDITION_KINDS[c.kind as ConditionKind]}”的情况不正确` });
    }
  });

export const ZConditionRecord = z.object({
  id: z.string(),
  kind: z.enum(CONDITION_KIND_CODES),
  value: z.string(),
  observedOn: z.string(),
  note: z.string().nullable(),
  /** Where it was recorded: 录入, a visit, a review. */
  source: z.enum(["ENTRY", "VISIT", "REVIEW"]),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
});

export const ZYearIncomeInput = z.object({ income: ZIncome, memberCount: z.number().int().min(1, "家庭人口至少 1 人").max(30), note: ZOptText("说明", 500) });
export const ZYearIncome = z.object({
  year: z.number().int(),
  income: ZIncome,
  memberCount: z.number().int(),
  netYuan: z.number(),
  perCapitaYuan: z.number(),
  note: z.string().nullable(),
  updatedAt: z.string(),
});
export const ZYearExpenseInput = z.object({
  medical: ZYuanAmount("医疗支出").default(0),
  education: ZYuanAmount("教育支出").default(0),
  disaster: ZYuanAmount("灾害损失").default(0),
  other: ZYuanAmount("其他刚性支出").default(0),
  note: ZOptText("说明", 500),
});
export const ZYearExpense = z.object({
  year: z.number().int(),
  medical: z.number(),
  education: z.number(),
  disaster: z.number(),
  other: z.number(),
  totalYuan: z.number(),
  note: z.string().nullable(),
  updatedAt: z.string(),
});
export const ZYearParam = z.object({ householdId: z.uuid("户编号不正确"), year: z.coerce.number().int().min(2015, "年度不正确").max(2100, "年度不正确") });

export const ZConditions = z.object({
  householdId: z.string(),
  /** The latest record of each kind (absent kinds were never recorded). */
  latest: z.array(ZConditionRecord),
  history: z.array(ZConditionRecord),
  incomes: z.array(ZYearIncome),
  expenses: z.array(ZYearExpense),
});
export type Conditions = z.infer<typeof ZConditions>;

// ------------------------------------------------------------------ visits

export const VISIT_MODES = { IN_PERSON: "入户走访", PHONE: "电话随访" } as const;
/** Who visited: the helper, a village cadre, township staff, or the district's random check (督导抽查). */
export const VISIT_KINDS = { HELPER: "帮扶责任人走访", VILLAGE: "村干部走访", TOWNSHIP: "乡镇走访", SUPERVISORY: "县级随机抽查" } as const;

export const ZVisitChanges = z.object({
  /** Income items found changed, for a year (the year's record is updated). */
  income: z.object({ year: z.number().int().min(2015).max(2100), items: ZIncome.partial() }).nullable().default(null),
  conditions: z.array(z.object({ kind: z.enum(CONDITION_KIND_CODES), value: zLine().min(1).max(16), note: ZOptText("说明", 500) })).max(5).default([]),
  newRiskCauses: z.array(z.enum(RISK_CAUSE.codes)).max(10).default([]),
  riskClass: ZRiskClass.nullable().default(null),
});

export const ZVisitInput = z.object({
  /** Made on the device: sending the same visit twice stores it once. */
  id: z.uuid("走访记录编号不正确"),
  visitedOn: ZDate("走访日期"),
  mode: z.enum(["IN_PERSON", "PHONE"], { error: "请选择走访方式" }),
  metWith: zLine({ error: "请填写走访对象" }).min(1, "请填写走访对象").max(100, "走访对象最多 100 字"),
  findings: ZText("走访情况", 2000),
  nextSteps: ZOptText("下一步措施", 1000),
  changes: ZVisitChanges.default({ income: null, conditions: [], newRiskCauses: [], riskClass: null }),
});

export const ZVisit = z.object({
  id: z.string(),
  householdId: z.string(),
  kind: z.enum(["HELPER", "VILLAGE", "TOWNSHIP", "SUPERVISORY"]),
  visitedOn: z.string(),
  mode: z.enum(["IN_PERSON", "PHONE"]),
  visitor: z.object({ id: z.string().nullable(), name: z.string() }),
  metWith: z.string(),
  findings: z.string(),
  nextSteps: z.string().nullable(),
  changes: ZVisitChanges,
  createdAt: z.string(),
});
export type Visit = z.infer<typeof ZVisit>;
export const ZVisitList = ZPage(ZVisit);

// ------------------------------------------------------------------ quarterly review

export const ZReviewInput = z.object({
  quarter: z.string().regex(ZQUARTER_PATTERN, "季度格式应为 2026-Q4"),
  reviewedOn: ZDate("分析日期"),
  /** Per-capita income change over the quarter, yuan (negative: fell). */
  incomeChangeYuan: z.number({ error: "收入变化应为数字（元）" }).min(-10_000_000).max(10_000_000).nullable().default(null),
  riskEased: z.boolean({ error: "请选择风险是否缓解" }),
  effect: ZText("帮扶成效", 2000),
  planChanges: ZOptText("帮扶计划调整", 2000),
  riskClass: ZRiskClass.nullable().default(null),
});

export const ZReview = z.object({
  id: z.string(),
  householdId: z.string(),
  quarter: z.string(),
  reviewedOn: z.string(),
  incomeChangeYuan: z.number().nullable(),
  riskEased: z.boolean(),
  effect: z.string(),
  planChanges: z.string().nullable(),
  riskClass: ZRiskClass.nullable(),
  reviewer: z.string().nullable(),
  createdAt: z.string(),
});
export type Review = z.infer<typeof ZReview>;

export const ZHouseholdParam = z.object({ householdId: z.uuid("户编号不正确") });
export const ZAssistanceLedgerQuery = z.object({ asOf: ZDate("台账日期").optional(), areaId: z.coerce.number().int().positive().max(2_147_483_647).optional() });
