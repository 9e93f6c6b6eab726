import { ERROR_CODES, type ErrorResponse } from "@fanpin/domain/errors";
import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { Prisma } from "../generated/prisma/client.ts";
import { isDatabaseUnavailable } from "../db/unavailable.ts";
import { AppError } from "../lib/app-error.ts";

/**
 * One error shape for every failure: {code, message, details, requestId}.
 * Known errors keep their code; anything unexpected becomes INTERNAL_ERROR
 * with nothing of its internals in the answer (the log keeps them).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = toErrorResponse(error, request.id);
    const status = body.code === "VALIDATION_FAILED" ? 400 : statusOf(error, body.code);
    // The pools reconnect by themselves: tell clients when to try again.
    if (body.code === "DATABASE_UNAVAILABLE") void reply.header("retry-after", "5");
    // Prisma's messages quote the query's values (names, ID numbers): log only what identifies the failure.
    if (body.code === "DATABASE_UNAVAILABLE") request.log.warn({ code: body.code }, "database unavailable");
    else if (status >= 500) request.log.error(isPrismaError(error) ? { prisma: prismaSummary(error) } : { err: error }, "request failed");
    else request.log.info({ code: body.code }, "request refused");
    if (error instanceof AppError && error.retryAfterSeconds !== undefined) void reply.header("retry-after", String(error.retryAfterSeconds));
    void reply.status(status).send(body);
  });
}

/** Unknown paths: the error shape with NOT_FOUND (app.ts puts the SPA's fallback in front of it when serving the SPA). */
export function sendNotFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({ code: "NOT_FOUND", message: ERROR_CODES.NOT_FOUND.message, details: [], requestId: request.id });
}

function isPrismaError(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError || error instanceof Prisma.PrismaClientUnknownRequestError ||
    error instanceof Prisma.PrismaClientValidationError || error instanceof Prisma.PrismaClientRustPanicError;
}

function prismaSummary(error: unknown) {
  const e = error as { name?: string; code?: string; meta?: { modelName?: string; target?: unknown } };
  return { name: e.name, code: e.code, model: e.meta?.modelName };
}

function statusOf(error: FastifyError, code: string): number {
  if (error instanceof AppError) return error.status;
  return ERROR_CODES[code as keyof typeof ERROR_CODES]?.status ?? 500;
}

function toErrorResponse(error: FastifyError, requestId: string): ErrorResponse {
  if (error instanceof AppError) {
    return { ...error.extra, code: error.code, message: error.message, details: error.details, requestId };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext;
    return {
      code: "VALIDATION_FAILED",
      message: ERROR_CODES.VALIDATION_FAILED.message,
      details: error.validation.map((v) => ({
        path: v.instancePath.replace(/^\//, "").replaceAll("/", ".") || (where === "body" ? "" : String(where ?? "")),
        message: v.message ?? "格式不正确",
      })),
      requestId,
    };
  }
  const simple = (code: keyof typeof ERROR_CODES, message?: string): ErrorResponse => ({
    code, message: message ?? ERROR_CODES[code].message, details: [], requestId,
  });
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return simple("VALIDATION_FAILED", "请求内容不是有效的 JSON");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return simple("PAYLOAD_TOO_LARGE");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return simple("UNSUPPORTED_MEDIA_TYPE");
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    // P2020: a value out of range for its column (e.g. an enormous id) is bad input, not a server fault.
    if (error.code === "P2020") return simple("VALIDATION_FAILED", "提交的数值超出允许范围");
    if (error.code === "P2025") return simple("NOT_FOUND");
  }
  if (isDatabaseUnavailable(error)) return simple("DATABASE_UNAVAILABLE");
  if (error.statusCode === 429) return simple("RATE_LIMITED");
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return simple("VALIDATION_FAILED");
  return simple("INTERNAL_ERROR");
}

/**
 * Fastify's `frameworkErrors`: what its router refuses before any route or
 * hook runs (a path that is not valid percent-encoded UTF-8, a path parameter
 * over the length limit) gets the error shape too.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === "FST_ERR_BAD_URL" || error.code === "FST_ERR_MAX_PARAM_LENGTH") {
    return reply.status(400).send({ code: "MALFORMED_REQUEST", message: ERROR_CODES.MALFORMED_REQUEST.message, details: [], requestId: request.id });
  }
  return reply.send(error);
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser cannot read
 * (raw control bytes, headers over the size limit, a broken chunked body) is
 * answered in the error shape before the connection is closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const code = error.code === "HPE_HEADER_OVERFLOW" ? "REQUEST_TOO_LONG" : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? "REQUEST_TIMEOUT" : "MALFORMED_REQUEST";
  const { status, message } = ERROR_CODES[code];
  const body = JSON.stringify({ code, message, details: [], requestId: randomUUID() } satisfies ErrorResponse);
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}
