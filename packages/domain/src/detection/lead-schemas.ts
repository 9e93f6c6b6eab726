import { z } from "zod";
import { RISK_CAUSE } from "../collection-form.ts";
import { zDate } from "../dates.ts";
import { ZIdNumber, ZPhone } from "../household-schemas.ts";
import { ZPageQuery } from "../pagination.ts";
import { LEAD_SOURCES, type LeadSource } from "../procedures/records.ts";
import { PROCEDURE_KINDS } from "../procedures/procedure.ts";
import { ZDeadlineStatus } from "../case-schemas.ts";
import { zLine, zMultiline } from "../text.ts";
import { DEADLINE_BUCKETS } from "../queues.ts";
import { ZBucketCounts } from "../case-schemas.ts";
import { ZPage } from "../pagination.ts";
import "../zod-zh.ts";

/**
 * Leads (线索, DOMAIN.md "Detection in detail"): a clue that a household may be
 * at risk, gathered before any case. A lead may name a registered household
 * or only a person (name, phone, village) not yet registered. Clues on the
 * same household, ID number or phone merge into one open lead (its sources);
 * the township verifies it within the rule set's time and ends it by opening
 * the identification case or by dismissing it with a reason.
 */
export const LEAD_STATES = ["OPEN", "CASE_OPENED", "DISMISSED"] as const;
export type LeadState = (typeof LEAD_STATES)[number];
export const LEAD_STATE_LABELS: Record<LeadState, string> = { OPEN: "待核实", CASE_OPENED: "已立案", DISMISSED: "已排除" };

/**
 * Where a clue came from: the lead sources of a case (which include the
 * early-warning rules of this system, 预警规则, raising leads by themselves).
 */
export const CLUE_SOURCES = LEAD_SOURCES;
export type ClueSource = keyof typeof CLUE_SOURCES;
export const CLUE_SOURCE_CODES = Object.keys(CLUE_SOURCES) as [ClueSource, ...ClueSource[]];
/** What a person may type in as a clue's source (the system's own: EARLY_WARNING, DEPARTMENT_WARNING, SELF_REPORT come in by themselves). */
export const STAFF_CLUE_SOURCES = ["DAILY_VISIT", "HOTLINE", "SECRETARY_VISIT", "INSPECTION"] as const satisfies readonly LeadSource[];

export const ZRiskCauses = z
  .array(z.enum(RISK_CAUSE.codes, { error: "请选择致贫（返贫）风险" }))
  .max(3, "风险最多选 3 项")
  .refine((a) => new Set(a).size === a.length, "风险不能重复选择");

/**
 * POST /api/leads: a clue taken by staff (a cadre's visit, a hotline call, the
 * secretary's visit, inspection feedback). Either a registered household, or
 * a person: name and village, with a phone or ID number where known.
 */
export const ZReceiveLeadRequest = z
  .object({
    source: z.enum(STAFF_CLUE_SOURCES, { error: "请选择线索来源" }),
    receivedOn: zDate("线索接收日期"),
    householdId: z.uuid("请选择家庭").nullable().optional(),
    personName: zLine().min(1, "请填写姓名").max(50, "姓名最多 50 字").optional(),
    villageId: z.number({ error: "请选择村" }).int().positive("请选择村").max(2_147_483_647, "请选择村").optional(),
    phone: ZPhone.nullable().optional(),
    idNumber: ZIdNumber.nullable().optional(),
    riskCauses: ZRiskCauses.default([]),
    description: zMultiline({ error: "请填写风险情况描述" }).min(1, "请填写风险情况描述").max(2000, "风险情况描述最多 2000 字"),
  })
  .superRefine((v, ctx) => {
    if (v.householdId) return;
    if (!v.personName) ctx.addIssue({ code: "custom", path: ["personName"], message: "未选择已登记家庭时，请填写姓名" });
    if (!v.villageId) ctx.addIssue({ code: "custom", path: ["villageId"], message: "未选择已登记家庭时，请选择村" });
  });
export type ReceiveLeadRequest = z.output<typeof ZReceiveLeadRequest>;

export const ZLeadListQuery = ZPageQuery.extend({
  /** open (default): to verify; closed: ended; all. */
  status: z.enum(["open", "closed", "all"]).default("open"),
  state: z.enum(LEAD_STATES).optional(),
  source: z.enum(CLUE_SOURCE_CODES).optional(),
  bucket: z.enum(DEADLINE_BUCKETS).optional(),
  areaId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  q: zLine().max(50).optional(),
});

export const ZLeadSourceView = z.object({
  id: z.string(),
  source: z.enum(CLUE_SOURCE_CODES),
  sourceLabel: z.string(),
  receivedOn: z.string(),
  description: z.string(),
  riskCauses: z.array(z.string()),
  /** Masked (138****5678). */
  phone: z.string().nullable(),
  reporterName: z.string().nullable(),
  takenBy: z.string().nullable(),
  /** The self-report's reference, for SELF_REPORT. */
  reference: z.string().nullable(),
  /** What raised it: an early warning's rule or a department's list. */
  warning: z.object({ rule: z.string(), label: z.string(), facts: z.record(z.string(), z.unknown()) }).nullable(),
});

