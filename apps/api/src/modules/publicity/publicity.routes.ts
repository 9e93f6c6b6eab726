import {
  ZPublicityNotice, ZPublicityNoticeList, ZPublicityNoticeParams, ZPublicityNoticeQuery,
} from "@fanpin/domain/publicity-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../lib/deps.ts";
import * as service from "./publicity.service.ts";

export const publicityRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/publicity-notices", {
      config: { permission: "case.read" },
      schema: {
        tags: ["publicity"],
        summary: "可打印的村内公示（按村和张贴日期；含待张贴的）",
        response: { 200: ZPublicityNoticeList },
      },
    }, async (req) => service.listNotices(deps, req.actor!));

    app.get("/api/publicity-notices/:villageId/:period", {
      config: { permission: "case.read" },
      schema: {
        tags: ["publicity"],
        summary: "一份公示的内容（户主姓名、类别、风险类型、公示期、异议受理；不含证件号码、电话、健康状况）",
        params: ZPublicityNoticeParams,
        querystring: ZPublicityNoticeQuery,
        response: { 200: ZPublicityNotice },
      },
    }, async (req) => service.getNotice(deps, req.actor!, req.params.villageId, req.params.period, req.query.postedOn));
  };
