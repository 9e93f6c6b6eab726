import { isIP } from "node:net";
import { hasUntypeable, UNTYPEABLE_MESSAGE } from "@fanpin/domain/text";
import type { ErrorDetail } from "@fanpin/domain/errors";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../lib/app-error.ts";

/**
 * The safety net under the schemas (decision 012): before any route's
 * validation, every string of the query, the path parameters and a JSON body
 * (object keys included) is checked for characters PostgreSQL cannot store or
 * no person could type. The shared schemas (@fanpin/domain/text) give the same
 * message for the fields they know, and the SPA shows it before sending; this
 * hook makes sure no route, present or future, passes such a string on.
 */
export function registerRequestTextCheck(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    const details = [
      ...brokenQueryEncoding(request.url),
      ...untypeablePaths(request.params),
      ...untypeablePaths(request.query),
      ...untypeablePaths(request.body),
    ];
    if (details.length > 0) throw new AppError("VALIDATION_FAILED", { details: details.slice(0, 20) });
  });
}

/**
 * The query parser keeps a percent sequence that is not UTF-8 (`%FF`,
 * `%ED%A0%80`) as literal text; a client that sent it meant something else.
 */
function brokenQueryEncoding(url: string): ErrorDetail[] {
  const start = url.indexOf("?");
  if (start < 0) return [];
  const found: ErrorDetail[] = [];
  for (const pair of url.slice(start + 1).split("&")) {
    const [key = "", value = ""] = pair.split("=", 2);
    const decoded = (s: string) => { try { return decodeURIComponent(s.replace(/\+/g, " ")); } catch { return null; } };
    const name = decoded(key);
    if (name === null || decoded(value) === null) found.push({ path: name ?? "", message: ENCODING_MESSAGE });
  }
  return found.slice(0, 20);
}

const ENCODING_MESSAGE = "编码不正确（应为 UTF-8），无法识别";

/** Walks a parsed value without recursion (a 2 MB body can nest a million levels deep). */
function untypeablePaths(root: unknown): ErrorDetail[] {
  const found: ErrorDetail[] = [];
  const stack: Array<[unknown, string]> = [[root, ""]];
  while (stack.length > 0 && found.length < 20) {
    const [value, path] = stack.pop()!;
    if (typeof value === "string") {
      if (hasUntypeable(value)) found.push({ path, message: UNTYPEABLE_MESSAGE });
    } else if (value !== null && typeof value === "object" && !Buffer.isBuffer(value)) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        if (hasUntypeable(key)) found.push({ path: path, message: `字段名${UNTYPEABLE_MESSAGE}` });
        else stack.push([child, childPath]);
      }
    }
  }
  return found.reverse();
}

/** The client's address as stored (VarChar(64)): only a well-formed IP, whatever a proxy header said. */
export const clientIp = (request: FastifyRequest): string | null => (isIP(request.ip) ? request.ip : null);

/** The User-Agent as stored (VarChar(300)): printable characters only, shortened. */
export function clientUserAgent(request: FastifyRequest): string | null {
  const value = request.headers["user-agent"];
  if (typeof value !== "string") return null;
  const printable = value.replace(/[\0-\x1F\x7F-\x9F]/g, "").trim().slice(0, 300);
  return printable || null;
}
