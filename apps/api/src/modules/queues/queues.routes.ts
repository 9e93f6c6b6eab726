import { ZDistrictOverview, ZQueueQuery, ZQueueResponse } from "@fanpin/domain/case-schemas";
import { ZQueueCounts, ZQueueCountsQuery } from "@fanpin/domain/queue-count-schemas";
import { QUEUE_NAMES } from "@fanpin/domain/queues";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { readDb, type Deps } from "../../lib/deps.ts";
import { sendXlsx } from "../../lib/xlsx.ts";
import * as service from "./queues.service.ts";

export const queuesRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // Registered before the parametrised route so "district-overview" and "counts" are not taken for queue names.
    app.get("/api/queues/district-overview", {
      config: { permission: "case.read" },
      schema: { tags: ["queues"], summary: "各乡镇逾期、今日到期、次日到期案件数", response: { 200: ZDistrictOverview } },
    }, async (req) => service.getDistrictOverview(deps, req.actor!, readDb(deps, req)));

    app.get("/api/queues/counts", {
      config: { permission: "case.read" },
      schema: {
        tags: ["queues"],
        summary: "本人角色各待办队列（案件队列按筛选条件，帮扶待办）的总数与逾期数，与各队列所列一致",
        querystring: ZQueueCountsQuery,
        response: { 200: ZQueueCounts },
      },
    }, async (req) => service.getQueueCounts(deps, req.actor!, req.query, readDb(deps, req)));

    app.get("/api/queues/:queue/export.xlsx", {
      config: { permission: "case.read" },
      schema: {
        tags: ["queues"],
        summary: "导出待办队列（.xlsx，当前筛选条件下的全部案件，按期限排序；不含证件号码）",
        params: z.object({ queue: z.enum(QUEUE_NAMES, { error: "没有这个待办队列" }) }),
        querystring: ZQueueQuery.omit({ page: true, pageSize: true }),
      },
    }, async (req, reply) => {
      const file = await service.prepareQueueExport(deps, req.actor!, req.params.queue, req.query, readDb(deps, req));
      return sendXlsx(reply, file.fileName, [file.sheet]);
    });

    app.get("/api/queues/:queue", {
      config: { permission: "case.read" },
      schema: {
        tags: ["queues"],
        summary: "待办队列（按期限排序，含剩余天数（工作日，公示为自然日）与分档计数）",
        params: z.object({ queue: z.enum(QUEUE_NAMES, { error: "没有这个待办队列" }) }),
        querystring: ZQueueQuery,
        response: { 200: ZQueueResponse },
      },
    }, async (req) => service.getQueue(deps, req.actor!, req.params.queue, req.query, readDb(deps, req)));
  };