export const ZLeadSummary = z.object({
  id: z.string(),
  leadNo: z.string(),
  state: z.enum(LEAD_STATES),
  stateLabel: z.string(),
  household: z.object({ id: z.string(), householdNo: z.string(), headName: z.string() }).nullable(),
  personName: z.string(),
  village: z.object({ id: z.number(), code: z.string(), name: z.string(), path: z.string() }),
  /** The distinct sources of its clues, first clue first. */
  sources: z.array(z.enum(CLUE_SOURCE_CODES)),
  sourceCount: z.number().int(),
  riskCauses: z.array(z.string()),
  firstClueOn: z.string(),
  handedOn: z.string(),
  /** Null once the lead has ended. */
  deadlineStatus: ZDeadlineStatus.nullable(),
});
export type LeadSummary = z.infer<typeof ZLeadSummary>;

export const ZLeadDetail = ZLeadSummary.extend({
  version: z.number().int(),
  /** Masked. */
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  description: z.string(),
  clues: z.array(ZLeadSourceView),
  case: z.object({ id: z.string(), caseNo: z.string(), openedOn: z.string() }).nullable(),
  dismissReason: z.string().nullable(),
  closedOn: z.string().nullable(),
  closedBy: z.string().nullable(),
  /** What the signed-in user may do now. */
  actions: z.array(z.enum(["OPEN_CASE", "DISMISS"])),
});
export type LeadDetail = z.infer<typeof ZLeadDetail>;

export const ZDismissLeadRequest = z.object({
  version: z.number({ error: "缺少线索版本号，请刷新后重试" }).int().positive(),
  reason: zMultiline({ error: "请填写排除理由" }).min(1, "请填写排除理由").max(500, "排除理由最多 500 字"),
});

/**
 * POST /api/leads/:id/open-case: the verified lead opens the identification
 * case. A lead on a person not yet registered names the household the
 * township registered (POST /api/households) for it.
 */
export const ZOpenCaseFromLeadRequest = z.object({
  version: z.number({ error: "缺少线索版本号，请刷新后重试" }).int().positive(),
  householdId: z.uuid("请选择或登记家庭").optional(),
  procedure: z.enum(PROCEDURE_KINDS, { error: "请选择办理程序" }).optional(),
  riskCauses: ZRiskCauses.min(1, "至少选择一项风险"),
  description: zMultiline({ error: "请填写风险情况描述" }).min(1, "请填写风险情况描述").max(2000, "风险情况描述最多 2000 字"),
});

/** POST /api/leads answers which lead the clue went to: a new one, or an open one it merged into. */
export const ZReceivedLead = z.object({ id: z.string(), leadNo: z.string(), merged: z.boolean() });

/**
 * GET /api/leads answers a page of ZLeadSummary plus `today` and `buckets`:
 * the open leads of the filters (bucket aside) per deadline bucket, as the
 * case queues count them (GET /api/queues/{queue} `buckets`).
 */
export const ZLeadPage = ZPage(ZLeadSummary).extend({ today: z.string(), buckets: ZBucketCounts });
export type LeadPage = z.infer<typeof ZLeadPage>;

const ZAreaBrief = z.object({ id: z.number(), code: z.string(), name: z.string() });

/** GET /api/leads/backlog (district, city, admin): every township under the user's area with its open leads. */
export const ZLeadBacklog = z.object({
  today: z.string(),
  townships: z.array(z.object({
    township: ZAreaBrief,
    district: ZAreaBrief.nullable(),
    open: z.number().int(),
    overdue: z.number().int(),
    dueToday: z.number().int(),
    /** The earliest verify deadline among its open leads; null without any. */
    oldestDeadline: z.string().nullable(),
  })),
  total: z.object({ open: z.number().int(), overdue: z.number().int(), dueToday: z.number().int() }),
});
export type LeadBacklog = z.infer<typeof ZLeadBacklog>;

/** GET /api/leads/figures?from=&to= (dates; default the current month): leads whose first clue lies in the period. */
export const ZLeadFiguresQuery = z.object({
  from: zDate("开始日期").optional(),
  to: zDate("结束日期").optional(),
  areaId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
}).refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], message: "结束日期不能早于开始日期" });

export const ZLeadFigures = z.object({
  from: z.string(),
  to: z.string(),
  /** Clues received in the period, per source (every source listed, zero included). */
  cluesBySource: z.array(z.object({ source: z.enum(CLUE_SOURCE_CODES), label: z.string(), count: z.number().int() })),
  /** Leads whose first clue is in the period, by what became of them (as of now). */
  leadsByOutcome: z.object({ total: z.number().int(), open: z.number().int(), caseOpened: z.number().int(), dismissed: z.number().int() }),
  /** From first clue to the case's opening (calendar days), over the leads of the period that opened a case. */
  clueToCase: z.object({
    count: z.number().int(),
    averageDays: z.number().nullable(),
    medianDays: z.number().nullable(),
    /** How many were opened by their verify deadline (the rule set's verifyWithin). */
    withinLimit: z.number().int(),
  }),
});
export type LeadFigures = z.infer<typeof ZLeadFigures>;
