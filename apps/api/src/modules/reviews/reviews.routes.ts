import { ZHouseholdParam, ZReview, ZReviewInput, ZRiskClass, ZRiskClassRequest } from "@fanpin/domain/assistance-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../lib/deps.ts";
import * as service from "./reviews.service.ts";

/**
 * What POST …/risk-class answers: the file's fields it changed (the same
 * names as ZAssistanceFile's; the SPA reloads the file after it).
 */
export const ZRiskClassResult = z.object({
  householdId: z.string(),
  riskClass: ZRiskClass.nullable(),
  riskClassOn: z.string().nullable(),
  nextVisitDue: z.string(),
  version: z.number().int(),
});

/** ABC classes and quarterly reviews (contract: packages/domain/src/assistance-schemas.ts). */
export const reviewsRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post("/api/assistance/:householdId/risk-class", {
      config: { permission: "assistance.assign" },
      schema: {
        tags: ["assistance"],
        summary: "调整风险类别（ABC 三类管理；类别决定走访周期，下次走访期限随之重算；记入审计日志）",
        params: ZHouseholdParam,
        body: ZRiskClassRequest,
        response: { 200: ZRiskClassResult },
      },
    }, async (req) => service.setRiskClass(deps, req.actor!, req.params.householdId, req.body));

    app.get("/api/assistance/:householdId/reviews", {
      config: { permission: "assistance.read" },
      schema: {
        tags: ["assistance"],
        summary: "季度帮扶成效分析记录（最新季度在前）",
        params: ZHouseholdParam,
        response: { 200: z.array(ZReview) },
      },
    }, async (req) => service.listReviews(deps, req.actor!, req.params.householdId));

    app.post("/api/assistance/:householdId/reviews", {
      config: { permission: "review.record" },
      schema: {
        tags: ["assistance"],
        summary: "录入季度帮扶成效分析（当前或上一季度，每户每季度一次；可同时调整风险类别）",
        params: ZHouseholdParam,
        body: ZReviewInput,
        response: { 201: ZReview },
      },
    }, async (req, reply) => reply.status(201).send(await service.recordReview(deps, req.actor!, req.params.householdId, req.body)));
  };
