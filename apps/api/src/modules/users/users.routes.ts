import { ZPage } from "@fanpin/domain/pagination";
import { ZCreateUserRequest, ZResetPasswordRequest, ZUpdateUserRequest, ZUser, ZUserListQuery } from "@fanpin/domain/user-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../lib/deps.ts";
import * as service from "./users.service.ts";

const ZUserParams = z.object({ id: z.uuid("用户编号格式不正确") });

export const usersRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/users", {
      config: { permission: "user.manage" },
      schema: { tags: ["users"], summary: "用户列表（管理员辖区内）", querystring: ZUserListQuery, response: { 200: ZPage(ZUser) } },
    }, async (req) => service.listUsers(deps, req.actor!, req.query));

    app.post("/api/users", {
      config: { permission: "user.manage" },
      schema: { tags: ["users"], summary: "创建用户（首次登录须修改密码）", body: ZCreateUserRequest, response: { 201: ZUser } },
    }, async (req, reply) => reply.status(201).send(await service.createUser(deps, req.actor!, req.body)));

    app.patch("/api/users/:id", {
      config: { permission: "user.manage" },
      schema: { tags: ["users"], summary: "修改用户：姓名、启用/停用、解除锁定", params: ZUserParams, body: ZUpdateUserRequest, response: { 200: ZUser } },
    }, async (req) => service.updateUser(deps, req.actor!, req.params.id, req.body));

    app.post("/api/users/:id/reset-password", {
      config: { permission: "user.manage" },
      schema: {
        tags: ["users"],
        summary: "重置用户密码（其全部会话失效，下次登录须修改密码）",
        params: ZUserParams,
        body: ZResetPasswordRequest,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    }, async (req) => {
      await service.resetPassword(deps, req.actor!, req.params.id, req.body.newPassword, req.body.reason);
      return { ok: true as const };
    });
  };
