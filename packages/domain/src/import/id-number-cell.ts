import { CITIZEN_ID_MESSAGES, findCitizenIdProblem, normalizeCitizenId } from "../citizen-id.ts";

/**
 * A spreadsheet cell that should hold an ID number. Office programs turn an
 * 18-digit number typed into a General-format cell into a floating-point
 * number: it shows as 3.71002E+17 and keeps 15 significant digits, so the
 * last three become 000. Such a value cannot be repaired; the office must
 * set the column to Text and enter the numbers again, and the message says so.
 */
export type IdCellResult = { ok: true; idNumber: string } | { ok: false; message: string; mangledBySpreadsheet: boolean };

export const SPREADSHEET_NUMBER_MESSAGE =
  "身份证号码被表格软件当作数字保存，后几位已丢失（显示为科学计数法如 3.71002E+17，或末尾变成 000）。请把该列设置为“文本”格式后重新录入号码";

export function readIdNumberCell(value: unknown): IdCellResult {
  if (value === null || value === undefined || value === "") return { ok: false, message: "请填写证件号码", mangledBySpreadsheet: false };
  if (typeof value === "number") return mangled();
  // Full-width digits and Ｘ typed with a Chinese input method are the same characters (NFKC).
  const text = normalizeCitizenId(String(value).normalize("NFKC"));
  // As text, but written out from a number: "3.71002199E+17", "371002199001010000.0".
  if (/^\d(\.\d+)?E\+?1[5-9]$/i.test(text) || /^\d{15,18}\.0+$/.test(text)) return mangled();
  const id18 = text.length === 20 ? text.slice(0, 18) : text;
  const problem = findCitizenIdProblem(id18);
  if (!problem) return { ok: true, idNumber: text };
  // Three trailing zeros failing the check are the mark of a lost-precision number.
  if (problem === "CHECK_DIGIT" && /000$/.test(id18)) return mangled();
  return { ok: false, message: CITIZEN_ID_MESSAGES[problem], mangledBySpreadsheet: false };
}

function mangled(): IdCellResult {
  return { ok: false, message: SPREADSHEET_NUMBER_MESSAGE, mangledBySpreadsheet: true };
}
