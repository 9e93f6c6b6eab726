import { ZVisit, ZVisitInput, ZVisitList } from "@fanpin/domain/assistance-schemas";
import { ZPageQuery } from "@fanpin/domain/pagination";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../lib/deps.ts";
import * as service from "./visits.service.ts";

const ZParams = z.object({ householdId: z.uuid("户编号不正确") });

/** Visits (走访): the household's list, and recording one (the same id twice is stored once). */
export const visitsRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/assistance/:householdId/visits", {
      config: { permission: "assistance.read" },
      schema: { tags: ["assistance"], summary: "走访记录（最新在前）", params: ZParams, querystring: ZPageQuery, response: { 200: ZVisitList } },
    }, async (req) => service.listVisits(deps, req.actor!, req.params.householdId, req.query));

    app.post("/api/assistance/:householdId/visits", {
      config: { permission: "visit.record" },
      schema: {
        tags: ["assistance"],
        summary: "登记走访（编号由设备生成；同一记录重复提交只保存一次）",
        params: ZParams, body: ZVisitInput, response: { 200: ZVisit, 201: ZVisit },
      },
    }, async (req, reply) => {
      const { visit, created } = await service.recordVisit(deps, req.actor!, req.params.householdId, req.body);
      return reply.status(created ? 201 : 200).send(visit);
    });
  };
