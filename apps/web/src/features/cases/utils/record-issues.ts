import type { ErrorDetail } from "@fanpin/domain/errors";
import type { Dayjs } from "dayjs";
import type { z } from "zod";

export type Issue = { path: readonly PropertyKey[] | string; message: string };

/**
 * The API names the field at fault by its path in the request body
 * ("record.crossChecks.VEHICLE.note", "lead.receivedOn"); the forms hold the
 * record itself, so the prefix goes. A detail outside the record stays
 * without a field (it is shown above the buttons).
 */
export function detailsWithin(details: readonly ErrorDetail[], prefix: "record" | "lead"): Issue[] {
  return details.map((d) => {
    if (d.path === prefix) return { path: "", message: d.message };
    if (d.path.startsWith(`${prefix}.`)) return { path: d.path.slice(prefix.length + 1), message: d.message };
    return { path: "", message: d.message };
  });
}

/** Checks a record with the shared schema (the same the API applies); issues as the form shows them. */
export function checkRecord<T>(schema: z.ZodType<T>, record: unknown): { ok: true; record: T } | { ok: false; issues: Issue[] } {
  const parsed = schema.safeParse(record);
  if (parsed.success) return { ok: true, record: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) };
}

/** A picked date as the API wants it; an empty picker becomes undefined (the schema then asks for it). */
export function isoDate(value: Dayjs | null | undefined): string | undefined {
  return value ? value.format("YYYY-MM-DD") : undefined;
}

/** Trimmed text, or undefined when empty (optional fields are left out rather than sent empty). */
export function optionalText(value: string | null | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

/**
 * An issue on one entry of a list that a single input edits (a multiple
 * select: "collectionForm.riskCauses.1") belongs on that input; paths that
 * name a field, or nothing the form shows, stay as they are.
 */
export function onShownFields(issues: readonly Issue[], isField: (name: (string | number)[]) => boolean): Issue[] {
  return issues.map((issue) => {
    const parts = (typeof issue.path === "string" ? (issue.path === "" ? [] : issue.path.split(".")) : issue.path.map(String)).map((p) =>
      /^\d+$/.test(p) ? Number(p) : p,
    );
    if (parts.length === 0 || isField(parts)) return issue;
    let end = parts.length;
    while (end > 1 && typeof parts[end - 1] === "number") end--;
    return end < parts.length && isField(parts.slice(0, end)) ? { ...issue, path: parts.slice(0, end) } : issue;
  });
}
