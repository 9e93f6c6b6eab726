import { z } from "zod";

/**
 * Text that a person could have typed and PostgreSQL can store (decision 012).
 * Refused everywhere: C0 controls (NUL first: PostgreSQL cannot store it),
 * DEL and C1 controls, lone UTF-16 surrogates (stored silently as U+FFFD),
 * U+FFFD itself (a character already lost to a broken encoding), Unicode
 * noncharacters, and bidi embeddings/overrides/isolates (they reorder how a
 * name or number is displayed without changing what is stored; no Chinese
 * input method produces them). Multi-line text may hold tab, LF and CR.
 */
const UNTYPEABLE_MULTILINE = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF\uFFFD]|\p{Noncharacter_Code_Point}/u;

type StringParams = Parameters<typeof z.string>[0];

export const UNTYPEABLE_MESSAGE = "不能包含控制字符或无法识别的字符";
export const LINE_BREAK_MESSAGE = "不能包含换行符或制表符";

/** Whether a string holds a character no one could type (tab and line breaks are allowed). */
export const hasUntypeable = (text: string): boolean => UNTYPEABLE_MULTILINE.test(text);

/** One line of text (names, search words, codes): trimmed, no line breaks, tabs or controls. */
export const zLine = (params?: StringParams) =>
  z.string(params).trim().refine((s) => !UNTYPEABLE_MULTILINE.test(s), UNTYPEABLE_MESSAGE).refine((s) => !/[\t\n\r]/.test(s), LINE_BREAK_MESSAGE);

/** Text that may span lines (descriptions, reasons, notes): trimmed, tab/LF/CR allowed, no other controls. */
export const zMultiline = (params?: StringParams) => z.string(params).trim().refine((s) => !UNTYPEABLE_MULTILINE.test(s), UNTYPEABLE_MESSAGE);

/**
 * An uploaded file's name as it can be stored and shown: untypeable characters
 * and path separators dropped, shortened to `max` characters (whole code
 * points) keeping the extension, `fallback` when nothing is left.
 */
export function storableFileName(name: string, max: number, fallback: string): string {
  const cleaned = [...name.replace(/[/\\]/g, "_")].filter((c) => !UNTYPEABLE_MULTILINE.test(c) && !/[\t\n\r]/.test(c)).join("").trim();
  const chars = [...cleaned];
  if (chars.length === 0) return fallback;
  if (chars.length <= max) return cleaned;
  const ext = [.../\.[^.]{1,10}$/u.exec(cleaned)?.[0] ?? ""];
  return chars.slice(0, max - ext.length).join("") + ext.join("");
}
