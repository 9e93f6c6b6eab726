import {
  ZAssignRequest, ZAssistanceFile, ZAssistanceQueueQuery, ZAssistanceQueueResponse, ZHelper, ZHelperInput, ZHelperList, ZHelperListQuery,
  ZHelperUpdate, ZHouseholdParam, ZHelperAccountList,
} from "@fanpin/domain/assistance-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../lib/deps.ts";
import * as service from "./helpers.service.ts";

const ZHelperParam = z.object({ id: z.uuid("帮扶责任人编号不正确") });
// Checked by the service: an unknown queue is a 404 QUEUE_NOT_FOUND, not a validation error.
const ZQueueParam = z.object({ queue: z.string().max(64, "没有这个待办队列") });

/** Helper register, assignments, the file's header and the assistance queues (contract: packages/domain/src/assistance-schemas.ts). */
export const helpersRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/helpers", {
      config: { permission: "helper.read" },
      schema: { tags: ["assistance"], summary: "帮扶责任人名册（本辖区）", querystring: ZHelperListQuery, response: { 200: ZHelperList } },
    }, async (req) => service.listHelpers(deps, req.actor!, req.query));

    app.get("/api/helpers/accounts", {
      config: { permission: "helper.manage" },
      schema: { tags: ["assistance"], summary: "本辖区可关联的“帮扶责任人”账号", response: { 200: ZHelperAccountList } },
    }, async (req) => service.listHelperAccounts(deps, req.actor!));

    app.post("/api/helpers", {
      config: { permission: "helper.manage" },
      schema: { tags: ["assistance"], summary: "登记帮扶责任人", body: ZHelperInput, response: { 201: ZHelper } },
    }, async (req, reply) => reply.status(201).send(await service.createHelper(deps, req.actor!, req.body)));

    app.patch("/api/helpers/:id", {
      config: { permission: "helper.manage" },
      schema: { tags: ["assistance"], summary: "修改帮扶责任人（含停用、关联账号）", params: ZHelperParam, body: ZHelperUpdate, response: { 200: ZHelper } },
    }, async (req) => service.updateHelper(deps, req.actor!, req.params.id, req.body));

    // Registered before /api/assistance/:householdId: a static segment wins anyway, this keeps it obvious.
    app.get("/api/assistance/queues/:queue", {
      config: { permission: "assistance.read" },
      schema: {
        tags: ["assistance"], summary: "帮扶待办队列（待安排帮扶责任人、待走访、待季度成效分析），按期限排序并分档计数",
        params: ZQueueParam, querystring: ZAssistanceQueueQuery, response: { 200: ZAssistanceQueueResponse },
      },
    }, async (req) => service.getQueue(deps, req.actor!, req.params.queue, req.query));

    app.get("/api/assistance/:householdId", {
      config: { permission: "assistance.read" },
      schema: { tags: ["assistance"], summary: "帮扶档案：帮扶责任人、安排与走访、季度分析期限", params: ZHouseholdParam, response: { 200: ZAssistanceFile } },
    }, async (req) => service.getFile(deps, req.actor!, req.params.householdId));

    app.post("/api/assistance/:householdId/assignments", {
      config: { permission: "assistance.assign" },
      schema: { tags: ["assistance"], summary: "安排或更换帮扶责任人", params: ZHouseholdParam, body: ZAssignRequest, response: { 200: ZAssistanceFile } },
    }, async (req) => service.assign(deps, req.actor!, req.params.householdId, req.body));
  };
