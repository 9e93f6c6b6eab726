import {
  ZMarkAllReadResponse, ZMarkReadResponse, ZNotificationList, ZNotificationListQuery, ZNotificationParams,
} from "@fanpin/domain/notification-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../lib/deps.ts";
import * as service from "./notifications.service.ts";

/**
 * In-app notices. Any signed-in user (auth is global under /api); each sees
 * only the notices of their role within their area.
 */
export const notificationsRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/notifications", {
      schema: {
        tags: ["notifications"],
        summary: "我的提醒（本人角色、辖区内：案件当前阶段的到期与逾期提醒，帮扶责任人安排、走访、季度成效分析的逾期提醒；帮扶责任人只见本人的；最新在前；含未读数）",
        querystring: ZNotificationListQuery,
        response: { 200: ZNotificationList },
      },
    }, async (req) => service.listNotifications(deps, req.actor!, req.query));

    app.post("/api/notifications/read-all", {
      schema: { tags: ["notifications"], summary: "全部标为已读", response: { 200: ZMarkAllReadResponse } },
    }, async (req) => service.markAllRead(deps, req.actor!));

    app.post("/api/notifications/:id/read", {
      schema: { tags: ["notifications"], summary: "标为已读", params: ZNotificationParams, response: { 200: ZMarkReadResponse } },
    }, async (req) => service.markRead(deps, req.actor!, req.params.id));
  };
