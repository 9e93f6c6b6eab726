import { randomInt, timingSafeEqual } from "node:crypto";
import { createChallenge, verifySolution } from "altcha-lib";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import {
  SELF_REPORT_REFERENCE_ALPHABET, SELF_REPORT_REFERENCE_LENGTH, SELF_REPORT_STEP_LABELS,
  type PublicArea, type PublicVillage, type SelfReportRequest, type SelfReportStatus, type SelfReportStep,
} from "@fanpin/domain/detection/self-report-schemas";
import { AppError } from "../../lib/app-error.ts";
import { dataKeys } from "../../lib/data-crypto.ts";
import type { Deps } from "../../lib/deps.ts";
import type { AuditActor } from "../audit/audit.repository.ts";
import { receiveClue } from "../leads/leads.service.ts";
import * as repo from "./self-reports.repository.ts";

/** The client as the public routes know it: no session, only an address. */
export type PublicClient = { ip: string | null; requestId: string };

const CHALLENGE_MINUTES = 10;
const iso = (d: Date) => d.toISOString().slice(0, 10);
/** Midnight in China (UTC+8, no daylight saving): the limits count per calendar day there. */
const dayStartOf = (now: Date) => new Date(`${todayInChina(now)}T00:00:00+08:00`);
const addressKey = (client: PublicClient) => `ip:${client.ip ?? "unknown"}`;

/**
 * The HMAC key of the challenges, derived from the blind-index key (every API process has it, no extra secret to
 * deploy). A "phone-last4" index is only ever computed over 4 digits, so this value cannot collide with a real one.
 */
function challengeKey(): string {
  return dataKeys().blindIndex("phone-last4", "self-report-challenge-hmac-key").toString("hex");
}

export async function newChallenge(deps: Deps) {
  // ALTCHA checks expiry against the real clock, so the real clock sets it (not deps.clock, which tests move).
  return createChallenge({
    hmacKey: challengeKey(), maxnumber: deps.config.selfReport.challengeMaxNumber,
    expires: new Date(Date.now() + CHALLENGE_MINUTES * 60_000),
  });
}

async function challengeError(deps: Deps, message?: string): Promise<AppError> {
  return new AppError("SELF_REPORT_CHALLENGE", { ...(message ? { message } : {}), extra: { challenge: await newChallenge(deps) } });
}

/** The solved challenge's signature, once it checks out; null otherwise. */
async function verifiedChallenge(answer: string | undefined): Promise<string | null> {
  if (!answer) return null;
  try {
    if (!(await verifySolution(answer, challengeKey(), true))) return null;
    const payload = JSON.parse(Buffer.from(answer, "base64").toString("utf8")) as { signature?: unknown };
    return typeof payload.signature === "string" && /^[0-9a-f]{16,100}$/.test(payload.signature) ? payload.signature : null;
  } catch {
    return null;
  }
}

function newReference(): string {
  let s = "";
  for (let i = 0; i < SELF_REPORT_REFERENCE_LENGTH; i++) s += SELF_REPORT_REFERENCE_ALPHABET[randomInt(SELF_REPORT_REFERENCE_ALPHABET.length)];
  return s;
}

/**
 * POST /api/public/self-reports: the report becomes a SELF_REPORT clue of the village's township. Refused (and
 * nothing written) past the limits per address and per phone; past `challengeAfter` reports from one address a
 * solved proof-of-work challenge is required, each usable once. The counts are claimed inside the clue's
 * transaction, so a refusal there rolls the clue back too.
 */
export async function submitSelfReport(deps: Deps, client: PublicClient, input: SelfReportRequest): Promise<{ reference: string }> {
  const limits = deps.config.selfReport;
  const village = await repo.findArea(deps.prisma, input.villageCode);
  if (!village || village.level !== "VILLAGE") {
    throw new AppError("VALIDATION_FAILED", { details: [{ path: "villageCode", message: "未找到该村，请重新选择所在村" }] });
  }
  const now = deps.clock();
  const dayStart = dayStartOf(now);
  const ipKey = addressKey(client);
  const phoneKey = `phone:${dataKeys().blindIndex("phone", input.phone).toString("hex")}`;
  const counts = await repo.throttleCounts(deps.prisma, [ipKey, phoneKey], dayStart);
  const fromAddress = counts.get(ipKey) ?? 0;
  if (fromAddress >= limits.perAddress || (counts.get(phoneKey) ?? 0) >= limits.perPhone) throw new AppError("SELF_REPORT_LIMITED");
  const needsChallenge = fromAddress >= limits.challengeAfter;
  const signature = needsChallenge ? await verifiedChallenge(input.challenge) : null;
  if (needsChallenge && !signature) throw await challengeError(deps, input.challenge ? "验证未通过或已过期，请重新验证后提交" : undefined);

  let reference = newReference();
  while ((await repo.referenceTaken(deps.prisma, reference)) > 0) reference = newReference();
  const actor: AuditActor = { id: null, username: "system", role: null, requestId: client.requestId, ip: client.ip };
  await receiveClue(deps, actor, {
    source: "SELF_REPORT", receivedOn: todayInChina(now), description: input.description, riskCauses: input.riskCauses ?? [],
    person: { name: input.name, villageId: village.id, villageCode: village.code },
    phone: input.phone, idNumber: input.idNumber ?? null, reporterName: input.name, reference,
  }, async (tx) => {
    if (!(await repo.claimThrottle(tx, ipKey, now, dayStart, limits.perAddress))) throw new AppError("SELF_REPORT_LIMITED");
    if (!(await repo.claimThrottle(tx, phoneKey, now, dayStart, limits.perPhone))) throw new AppError("SELF_REPORT_LIMITED");
    // A solved challenge answers once: its signature is claimed with a limit of 1.
    if (signature && !(await repo.claimThrottle(tx, `pow:${signature}`, now, dayStart, 1))) throw await challengeError(deps, "验证已使用过，请重新验证后提交");
  });
  return { reference };
}

