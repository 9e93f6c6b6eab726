import { z } from "zod";
import { zDate } from "./dates.ts";
import { zLine, zMultiline } from "./text.ts";
import { DESIGNATIONS, HOUSEHOLD_CATEGORIES, MONITORING_TYPES } from "./categories.ts";
import { CITIZEN_ID_MESSAGES, describeCitizenId, findCitizenIdProblem, normalizeCitizenId } from "./citizen-id.ts";
import {
  EDUCATION, ETHNICITY, GENDER, HEALTH, ID_TYPE, INCOME_ITEM_KEYS, POLITICAL_STATUS, RELATION, RISK_CAUSE,
  SCHOOL_STATUS, WORK_REGION, type IncomeItem,
} from "./collection-form.ts";
import { ZAreaRef } from "./auth-schemas.ts";
import { HOUSEHOLD_NO_MESSAGE, HOUSEHOLD_NO_PATTERN } from "./household-no.ts";
import { ZPageQuery } from "./pagination.ts";
import "./zod-zh.ts";

const choose = (what: string) => ({ error: `请选择${what}` });

/**
 * A4: an 18-digit citizen ID, or for a disability certificate the ID plus two
 * digits (category 1–7, grade 1–4). Checked on the field itself, so its
 * message shows together with the member's other errors.
 */
export const ZIdNumber = z
  .string({ error: "请输入证件号码" })
  .transform(normalizeCitizenId)
  .superRefine((id, ctx) => {
    if (id.length === 0) {
      ctx.addIssue({ code: "custom", message: "请输入证件号码" });
      return;
    }
    if (id.length !== 18 && id.length !== 20) {
      ctx.addIssue({ code: "custom", message: CITIZEN_ID_MESSAGES.LENGTH });
      return;
    }
    if (id.length === 20 && !/^[1-7][1-4]$/.test(id.slice(18))) {
      ctx.addIssue({ code: "custom", message: "残疾人证号码应为 20 位：18 位身份证号码加残疾类别（1–7）和等级（1–4）" });
      return;
    }
    const problem = findCitizenIdProblem(id.slice(0, 18));
    if (problem) ctx.addIssue({ code: "custom", message: CITIZEN_ID_MESSAGES[problem] });
  });

/**
 * What is wrong with a member's ID number as typed, in the words the API
 * uses, or null: the SPA says it when the user leaves the field. The gender
 * check waits for submit (the form fills the gender from the number).
 */
export function memberIdNumberProblem(idType: string | undefined, idNumber: string): string | null {
  const parsed = ZIdNumber.safeParse(idNumber);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? null;
  let problem: string | null = null;
  const ctx = { addIssue: (issue: { message?: string }) => void (problem ??= issue.message ?? null) } as unknown as z.RefinementCtx;
  if (idType) checkMemberIdentity({ idType, idNumber: parsed.data, gender: describeCitizenId(parsed.data.slice(0, 18)).gender }, ctx);
  return problem;
}

const memberFields = {
  /** Present when editing an existing member. */
  id: z.string().uuid().optional(),
  name: zLine().min(1, "请输入姓名").max(50, "姓名最多 50 个字符"),
  gender: z.enum(GENDER.codes, choose("性别")),
  idType: z.enum(ID_TYPE.codes, choose("证件类型")),
  relation: z.enum(RELATION.codes, choose("与户主关系")),
  ethnicity: z.enum(ETHNICITY.codes, choose("民族")),
  politicalStatus: z.enum(POLITICAL_STATUS.codes, choose("政治面貌")),
  education: z.enum(EDUCATION.codes, choose("文化程度")),
  schoolStatus: z.enum(SCHOOL_STATUS.codes, choose("在校状况")),
  health: z.enum(HEALTH.codes, choose("健康状况")),
  workRegion: z.enum(WORK_REGION.codes, choose("务工区域")),
  workMonths: z.number({ error: "请输入务工时间（月）" }).int("务工时间须为整月").min(0, "务工时间不能为负").max(12, "务工时间最多 12 个月"),
};

