import { z } from "zod";
import { zLine, zMultiline } from "../text.ts";
import { RISK_CAUSE } from "../collection-form.ts";
import { checkHouseholdMembers, ZIncome, ZMemberUpdate } from "../household-schemas.ts";
import "../zod-zh.ts";
import { zDate } from "../dates.ts";
import { MONITORING_TYPES } from "../categories.ts";

/** What each step of a procedure records (DOMAIN.md "Details the procedures need"). */

const ZDate = zDate;
const ZText = (what: string, max = 2000) => zMultiline({ error: `请填写${what}` }).min(1, `请填写${what}`).max(max, `${what}最多 ${max} 字`);

export const LEAD_SOURCES = {
  DAILY_VISIT: "日常走访监测",
  DEPARTMENT_WARNING: "部门筛查预警",
  HOTLINE: "12317 等热线",
  SELF_REPORT: "农户自主申报",
  SECRETARY_VISIT: "书记遍访",
  INSPECTION: "审计督查反馈",
  /** Raised by the system's early-warning rules (a lead of that source opens the case); never a staff choice (STAFF_CLUE_SOURCES). */
  EARLY_WARNING: "监测预警规则",
} as const;
export type LeadSource = keyof typeof LEAD_SOURCES;

/** The lead that opens a case. */
export const ZLeadRecord = z.object({
  source: z.enum(Object.keys(LEAD_SOURCES) as [LeadSource, ...LeadSource[]], { error: "请选择线索来源" }),
  receivedOn: ZDate("线索接收日期"),
  riskCauses: z
    .array(z.enum(RISK_CAUSE.codes, { error: "请选择致贫（返贫）风险" }))
    .min(1, "至少选择一项风险")
    .max(3, "风险最多选 3 项")
    .refine((a) => new Set(a).size === a.length, "风险不能重复选择"),
  description: ZText("风险情况描述"),
});
export type LeadRecord = z.infer<typeof ZLeadRecord>;

/** 入户核实 / 入户采集: the visit and the collection-form data as verified. */
export const ZVerificationRecord = z.object({
  visitedOn: ZDate("入户日期"),
  verifiers: z.array(zLine().min(1, "请填写核实人员姓名").max(20)).min(1, "至少填写一名核实人员").max(10),
  findings: ZText("核实情况"),
  riskConfirmed: z.boolean({ error: "请选择风险是否属实" }),
  /** The monitoring type proposed (procedures that designate a 监测对象; the rule set lists the types). */
  monitoringType: z.enum(MONITORING_TYPES, { error: "请选择监测对象类型" }).optional(),
  /**
   * The household's 采集表 data as verified; when present it becomes the
   * household's data. Existing members may omit their ID number to keep it.
   */
  collectionForm: z
    .object({
      members: z.array(ZMemberUpdate).min(1, "至少填写一名家庭成员（户主）").max(30, "家庭成员最多 30 人"),
      income: ZIncome,
      riskCauses: z.array(z.enum(RISK_CAUSE.codes)).max(3, "风险最多选 3 项").refine((a) => new Set(a).size === a.length, "风险不能重复选择"),
      /** null clears the description; absent keeps it. */
      difficultyDescription: zMultiline().max(2000).nullable().optional(),
      /** The household version the form was filled from: a household changed since is not overwritten unseen. */
      householdVersion: z.number({ error: "缺少家庭档案版本号，请刷新后重试" }).int().positive(),
    })
    .superRefine((f, ctx) => checkHouseholdMembers(f.members, ctx))
    .optional(),
});
export type CollectionForm = NonNullable<z.infer<typeof ZVerificationRecord>["collectionForm"]>;
export type VerificationRecord = z.infer<typeof ZVerificationRecord>;

/** 村级民主评议 */
export const ZAppraisalRecord = z
  .object({
    heldOn: ZDate("评议日期"),
    participants: z.number({ error: "请填写参会人数" }).int("人数须为整数").min(3, "参会人数至少 3 人").max(500),
    votesFor: z.number({ error: "请填写同意票数" }).int().min(0),
    votesAgainst: z.number({ error: "请填写反对票数" }).int().min(0),
    passed: z.boolean({ error: "请选择评议结果" }),
    minutesSummary: ZText("会议记录摘要"),
  })
  .superRefine((a, ctx) => {
    if (a.votesFor + a.votesAgainst > a.participants) {
      ctx.addIssue({ code: "custom", path: ["votesAgainst"], message: "同意票与反对票之和不能超过参会人数" });
    }
    if (a.passed && a.votesFor * 2 <= a.participants) {
      ctx.addIssue({ code: "custom", path: ["passed"], message: "同意票未超过参会人数的一半，评议不能为通过" });
    }
  });
export type AppraisalRecord = z.infer<typeof ZAppraisalRecord>;

const ZCrossCheckResult = z
  .object({ result: z.enum(["CLEAR", "HIT"], { error: "请选择比对结果" }), note: zMultiline().max(500).optional() })
  .refine((c) => c.result === "CLEAR" || !!c.note, { message: "比对有疑点时请说明情况", path: ["note"] });

/** Codes of a rule set's cross-check items and exclusions (rule data; the engine checks them against the rule set). */
const ZRuleItemCode = z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, "核对项目代码不正确");

