import { z } from "zod";
import { ZIdNumber, ZPhone } from "../household-schemas.ts";
import { zLine, zMultiline } from "../text.ts";
import { ZRiskCauses } from "./lead-schemas.ts";
import "../zod-zh.ts";

/**
 * 农户自主申报 / 一键报贫: the public page, without sign-in (contract of issue 15).
 * POST /api/public/self-reports answers 201 {reference}; GET
 * /api/public/self-reports/{reference}?phoneLast4=NNNN answers the status.
 * Nothing from the registry is ever shown on a public page: the status says
 * only where the report is, in words.
 */
export const SELF_REPORT_LIMITS = {
  descriptionMaxChars: 1000,
  /** The JSON body; anything larger is refused before it is parsed. */
  bodyMaxBytes: 16 * 1024,
} as const;

export const ZSelfReportRequest = z.object({
  /** The village's 12-digit code (the QR code presets it). */
  villageCode: z.string({ error: "请选择所在村" }).regex(/^\d{12}$/, "请选择所在村"),
  name: zLine({ error: "请填写姓名" }).min(1, "请填写姓名").max(50, "姓名最多 50 字"),
  phone: ZPhone,
  idNumber: ZIdNumber.optional(),
  riskCauses: ZRiskCauses.optional(),
  description: zMultiline({ error: "请说明家里遇到的困难" })
    .min(1, "请说明家里遇到的困难")
    .max(SELF_REPORT_LIMITS.descriptionMaxChars, `困难情况最多 ${SELF_REPORT_LIMITS.descriptionMaxChars} 字`),
  /** The answer to the challenge, once the page asked for one (429 SELF_REPORT_CHALLENGE). */
  challenge: z.string().max(2000).optional(),
});
export type SelfReportRequest = z.output<typeof ZSelfReportRequest>;

export const ZSelfReportCreated = z.object({ reference: z.string() });

export const ZSelfReportStatusQuery = z.object({
  phoneLast4: z.string({ error: "请输入手机号码后 4 位" }).regex(/^\d{4}$/, "请输入手机号码后 4 位"),
});

/** The steps a villager sees, in words; no names, no registry data. */
export const SELF_REPORT_STEPS = ["RECEIVED", "HANDED_OVER", "VERIFYING", "CASE_OPENED", "CLOSED"] as const;
export type SelfReportStep = (typeof SELF_REPORT_STEPS)[number];
export const SELF_REPORT_STEP_LABELS: Record<SelfReportStep, string> = {
  RECEIVED: "已收到申报",
  HANDED_OVER: "已转交乡镇",
  VERIFYING: "乡镇核实中",
  CASE_OPENED: "已进入识别认定程序",
  CLOSED: "核实完毕",
};

export const ZSelfReportStatus = z.object({
  reference: z.string(),
  submittedOn: z.string(),
  step: z.enum(SELF_REPORT_STEPS),
  stepLabel: z.string(),
  /** What happens next or what was decided, in plain words (e.g. the dismissal's reason). */
  message: z.string(),
  /** The steps passed so far, with their dates. */
  history: z.array(z.object({ step: z.enum(SELF_REPORT_STEPS), label: z.string(), on: z.string() })),
  /** The township's hotline for questions (rule data: objection phones). */
  phone: z.string().nullable(),
});
export type SelfReportStatus = z.infer<typeof ZSelfReportStatus>;

/** The reference's alphabet: no 0/O, 1/I/L, so it can be read out over the phone and typed back. */
export const SELF_REPORT_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const SELF_REPORT_REFERENCE_LENGTH = 10;

/** The proof-of-work challenge (ALTCHA's format): find `number` ≤ maxnumber with SHA-256(salt + number) = challenge. */
export const ZSelfReportChallenge = z.object({
  algorithm: z.string(),
  challenge: z.string(),
  maxnumber: z.number().int().optional(),
  salt: z.string(),
  signature: z.string(),
});
export type SelfReportChallenge = z.infer<typeof ZSelfReportChallenge>;

/** 429 SELF_REPORT_CHALLENGE: the usual error shape plus the challenge to solve (answered as base64 JSON in `challenge`). */
export const ZSelfReportChallengeError = z.object({
  code: z.literal("SELF_REPORT_CHALLENGE"),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })),
  requestId: z.string(),
  challenge: ZSelfReportChallenge,
});

/** The village picker of the public page: names and codes of the area tree down to villages, nothing else. */
export const ZPublicAreaQuery = z.object({
  parentCode: z.string().regex(/^\d{1,15}$/, "行政区划代码格式不正确").optional(),
});
export const ZPublicArea = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(["PROVINCE", "CITY", "DISTRICT", "TOWNSHIP", "VILLAGE"]),
});
export const ZPublicAreaList = z.object({ areas: z.array(ZPublicArea) });
export type PublicArea = z.infer<typeof ZPublicArea>;

/** A village preset by the QR code: its name path from the top (e.g. 威海市 / 文登区 / 张村镇 / 张村). */
export const ZPublicVillage = z.object({ code: z.string(), name: z.string(), path: z.array(ZPublicArea) });
export type PublicVillage = z.infer<typeof ZPublicVillage>;
