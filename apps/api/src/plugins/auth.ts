import { can, type Permission } from "@fanpin/domain/roles";
import type { FastifyInstance } from "fastify";
import type { Actor } from "../lib/actor.ts";
import { AppError } from "../lib/app-error.ts";
import type { Deps } from "../lib/deps.ts";
import { passwordChangeReason, resolveSession } from "../modules/auth/auth.service.ts";
import { clientIp } from "./request-text.ts";

export const SESSION_COOKIE = "fanpin_sid";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (sign-in, health, API docs). */
    public?: boolean;
    /** The role permission this route requires (403 otherwise). */
    permission?: Permission;
  }
}

/**
 * Guards everything under /api: a valid session (401 otherwise) and the
 * route's permission for the user's role (403). Area scoping (404 outside the
 * user's subtree) is the services' job, because only they know where a
 * record lies.
 */
export function registerAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest("actor", null);
  app.decorateRequest("sessionId", null);

  app.addHook("onRequest", async (request) => {
    const config = request.routeOptions.config;
    // Decided on the matched route, not the raw URL: the router decodes the path
    // (/%61pi/… matches /api/…), so only the route pattern is trustworthy.
    const route = request.routeOptions.url;
    if (route === undefined || !route.startsWith("/api/") || route.startsWith("/api/docs") || config.public) return;
    const check = await resolveSession(deps, request.cookies[SESSION_COOKIE]);
    if (check.status === "missing") throw new AppError("UNAUTHENTICATED");
    if (check.status === "expired") throw new AppError("SESSION_EXPIRED");
    request.actor = { ...check.actor, requestId: request.id, ip: clientIp(request) };
    request.sessionId = check.sessionId;
    // After an administrator set the password, or once it is too old, the user must choose a new one before anything else.
    if (check.actor.mustChangePassword && !request.url.startsWith("/api/auth/")) {
      throw new AppError("PASSWORD_CHANGE_REQUIRED", { message: passwordChangeReason(check.actor, deps.config) });
    }
    if (config.permission && !can(check.actor.role, config.permission)) throw new AppError("FORBIDDEN");
  });
}