/**
 * 区县审核 / 乡镇审核: the information cross-check and the exclusions, each
 * checked, then one of three decisions. Which items exist and whether they are
 * required is rule data (rules.ts); the engine enforces it.
 */
const reviewFields = {
  crossChecks: z.record(ZRuleItemCode, ZCrossCheckResult).refine((r) => Object.keys(r).length <= 30, "比对项目过多").optional(),
  /** true = the exclusion applies to this household. */
  exclusions: z.record(ZRuleItemCode, z.boolean({ error: "请逐项核对" })).refine((r) => Object.keys(r).length <= 30, "核对项目过多").optional(),
};
export const ZApproveRecord = z.object({
  ...reviewFields,
  note: zMultiline().max(1000).optional(),
  /** The district settles the monitoring type proposed at verification (procedures that designate a 监测对象). */
  monitoringType: z.enum(MONITORING_TYPES, { error: "请选择监测对象类型" }).optional(),
  /** 公告: the district's announcement of its decision, where the step requires one (risk elimination). */
  announcement: zMultiline().min(1, "请填写公告内容").max(1000, "公告内容最多 1000 字").optional(),
});
export const ZReturnRecord = z.object({ ...reviewFields, reason: ZText("需要更正的内容", 1000) });
export const ZRejectRecord = z.object({ ...reviewFields, reason: ZText("不予纳入的理由", 1000) });
export type ApproveRecord = z.infer<typeof ZApproveRecord>;

/** 村内公示: posting. The end date is computed from the rules, not entered. */
export const ZPublicityRecord = z.object({
  postedOn: ZDate("公示张贴日期"),
  place: ZText("公示地点", 200),
});
export type PublicityRecord = z.infer<typeof ZPublicityRecord>;

/** An objection raised during publicity. */
export const ZObjectionRecord = z.object({
  receivedOn: ZDate("异议受理日期"),
  content: ZText("异议内容"),
  raisedBy: zLine().max(50).optional(),
});
export type ObjectionRecord = z.infer<typeof ZObjectionRecord>;

/** The district's decision on an objection. */
export const ZObjectionDecisionRecord = z.object({
  decision: z.enum(["DISMISS", "UPHOLD_AND_CLOSE", "UPHOLD_AND_RETURN"], { error: "请选择裁定结果" }),
  handling: ZText("调查核实及处理情况"),
});
export type ObjectionDecisionRecord = z.infer<typeof ZObjectionDecisionRecord>;

/** The village records that publicity ended without a valid objection. */
export const ZOutcomeRecord = z.object({
  note: zMultiline().max(500).optional(),
});

export const ZWithdrawalRecord = z.object({ reason: ZText("撤回原因", 500) });

/** 先帮扶、后认定: the township meeting that decided to assist before designation. */
export const ZAssistFirstRecord = z.object({
  meetingOn: ZDate("镇级会议日期"),
  minutesSummary: ZText("会议记录摘要"),
  measures: ZText("先行帮扶措施", 1000),
});
export type AssistFirstRecord = z.infer<typeof ZAssistFirstRecord>;

/** 农户授权承诺: the household's signed consent to the checks of its data (national model, before verification). */
export const ZConsentRecord = z.object({
  signedOn: ZDate("签署日期"),
  signedBy: zLine({ error: "请填写签署人姓名" }).min(1, "请填写签署人姓名").max(50),
  note: zMultiline().max(500).optional(),
});
export type ConsentRecord = z.infer<typeof ZConsentRecord>;

/** One criterion of risk elimination as the verifiers assessed it. */
const ZCriterion = (what: string) =>
  z.object({ met: z.boolean({ error: `请评估：${what}` }), note: zMultiline().max(500).optional() });

/**
 * 风险消除入户核实: by at least two people, with an assessment of each
 * criterion (DOMAIN.md "The national model", risk elimination). The income
 * is judged against the rule set's monitoring line of its year.
 */
export const ZAssessmentRecord = z.object({
  visitedOn: ZDate("入户日期"),
  verifiers: z.array(zLine().min(1, "请填写核实人员姓名").max(20)).min(2, "风险消除须至少两人入户核实").max(10),
  income: z.object({
    year: z.number({ error: "请填写收入年度" }).int().min(2015, "收入年度不正确").max(2100, "收入年度不正确"),
    /** Per-capita net income of that year, yuan. */
    perCapitaYuan: z.number({ error: "请填写人均纯收入" }).min(0, "人均纯收入不能为负").max(10_000_000, "人均纯收入过大，请核对"),
    /** Months the income has stayed above the line. */
    stableMonths: z.number({ error: "请填写收入稳定的月数" }).int("月数须为整数").min(0).max(120),
  }),
  rigidExpensesResolved: ZCriterion("大额刚性支出是否稳定解决"),
  basicNeedsSecured: ZCriterion("“两不愁三保障”及饮水安全是否有保障"),
  originalRiskGone: ZCriterion("识别时的风险是否已消除"),
  noNewRisk: ZCriterion("是否无新的风险"),
  /** 无劳动能力、由社会保障兜底: such a household stays monitored. */
  noLabourCapacityCoveredBySocialSecurity: z.boolean({ error: "请选择是否为无劳动能力、由社会保障兜底的家庭" }),
  findings: ZText("核实情况"),
});
export type AssessmentRecord = z.infer<typeof ZAssessmentRecord>;
