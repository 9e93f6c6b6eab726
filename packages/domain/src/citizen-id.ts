/**
 * Citizen identity number of GB 11643-1999: 6-digit address code, 8-digit
 * birth date, 3-digit sequence (odd = male), check character (ISO 7064
 * MOD 11-2). Old address codes stay valid in old numbers, so the address part
 * is only checked for shape, never against today's code list.
 */
import { isIsoDate } from "./calendar/working-days.ts";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";

export type CitizenIdProblem =
  | "LENGTH"
  | "CHARACTERS"
  | "BIRTH_DATE"
  | "BIRTH_DATE_IN_FUTURE"
  | "CHECK_DIGIT";

export const CITIZEN_ID_MESSAGES: Record<CitizenIdProblem, string> = {
  LENGTH: "身份证号码应为 18 位",
  CHARACTERS: "身份证号码前 17 位应为数字，最后一位为数字或 X",
  BIRTH_DATE: "身份证号码中的出生日期（第 7–14 位）不是有效日期",
  BIRTH_DATE_IN_FUTURE: "身份证号码中的出生日期晚于今天",
  CHECK_DIGIT: "身份证号码校验位不正确，请核对是否有录入错误",
};

export function computeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Normalises what people type: trims, removes inner spaces, upper-cases x. */
export function normalizeCitizenId(raw: string): string {
  return raw.replace(/\s+/g, "").toUpperCase();
}

export function findCitizenIdProblem(id: string, today: Date = new Date()): CitizenIdProblem | null {
  if (id.length !== 18) return "LENGTH";
  if (!/^\d{17}[\dX]$/.test(id)) return "CHARACTERS";
  // Digits 7–14 are a calendar date (local midnight, as the birth date is compared with now).
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1870 || !isIsoDate(describeCitizenId(id).birthDate)) return "BIRTH_DATE";
  if (new Date(year, month - 1, day).getTime() > today.getTime()) return "BIRTH_DATE_IN_FUTURE";
  if (computeCheckCharacter(id.slice(0, 17)) !== id[17]) return "CHECK_DIGIT";
  return null;
}

export function isValidCitizenId(id: string, today?: Date): boolean {
  return findCitizenIdProblem(id, today) === null;
}

/** Birth date (YYYY-MM-DD) and gender encoded in a valid number. */
export function describeCitizenId(id: string): { birthDate: string; gender: "MALE" | "FEMALE" } {
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return { birthDate, gender: Number(id[16]) % 2 === 1 ? "MALE" : "FEMALE" };
}

/**
 * Masked form shown in every list: the address code and the last four stay,
 * the birth date and sequence are hidden. The full number is only returned by
 * the audited reveal endpoint.
 */
export function maskCitizenId(id: string): string {
  if (id.length < 10) return "*".repeat(id.length);
  return `${id.slice(0, 6)}${"*".repeat(id.length - 10)}${id.slice(-4)}`;
}