/** The number must fit the document type, and the gender the number's 17th digit. */
export function checkMemberIdentity(m: { idType: string; idNumber: string; gender: string }, ctx: z.RefinementCtx, path: (string | number)[] = []) {
  // A number that failed its own field check has already been reported there.
  if ((m.idNumber.length !== 18 && m.idNumber.length !== 20) || findCitizenIdProblem(m.idNumber.slice(0, 18))) return;
  if (m.idType === "RESIDENT_ID" && m.idNumber.length !== 18) {
    ctx.addIssue({ code: "custom", path: [...path, "idNumber"], message: "居民身份证号码应为 18 位；20 位的残疾人证号码请将证件类型选为“残疾人证”" });
    return;
  }
  if (m.idType === "DISABILITY_CERT" && m.idNumber.length !== 20) {
    ctx.addIssue({ code: "custom", path: [...path, "idNumber"], message: "残疾人证号码应为 20 位：18 位身份证号码加残疾类别（1–7）和等级（1–4）" });
    return;
  }
  if (describeCitizenId(m.idNumber.slice(0, 18)).gender !== m.gender) {
    ctx.addIssue({ code: "custom", path: [...path, "gender"], message: "性别与身份证号码第 17 位不符（奇数为男，偶数为女）" });
  }
}

export const ZMember = z.object({ ...memberFields, idNumber: ZIdNumber }).superRefine((m, ctx) => checkMemberIdentity(m, ctx));

/**
 * A member in an update: an existing member (with `id`) may leave out the ID
 * number to keep the stored one, so editing never needs the full number.
 */
export const ZMemberUpdate = z.object({ ...memberFields, idNumber: ZIdNumber.optional() }).superRefine((m, ctx) => {
  if (!m.id && !m.idNumber) ctx.addIssue({ code: "custom", path: ["idNumber"], message: "请输入证件号码" });
  if (m.idNumber) checkMemberIdentity({ ...m, idNumber: m.idNumber }, ctx);
});
export type MemberUpdate = z.output<typeof ZMemberUpdate>;
export type MemberInput = z.input<typeof ZMember>;
export type Member = z.output<typeof ZMember>;

const ZYuan = z
  .number({ error: "请输入金额（元）" })
  .min(0, "金额不能为负")
  .max(10_000_000, "金额过大，请核对（单位为元）")
  .multipleOf(0.01, "金额最多保留两位小数");

export const ZIncome = z.object(
  Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, ZYuan.default(0)])) as Record<IncomeItem, z.ZodDefault<typeof ZYuan>>,
);

export const ZPhone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, "请输入 11 位手机号码或带区号的固定电话（如 0631-5201234）");

const householdFields = {
  category: z.enum(HOUSEHOLD_CATEGORIES, choose("户类别")),
  villageId: z.number({ error: "请选择村" }).int().positive("请选择村").max(2_147_483_647, "请选择村"),
  naturalVillageId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
  addressDetail: zMultiline().max(200).nullable().optional(),
  phone: ZPhone.nullable().optional(),
  /** A52a–c: up to three, no repeats. */
  riskCauses: z
    .array(z.enum(RISK_CAUSE.codes, choose("致贫（返贫）风险")))
    .max(3, "致贫风险最多选 3 项")
    .refine((a) => new Set(a).size === a.length, "致贫风险不能重复选择")
    .default([]),
  difficultyDescription: zMultiline().max(2000).nullable().optional(),
  incomeYear: z.number().int().min(2000).max(2100).nullable().optional(),
  income: ZIncome.default(Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, 0])) as Record<IncomeItem, number>),
};
const ZMembers = z.array(ZMember).min(1, "至少填写一名家庭成员（户主）").max(30, "家庭成员最多 30 人");

/** Exactly one head, and no ID number twice. */
export function checkHouseholdMembers(members: { relation: string; idNumber?: string | undefined }[], ctx: z.RefinementCtx) {
  const heads = members.filter((m) => m.relation === "HEAD").length;
  if (heads !== 1) {
    ctx.addIssue({
      code: "custom",
      path: ["members"],
      message: heads === 0 ? "须有一名成员与户主关系为“户主”" : "一户只能有一名户主",
    });
  }
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    if (!m.idNumber) return;
    const key = m.idNumber.slice(0, 18);
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.addIssue({ code: "custom", path: ["members", i, "idNumber"], message: `与第 ${first + 1} 名成员的证件号码重复` });
    } else seen.set(key, i);
  });
}

