import type { ErrorDetail } from "@fanpin/domain/errors";
import type { z } from "zod";
import { ApiError } from "./api-client.ts";

/** A message for a field (zod's path or the API's dotted path); an empty path means the whole form. */
export type FormIssue = { path: string | readonly PropertyKey[]; message: string };

export type Parsed<T> = { ok: true; data: T } | { ok: false; issues: FormIssue[] };

/** Checks the input with a shared schema (the same the API applies). */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown): Parsed<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) };
}

/**
 * The API's details as form issues. With a prefix ("record", "lead"), paths
 * inside the body's sub-object lose it (the form holds that object); others
 * name no field of the form.
 */
export function detailsUnder(details: readonly ErrorDetail[], prefix?: string): FormIssue[] {
  if (!prefix) return details.map((d) => ({ path: d.path, message: d.message }));
  return details.map((d) => (d.path.startsWith(`${prefix}.`) ? { path: d.path.slice(prefix.length + 1), message: d.message } : { path: "", message: d.message }));
}

/** What became of one submit. */
export type SubmitOutcome<R> =
  | { kind: "invalid"; issues: FormIssue[] } // the schema refused the values; nothing was sent
  | { kind: "done"; result: R }
  | { kind: "fields"; issues: FormIssue[] } // the API refused, naming fields
  | { kind: "general"; message: string } // the API refused the form as a whole
  | { kind: "handled" } // the form's own onApiError dealt with it
  | { kind: "failed"; error: unknown }; // not the user's input: network, server fault, session

export type SubmitSteps<T, R> = {
  parse: () => Parsed<T>;
  send: (data: T) => Promise<R>;
  /** Prefix of the API's detail paths that the form's fields live under. */
  detailsPrefix?: string;
  /**
   * A form's own answer to an API refusal (a stale version, a case that
   * moved on): "handled", issues to show, a message, or undefined for the
   * usual handling.
   */
  onApiError?: (error: ApiError) => "handled" | FormIssue[] | string | undefined;
};

/**
 * parse → (issues) → send → (API errors): the sequence every form repeats.
 * A refusal of the input (4xx) is the user's to correct and is shown on the
 * form — on the fields it names, else as one message; anything else
 * (network, 5xx, an ended session) is `failed` for the app-wide handling.
 */
export async function runSubmit<T, R>(steps: SubmitSteps<T, R>): Promise<SubmitOutcome<R>> {
  const parsed = steps.parse();
  if (!parsed.ok) return { kind: "invalid", issues: parsed.issues };
  try {
    return { kind: "done", result: await steps.send(parsed.data) };
  } catch (error) {
    if (!(error instanceof ApiError)) return { kind: "failed", error };
    const own = steps.onApiError?.(error);
    if (own === "handled") return { kind: "handled" };
    if (Array.isArray(own)) return { kind: "fields", issues: own };
    if (typeof own === "string") return { kind: "general", message: own };
    if (error.status < 400 || error.status >= 500 || error.isSessionEnded || error.isPasswordChangeRequired) return { kind: "failed", error };
    const issues = detailsUnder(error.details, steps.detailsPrefix);
    if (issues.some((i) => i.path !== "")) return { kind: "fields", issues };
    return { kind: "general", message: error.message };
  }
}
