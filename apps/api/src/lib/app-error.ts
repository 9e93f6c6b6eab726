import { ERROR_CODES, type ErrorCode, type ErrorDetail } from "@fanpin/domain/errors";

/**
 * The one error type services throw. The error handler turns it into the
 * response shape {code, message, details, requestId}; the HTTP status comes
 * from the code's entry in ERROR_CODES.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[];
  /** Sent as Retry-After (a 429 or 503 that knows when to come back). */
  readonly retryAfterSeconds: number | undefined;
  /** Fields added to the error shape for this code (e.g. the challenge of SELF_REPORT_CHALLENGE). */
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: { message?: string; details?: ErrorDetail[]; retryAfterSeconds?: number; extra?: Record<string, unknown> } = {}) {
    super(options.message ?? ERROR_CODES[code].message);
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = options.details ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extra = options.extra;
  }
}

/** A validation failure on one field, raised by a service after the schema passed (e.g. a database check). */
export function fieldError(path: string, message: string, code: ErrorCode = "VALIDATION_FAILED"): AppError {
  return new AppError(code, { details: [{ path, message }] });
}