export const ZCreateHouseholdRequest = z
  .object({
    /** 户编号 from the national system; assigned here when absent. */
    householdNo: zLine().regex(HOUSEHOLD_NO_PATTERN, HOUSEHOLD_NO_MESSAGE).optional(),
    /** Registering an existing household may carry its current designation. */
    designation: z.enum(DESIGNATIONS).nullable().optional(),
    designatedAt: zDate("认定日期").nullable().optional(),
    ...householdFields,
    members: ZMembers,
  })
  .superRefine((h, ctx) => {
    checkHouseholdMembers(h.members, ctx);
    if (h.designation && !h.designatedAt) ctx.addIssue({ code: "custom", path: ["designatedAt"], message: "请填写认定日期" });
  });
export type CreateHouseholdRequest = z.input<typeof ZCreateHouseholdRequest>;

export const ZUpdateHouseholdRequest = z
  .object({
    /** The version the editor saw; a stale one is refused with VERSION_CONFLICT. */
    version: z.number().int().positive(),
    /** Why the data changes (recorded in the audit trail). */
    reason: zMultiline().max(500).optional(),
    /**
     * The category changes through procedures (rollback); an edit may change it only as an
     * administrator's correction, and then this reason is required.
     */
    categoryChangeReason: zMultiline().max(500).optional(),
    ...householdFields,
    members: z.array(ZMemberUpdate).min(1, "至少填写一名家庭成员（户主）").max(30, "家庭成员最多 30 人"),
  })
  .superRefine((h, ctx) => checkHouseholdMembers(h.members, ctx));
export type UpdateHouseholdRequest = z.input<typeof ZUpdateHouseholdRequest>;

export const ZHouseholdListQuery = ZPageQuery.extend({
  /** Any area within the user's scope (township, village, …). */
  areaId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  category: z.enum(HOUSEHOLD_CATEGORIES).optional(),
  /** NONE: households without a designation. */
  designation: z.enum([...DESIGNATIONS, "NONE"]).optional(),
  /** A name from its start (surname, or full name) or an ID number (full, or the last digits). */
  q: zLine().max(50).optional(),
});
export type HouseholdListQuery = z.input<typeof ZHouseholdListQuery>;

export const ZHouseholdSummary = z.object({
  id: z.string(),
  householdNo: z.string(),
  category: z.enum(HOUSEHOLD_CATEGORIES),
  designation: z.enum(DESIGNATIONS).nullable(),
  headName: z.string(),
  headIdNumberMasked: z.string(),
  memberCount: z.number().int(),
  township: ZAreaRef,
  village: ZAreaRef,
  naturalVillage: ZAreaRef.nullable(),
  updatedAt: z.string(),
});
export type HouseholdSummary = z.infer<typeof ZHouseholdSummary>;

export const ZMemberView = z.object({
  id: z.string(),
  name: z.string(),
  gender: z.enum(GENDER.codes),
  idType: z.enum(ID_TYPE.codes),
  /** Always masked; the full number only through the audited reveal call. */
  idNumberMasked: z.string(),
  birthDate: z.string(),
  relation: z.enum(RELATION.codes),
  ethnicity: z.enum(ETHNICITY.codes),
  politicalStatus: z.enum(POLITICAL_STATUS.codes),
  education: z.enum(EDUCATION.codes),
  schoolStatus: z.enum(SCHOOL_STATUS.codes),
  health: z.enum(HEALTH.codes),
  workRegion: z.enum(WORK_REGION.codes),
  workMonths: z.number().int(),
});
export type MemberView = z.infer<typeof ZMemberView>;

export const ZHouseholdDetail = ZHouseholdSummary.extend({
  designatedAt: z.string().nullable(),
  /** The 监测对象's type (rule sets with monitoring types); null otherwise. */
  monitoringType: z.enum(MONITORING_TYPES).nullable(),
  areaPath: z.array(ZAreaRef),
  addressDetail: z.string().nullable(),
  phone: z.string().nullable(),
  riskCauses: z.array(z.enum(RISK_CAUSE.codes)),
  difficultyDescription: z.string().nullable(),
  incomeYear: z.number().int().nullable(),
  income: z.object(Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, z.number()])) as Record<IncomeItem, z.ZodNumber>),
  incomeSummary: z.object({ transfer: z.number(), property: z.number(), net: z.number(), perCapita: z.number() }),
  members: z.array(ZMemberView),
  version: z.number().int(),
  createdAt: z.string(),
});
export type HouseholdDetail = z.infer<typeof ZHouseholdDetail>;

export const ZRevealIdRequest = z.object({
  /** Why the full number is needed; stored in the audit trail. */
  reason: zMultiline().max(200).optional(),
});
export const ZRevealIdResponse = z.object({ idNumber: z.string() });
