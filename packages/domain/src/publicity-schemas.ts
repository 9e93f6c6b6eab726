import { z } from "zod";
import { zDate } from "./dates.ts";
import { hasUntypeable, UNTYPEABLE_MESSAGE } from "./text.ts";
import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS, MONITORING_TYPE_LABELS, type MonitoringType } from "./categories.ts";
import { RISK_CAUSE } from "./collection-form.ts";
import type { ProcedureOutcome } from "./procedures/procedure.ts";
import "./zod-zh.ts";

/**
 * 村内公示: the notice a village posts for the households publicised together
 * in one period. DOMAIN.md "What a publicity notice may show": names, village,
 * category and the period; never ID numbers, phone numbers, bank accounts or
 * health details. The response schema below cannot carry them: every object
 * is strict (an extra field fails the response, it is not passed through),
 * the reason is a closed list of risk-cause labels, and no free text may hold
 * a run of digits that could be an ID, phone or account number.
 */

/** A notice is one village and one posting date; "pending" is the notice still to be posted. */
export const ZPublicityPeriodKey = z.union([z.literal("pending"), zDate("公示日期")]);

export const ZPublicityNoticeParams = z.object({
  villageId: z.coerce.number({ error: "村编号格式不正确" }).int().positive().max(2_147_483_647),
  period: ZPublicityPeriodKey,
});

export const ZPublicityNoticeQuery = z.object({
  /** For the pending notice: the day it will be posted (default today); the period follows from it. */
  postedOn: zDate("张贴日期").optional(),
});

/** No digit run long enough to be a phone (7+), ID (15/18) or bank number. */
const NO_NUMBERS = /\d{7,}/;
const ZPlainText = (max: number) =>
  z.string().max(max).refine((s) => !hasUntypeable(s), UNTYPEABLE_MESSAGE).refine((s) => !NO_NUMBERS.test(s.replace(/[\s-]/g, "")), "公示内容不得包含证件号码、电话号码或账号");

/** Office telephone for objections (区号-号码, or a hotline like 12317); never a mobile number. */
export const OFFICE_PHONE = /^(0\d{2,3}-?\d{7,8}(-\d{1,6})?|12317|12345)$/;

const ZNoticeArea = z.strictObject({ id: z.number().int(), name: ZPlainText(100) });

export const ZPublicityNoticeHousehold = z.strictObject({
  /** 户主姓名 */
  headName: ZPlainText(50),
  /** 自然村（村民小组）, when known. */
  naturalVillage: ZPlainText(100).nullable(),
  /** 户类别 label, e.g. 一般农户. */
  categoryLabel: z.enum(Object.values(HOUSEHOLD_CATEGORY_LABELS) as [string, ...string[]]),
  /** What the procedure proposes: 即时帮扶户, 脱贫监测户 or 回退为脱贫享受政策户. */
  proposedLabel: ZPlainText(30),
  /** 风险类型 (A52) labels only: the category of the risk, never the member's health record. */
  reasons: z.array(z.enum(RISK_CAUSE.codes.map((c) => RISK_CAUSE.labels[c]) as [string, ...string[]])).max(3),
});
export type PublicityNoticeHousehold = z.infer<typeof ZPublicityNoticeHousehold>;

export const ZPublicityNoticeSummary = z.strictObject({
  village: ZNoticeArea,
  township: ZNoticeArea,
  /** YYYY-MM-DD, or "pending" for the households still to be posted. */
  period: ZPublicityPeriodKey,
  /** Posting date (planned for a pending notice: today) and the period it gives. */
  postedOn: z.iso.date(),
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
  posted: z.boolean(),
  /** 公示中 / 公示期满 / 待张贴. */
  status: z.enum(["PENDING", "RUNNING", "ENDED"]),
  householdCount: z.number().int(),
});
export type PublicityNoticeSummary = z.infer<typeof ZPublicityNoticeSummary>;

export const ZPublicityNoticeList = z.strictObject({ items: z.array(ZPublicityNoticeSummary) });

export const ZPublicityNotice = ZPublicityNoticeSummary.extend({
  title: ZPlainText(100),
  /** The opening paragraph: who decided what, by which rule. */
  preamble: ZPlainText(500),
  households: z.array(ZPublicityNoticeHousehold),
  /** Where the notice hangs (from the posting record), when posted. */
  place: ZPlainText(200).nullable(),
  /** Where to raise objections: the village committee and the township government by name. */
  objectionBodies: z.array(ZPlainText(100)).min(1),
  /** An office or hotline number set for the deployment (PUBLICITY_OBJECTION_PHONE); never a household's phone. */
  objectionPhone: z.string().regex(OFFICE_PHONE, "异议受理电话应为办公电话或热线").nullable(),
  /** 落款: the village committee. */
  issuer: ZPlainText(100),
  /** 落款日期: the posting date. */
  issuedOn: z.iso.date(),
});
export type PublicityNotice = z.infer<typeof ZPublicityNotice>;

/** What completing the procedure does to the household, as the notice says it. */
export function proposedOutcomeLabel(outcome: ProcedureOutcome, monitoringType: MonitoringType | null): string {
  switch (outcome.type) {
    case "DESIGNATE":
      return monitoringType ? `${DESIGNATION_LABELS[outcome.designation]}（${MONITORING_TYPE_LABELS[monitoringType]}）` : DESIGNATION_LABELS[outcome.designation];
    case "CHANGE_CATEGORY": return `回退为${HOUSEHOLD_CATEGORY_LABELS[outcome.category]}`;
    case "END_DESIGNATION": return "风险消除";
  }
}

/** 张村 + the outcomes of its households' procedures → "张村防止返贫监测对象拟纳入名单公示" (or the rollback's, the elimination's, or several). */
export function noticeTitle(villageName: string, outcomes: readonly ProcedureOutcome["type"][]): string {
  const inclusion = outcomes.includes("DESIGNATE") || outcomes.length === 0;
  const rollback = outcomes.includes("CHANGE_CATEGORY");
  const elimination = outcomes.includes("END_DESIGNATION");
  if (rollback && !inclusion && !elimination) return `${villageName}脱贫不再享受政策户拟回退名单公示`;
  if (elimination && !inclusion && !rollback) return `${villageName}防止返贫监测对象拟风险消除名单公示`;
  const parts = [inclusion && "防止返贫监测对象拟纳入", rollback && "脱贫户拟回退", elimination && "监测对象拟风险消除"].filter(Boolean);
  return `${villageName}${parts.join("及")}名单公示`;
}

/** 张村 → 张村村民委员会; a 社区 has a 居民委员会. */
export function villageCommitteeName(villageName: string): string {
  return villageName.endsWith("社区") ? `${villageName}居民委员会` : `${villageName}村民委员会`;
}

/** 张村镇 → 张村镇人民政府; a 街道 has an 办事处. */
export function townshipGovernmentName(townshipName: string): string {
  return townshipName.endsWith("街道") ? `${townshipName}办事处` : `${townshipName}人民政府`;
}
