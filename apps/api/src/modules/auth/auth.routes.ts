import { ZChangePasswordRequest, ZLoginRequest, ZMeResponse, ZSessionResponse } from "@fanpin/domain/auth-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../lib/deps.ts";
import { SESSION_COOKIE } from "../../plugins/auth.ts";
import { clientIp, clientUserAgent } from "../../plugins/request-text.ts";
import { changeOwnPassword, getMe, login, logout, resolveSession } from "./auth.service.ts";

const ZOk = z.object({ ok: z.literal(true) });

export const authRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post("/api/auth/login", {
      config: { public: true },
      schema: { tags: ["auth"], summary: "用户名密码登录，成功后设置会话 Cookie", security: [], body: ZLoginRequest, response: { 200: ZMeResponse } },
    }, async (req, reply) => {
      const { token, actor } = await login(deps, req.body.username, req.body.password, {
        ip: clientIp(req), userAgent: clientUserAgent(req), requestId: req.id,
      });
      void reply.setCookie(SESSION_COOKIE, token, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        // Over HTTPS (as the proxy reports it with TRUST_PROXY) the cookie never travels in clear; COOKIE_SECURE forces it.
        secure: deps.config.cookieSecure || req.protocol === "https",
        maxAge: deps.config.sessionMaxHours * 3600,
      });
      return getMe(deps, { ...actor, requestId: req.id, ip: clientIp(req) });
    });

    app.post("/api/auth/logout", {
      schema: { tags: ["auth"], summary: "退出登录", response: { 200: ZOk } },
    }, async (req, reply) => {
      await logout(deps, req.actor!, req.sessionId!);
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true as const };
    });

    app.get("/api/auth/me", {
      schema: { tags: ["auth"], summary: "当前用户、角色和所属行政区划", response: { 200: ZMeResponse } },
    }, async (req) => getMe(deps, req.actor!));

    // "Am I signed in?" answered 200 either way, so the sign-in page asking it logs no failed request.
    // The session is checked exactly as the guard checks it (plugins/auth.ts); without one nothing is revealed.
    app.get("/api/auth/session", {
      config: { public: true },
      schema: {
        tags: ["auth"], summary: "当前会话：已登录时同 /api/auth/me，未登录或会话已结束时 me 为 null（不返回 401）", security: [],
        response: { 200: ZSessionResponse },
      },
    }, async (req) => {
      const check = await resolveSession(deps, req.cookies[SESSION_COOKIE]);
      if (check.status !== "valid") return { me: null, ended: check.status === "expired" ? "SESSION_EXPIRED" as const : "UNAUTHENTICATED" as const };
      return { me: await getMe(deps, { ...check.actor, requestId: req.id, ip: clientIp(req) }), ended: null };
    });

    app.post("/api/auth/password", {
      schema: { tags: ["auth"], summary: "修改本人密码（其他会话随之失效）", body: ZChangePasswordRequest, response: { 200: ZOk } },
    }, async (req) => {
      await changeOwnPassword(deps, req.actor!, req.sessionId!, req.body.currentPassword, req.body.newPassword);
      return { ok: true as const };
    });
  };
