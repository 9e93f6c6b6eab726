import type { FormInstance } from "antd";
import type { ErrorDetail } from "@fanpin/domain/errors";

/** An antd field name: ["members", 1, "idNumber"]. */
export type FieldName = (string | number)[];
export type FieldErrors = { name: FieldName; errors: string[] }[];

/** "members.1.idNumber" → ["members", 1, "idNumber"] (list indexes become numbers, as antd's Form.List names them). */
export function pathToName(path: string | readonly PropertyKey[]): FieldName {
  const parts = typeof path === "string" ? (path === "" ? [] : path.split(".")) : path.map(String);
  return parts.map((p) => (/^\d+$/.test(String(p)) ? Number(p) : String(p)));
}

/**
 * Groups messages by field. Messages whose path is not a form field (empty,
 * or not in `isField`) come back as `general`, to be shown above the form.
 */
export function toFieldErrors(
  issues: readonly { path: string | readonly PropertyKey[]; message: string }[],
  isField: (name: FieldName) => boolean,
): { fields: FieldErrors; general: string[] } {
  const byKey = new Map<string, { name: FieldName; errors: string[] }>();
  const general: string[] = [];
  for (const issue of issues) {
    const name = pathToName(issue.path);
    if (name.length === 0 || !isField(name)) {
      if (!general.includes(issue.message)) general.push(issue.message);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byKey.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(issue.message)) entry.errors.push(issue.message);
    byKey.set(key, entry);
  }
  return { fields: [...byKey.values()], general };
}

export function detailsToIssues(details: readonly ErrorDetail[]) {
  return details.map((d) => ({ path: d.path, message: d.message }));
}

/** Puts messages on antd fields (the form shows them under each field and marks it red). */
export function applyFieldErrors(form: FormInstance<any>, fields: FieldErrors): void {
  form.setFields(fields.map((f) => ({ name: f.name, errors: f.errors })));
}

/** A predicate telling whether a name is a field the form currently shows. */
export function registeredFields(form: FormInstance<any>): (name: FieldName) => boolean {
  const known = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  return (name) => known.has(JSON.stringify(name));
}

/**
 * Shows zod issues and/or API details on a form: clears the previous marks,
 * marks the named fields, returns the messages that name no field.
 */
export function showFormIssues(
  form: FormInstance<any>,
  issues: readonly { path: string | readonly PropertyKey[]; message: string }[],
): string[] {
  const registered = form.getFieldsError();
  form.setFields(registered.filter((f) => f.errors.length).map((f) => ({ name: f.name, errors: [] })));
  const { fields, general } = toFieldErrors(issues, registeredFields(form));
  applyFieldErrors(form, fields);
  return general;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** Names of the leaves in antd's `changedValues` ({members: [ , {idNumber}]} → [["members", 1, "idNumber"]]). */
export function changedFieldNames(changed: unknown, prefix: FieldName = []): FieldName[] {
  if (Array.isArray(changed)) {
    // Sparse: only the touched items are present.
    return changed.flatMap((item, i) => (item === undefined ? [] : changedFieldNames(item, [...prefix, i])));
  }
  if (isPlainObject(changed)) {
    return Object.entries(changed).flatMap(([key, value]) => changedFieldNames(value, [...prefix, key]));
  }
  return prefix.length ? [prefix] : [];
}

/**
 * Fields without antd rules keep an error set by setFields until told
 * otherwise: once the user edits a field, its old message goes away.
 */
export function clearChangedFieldErrors(form: FormInstance<any>, changedValues: unknown): void {
  const names = changedFieldNames(changedValues);
  const stale = names.filter((name) => form.getFieldError(name).length > 0);
  if (stale.length) form.setFields(stale.map((name) => ({ name, errors: [] })));
}
