import { readIdNumberCell } from "../import/id-number-cell.ts";
import { DEPARTMENT_FIELDS, WARNING_KINDS, warningKindsOf, type DepartmentMapping, type WarningDepartment, type WarningKind } from "./department-lists.ts";

/**
 * One row of a department's list read through its column mapping: the ID
 * number (18 characters; a disability certificate's suffix dropped), the kind,
 * amount in fen, date and note; or the reasons it cannot be read.
 */
export type DepartmentRow = { idNumber: string; kind: WarningKind; amountFen: bigint | null; occurredOn: string | null; note: string | null };
export type DepartmentRowResult = { ok: true; row: DepartmentRow } | { ok: false; reasons: string[] };

/** The largest amount taken (10 亿元): beyond it the cell is not an amount of one person's relief. */
const MAX_FEN = 100_000_000_000n;

export function readDepartmentRow(
  cells: Record<string, unknown>, mapping: DepartmentMapping, department: WarningDepartment,
): DepartmentRowResult {
  const col = mapping.columns;
  const reasons: string[] = [];
  const id = readIdNumberCell(cells[col.idNumber]);
  if (!id.ok) reasons.push(`【${DEPARTMENT_FIELDS.idNumber}】${id.message}`);

  let kind: WarningKind | null = null;
  if (col.kind && !isEmpty(cells[col.kind])) {
    const text = String(cells[col.kind]).trim();
    kind = kindOf(text, mapping, department);
    if (!kind) reasons.push(`【${DEPARTMENT_FIELDS.kind}】“${text.slice(0, 50)}”未对应到本部门的预警类别，请在列对应中为它选定类别`);
  } else if (mapping.fixedKind) {
    kind = mapping.fixedKind;
  } else {
    reasons.push(`【${DEPARTMENT_FIELDS.kind}】未填写`);
  }

  let amountFen: bigint | null = null;
  if (col.amount && !isEmpty(cells[col.amount])) {
    amountFen = readAmountFen(cells[col.amount]);
    if (amountFen === null) reasons.push(`【${DEPARTMENT_FIELDS.amount}】“${String(cells[col.amount]).slice(0, 30)}”不是有效的金额（元，最多两位小数）`);
  }
  let occurredOn: string | null = null;
  if (col.occurredOn && !isEmpty(cells[col.occurredOn])) {
    occurredOn = readDate(cells[col.occurredOn]);
    if (occurredOn === null) reasons.push(`【${DEPARTMENT_FIELDS.occurredOn}】“${String(cells[col.occurredOn]).slice(0, 30)}”不是有效的日期（如 2026-11-05）`);
  }
  const note = col.note && !isEmpty(cells[col.note]) ? String(cells[col.note]).trim().slice(0, 500) : null;
  if (reasons.length || !id.ok || !kind) return { ok: false, reasons };
  return { ok: true, row: { idNumber: id.idNumber.slice(0, 18), kind, amountFen, occurredOn, note } };
}

function isEmpty(v: unknown) {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

/** The department's word for a kind: the mapping's kindValues first, then the kind's own label or code. */
export function kindOf(text: string, mapping: Pick<DepartmentMapping, "kindValues">, department: WarningDepartment): WarningKind | null {
  const own = warningKindsOf(department);
  const mapped = mapping.kindValues?.[text];
  if (mapped && own.includes(mapped)) return mapped;
  return own.find((k) => k === text || WARNING_KINDS[k].label === text) ?? null;
}

/** Yuan as the cell gives it (a number, or text such as "1,234.50" or "1234.5元") → fen; null when not an amount. */
export function readAmountFen(v: unknown): bigint | null {
  let text: string;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return null;
    text = v.toFixed(2);
  } else {
    text = String(v).normalize("NFKC").trim().replace(/[,，\s]/g, "").replace(/^[¥￥]/, "").replace(/元$/, "");
  }
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const fen = BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
  return fen <= MAX_FEN ? fen : null;
}

/** A date cell (a date, an Excel serial number, or text like 2026-11-05, 2026/11/5, 2026年11月5日, 20261105) → YYYY-MM-DD. */
export function readDate(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === "number") {
    // An Excel serial day in a column not formatted as a date (1990–2100).
    if (!Number.isInteger(v) || v < 32874 || v > 73051) return null;
    return new Date(Date.UTC(1899, 11, 30) + v * 86_400_000).toISOString().slice(0, 10);
  }
  const text = String(v).normalize("NFKC").trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1990 || y > 2100) return null;
  return date.toISOString().slice(0, 10);
}
