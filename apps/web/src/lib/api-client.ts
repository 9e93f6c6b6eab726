import { SERVER_TODAY_HEADER } from "@fanpin/domain/server-today";
import type { ErrorDetail, ErrorResponse } from "@fanpin/domain/errors";

/**
 * Every failed call becomes an ApiError carrying the API's error shape
 * ({code, message, details, requestId}). `message` is Chinese and written
 * for the user, so screens show it as is. Failures that never reached the
 * API (network down, proxy error page) get a code of their own and a
 * friendly message.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly requestId: string | null;
  /** The whole error body: some codes carry more than the usual shape (SELF_REPORT_CHALLENGE its challenge). */
  readonly body: Record<string, unknown> | null;

  constructor(init: { status: number; code: string; message: string; details?: ErrorDetail[]; requestId?: string | null; body?: Record<string, unknown> | null }) {
    super(init.message);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId ?? null;
    this.body = init.body ?? null;
  }

  /** The session is missing or has ended: the user must sign in again. */
  get isSessionEnded(): boolean {
    return this.code === "UNAUTHENTICATED" || this.code === "SESSION_EXPIRED";
  }

  /** The account must choose a new password before anything else (the API refuses all but /api/auth/*). */
  get isPasswordChangeRequired(): boolean {
    return this.code === "PASSWORD_CHANGE_REQUIRED";
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

export const NETWORK_ERROR = "NETWORK_ERROR";
export const BAD_RESPONSE = "BAD_RESPONSE";

type SessionEndedListener = (code: "UNAUTHENTICATED" | "SESSION_EXPIRED") => void;
const sessionEndedListeners = new Set<SessionEndedListener>();

/**
 * Called whenever the API says the session is missing or over, whichever
 * screen made the call. GET /api/auth/me is the exception: it is the question
 * "am I signed in?", so its 401 is an answer for its caller, not an event.
 */
export function onSessionEnded(listener: SessionEndedListener): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

type PasswordChangeRequiredListener = () => void;
const passwordChangeRequiredListeners = new Set<PasswordChangeRequiredListener>();

/**
 * Called whenever the API answers 403 PASSWORD_CHANGE_REQUIRED: the account's
 * password was set by an administrator and must be changed first, whatever
 * screen made the call.
 */
export function onPasswordChangeRequired(listener: PasswordChangeRequiredListener): () => void {
  passwordChangeRequiredListeners.add(listener);
  return () => passwordChangeRequiredListeners.delete(listener);
}

const ME_PATH = "/api/auth/me";

export type Query = Record<string, string | number | boolean | null | undefined>;

type RequestOptions = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
};

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

// The error body is checked by hand rather than with ZErrorResponse so that zod stays out of the first bundle.
function isErrorResponse(value: unknown): value is ErrorResponse {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.message === "string";
}

let knownServerToday: string | null = null;

function noteServerToday(value: string | null) {
  if (value && /^\d{4}-\d{2}-\d{2}$/.test(value)) knownServerToday = value;
}

/**
 * Today as the server counts it (YYYY-MM-DD, China time), from the header of
 * its last answer: date fields are bounded by the server's day, not by a
 * device clock that may be wrong. Before any answer, the device's day in China.
 */
export function serverToday(): string {
  return knownServerToday ?? new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

/** Same-origin JSON request to the API; resolves with the parsed body or throws an ApiError. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = "GET", query, body, signal } = options;
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), {
      method,
      credentials: "same-origin",
      headers: { accept: "application/json", ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError({ status: 0, code: NETWORK_ERROR, message: "无法连接到服务器，请检查网络连接后重试" });
  }

  noteServerToday(response.headers.get(SERVER_TODAY_HEADER));
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (response.ok) {
    if (data === undefined) {
      throw new ApiError({ status: response.status, code: BAD_RESPONSE, message: "服务器返回的内容无法识别，请稍后重试" });
    }
    return data as T;
  }

  throw failedResponseError(path, response.status, data);
}

/**
 * The ApiError of a failed answer (its parsed body in `data`), after telling
 * the listeners about an ended session or a required password change. Also
 * used by file downloads, whose errors are JSON like any other call's.
 */
export function failedResponseError(path: string, status: number, data: unknown): ApiError {
  if (isErrorResponse(data)) {
    if ((data.code === "UNAUTHENTICATED" || data.code === "SESSION_EXPIRED") && path !== ME_PATH) {
      const code = data.code;
      sessionEndedListeners.forEach((listener) => listener(code));
    }
    if (data.code === "PASSWORD_CHANGE_REQUIRED") passwordChangeRequiredListeners.forEach((listener) => listener());
    return new ApiError({
      status,
      code: data.code,
      message: data.message,
      details: Array.isArray(data.details) ? data.details : [],
      requestId: typeof data.requestId === "string" ? data.requestId : null,
      body: data as unknown as Record<string, unknown>,
    });
  }
  // Not our API answering (a proxy or gateway page): say what happened without its internals.
  return new ApiError({
    status,
    code: BAD_RESPONSE,
    message: status >= 500 ? `服务器暂时无法响应（HTTP ${status}），请稍后重试` : `请求失败（HTTP ${status}）`,
  });
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: "POST", body: body ?? {} }),
  put: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: "PUT", body }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: "PATCH", body }),
};

/** The text a user sees for any error: the API's message, plus the request number for server faults. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.status >= 500 && error.requestId ? `${error.message}（请求编号：${error.requestId}）` : error.message;
  }
  return "操作失败，请稍后重试";
}