const notFound = () => new AppError("SELF_REPORT_NOT_FOUND");

/**
 * GET /api/public/self-reports/:reference: where the report is, in words, for whoever gives the reference and
 * the phone's last 4 digits. A wrong reference and wrong digits are the same 404; failures per address are
 * limited per day, so neither can be guessed.
 */
export async function selfReportStatus(deps: Deps, client: PublicClient, rawReference: string, phoneLast4: string): Promise<SelfReportStatus> {
  const limits = deps.config.selfReport;
  const now = deps.clock();
  const dayStart = dayStartOf(now);
  const failKey = `status:${client.ip ?? "unknown"}`;
  const reference = rawReference.trim().toUpperCase();
  // One statement: the address's failures today and the report (a malformed reference looks up nothing).
  const { failures, report: row } = await repo.findSelfReport(deps.prisma, /^[0-9A-Z]{1,16}$/.test(reference) ? reference : "", failKey, dayStart);
  if (failures >= limits.statusFailuresPerAddress) {
    throw new AppError("RATE_LIMITED", { message: "查询失败次数过多，请明天再试，或拨打 12317 热线咨询" });
  }
  const last4Ok = row?.phoneLast4Bidx != null && dataKeys().blindIndexCandidates("phone-last4", phoneLast4)
    .some((b) => b.length === row.phoneLast4Bidx!.length && timingSafeEqual(b, Buffer.from(row.phoneLast4Bidx!)));
  if (!row || !last4Ok) {
    await repo.claimThrottle(deps.prisma, failKey, now, dayStart, limits.statusFailuresPerAddress);
    throw notFound();
  }
  return statusOf(reference, row, todayInChina(now), deps.config.publicityObjectionPhone ?? "12317");
}

/** The steps reached, from the lead's state and dates. Exported for the unit test. */
export function statusOf(reference: string, row: repo.SelfReportRow, today: string, phone: string): SelfReportStatus {
  const received = iso(row.receivedOn);
  // A clue merged into a lead already handed over is at the township from the day it came in.
  const handed = iso(row.handedOn) > received ? iso(row.handedOn) : received;
  const closed = row.state !== "OPEN" && row.closedOn ? iso(row.closedOn) : null;
  const history: SelfReportStatus["history"] = [];
  const reach = (step: SelfReportStep, on: string) => history.push({ step, label: SELF_REPORT_STEP_LABELS[step], on });
  reach("RECEIVED", received);
  if (handed <= today || closed) reach("HANDED_OVER", handed);
  if (handed < today && (!closed || closed > handed)) {
    const verifyingFrom = iso(new Date(Date.parse(`${handed}T00:00:00Z`) + 86_400_000));
    if (!closed || verifyingFrom <= closed) reach("VERIFYING", verifyingFrom);
  }
  if (closed) reach(row.state === "CASE_OPENED" ? "CASE_OPENED" : "CLOSED", closed);
  const step = history.at(-1)!.step;
  const messages: Record<SelfReportStep, string> = {
    RECEIVED: "您的申报已收到，将在下一个工作日转交乡镇（街道）核实。",
    HANDED_OVER: "您的申报已转交乡镇（街道），工作人员将与您联系核实情况，请保持电话畅通。",
    VERIFYING: "乡镇（街道）正在核实您家的情况，请保持电话畅通。",
    CASE_OPENED: "经核实，已进入防止返贫监测对象识别认定程序，村和乡镇（街道）工作人员将上门办理。",
    CLOSED: `经乡镇（街道）核实：${row.dismissReason ?? "暂不需要纳入监测"}。如有疑问，请拨打 ${phone} 咨询。`,
  };
  return { reference, submittedOn: received, step, stepLabel: SELF_REPORT_STEP_LABELS[step], message: messages[step], history, phone };
}

/** GET /api/public/villages: the picker's next level (names and codes only). */
export async function listPublicAreas(deps: Deps, parentCode: string | undefined): Promise<PublicArea[]> {
  if (!parentCode) return repo.listChildAreas(deps.prisma, null) as Promise<PublicArea[]>;
  const parent = await repo.findArea(deps.prisma, parentCode);
  if (!parent) throw new AppError("AREA_NOT_FOUND", { message: "未找到该行政区划，请重新选择" });
  if (parent.level === "VILLAGE") return [];
  return repo.listChildAreas(deps.prisma, parent.id) as Promise<PublicArea[]>;
}

/** GET /api/public/villages/:code: the QR code's village, as its name path. */
export async function publicVillage(deps: Deps, code: string): Promise<PublicVillage> {
  const village = /^\d{12}$/.test(code) ? await repo.findArea(deps.prisma, code) : null;
  if (!village || village.level !== "VILLAGE") throw new AppError("AREA_NOT_FOUND", { message: "未找到该村，请在下面重新选择所在村" });
  const path = (await repo.villagePath(deps.prisma, village.id)).filter((a) => a.level !== ("NATURAL_VILLAGE" as string));
  return { code: village.code, name: village.name, path };
}

/** Housekeeping (with the sessions, every minute): the limits' counts of earlier days and the challenges used then. */
export async function deleteEndedPublicThrottles(deps: Deps): Promise<number> {
  return (await repo.deleteEndedThrottles(deps.prisma, dayStartOf(deps.clock()))).count;
}
