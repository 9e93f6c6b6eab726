import {
  ZConditionInput, ZConditions, ZHouseholdParam, ZMeasure, ZMeasureInput, ZMeasureStateRequest, ZPlan, ZPlanUpdate, ZYearExpenseInput,
  ZYearIncomeInput, ZYearParam,
} from "@fanpin/domain/assistance-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../lib/deps.ts";
import * as service from "./plans.service.ts";

const ZMeasureParam = ZHouseholdParam.extend({ id: z.uuid("措施编号不正确") });

/** Assistance routes of this feature (contract: packages/domain/src/assistance-schemas.ts). */
export const plansRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/assistance/:householdId/plan", {
      config: { permission: "assistance.read" },
      schema: { tags: ["assistance"], summary: "帮扶计划与措施（一户一策）", params: ZHouseholdParam, response: { 200: ZPlan } },
    }, async (req) => service.getPlan(deps, req.actor!, req.params.householdId));

    app.put("/api/assistance/:householdId/plan", {
      config: { permission: "assistance.write" },
      schema: { tags: ["assistance"], summary: "修改帮扶计划", params: ZHouseholdParam, body: ZPlanUpdate, response: { 200: ZPlan } },
    }, async (req) => service.updatePlan(deps, req.actor!, req.params.householdId, req.body));

    app.post("/api/assistance/:householdId/measures", {
      config: { permission: "assistance.write" },
      schema: { tags: ["assistance"], summary: "添加帮扶措施（从措施目录中选择）", params: ZHouseholdParam, body: ZMeasureInput, response: { 201: ZMeasure } },
    }, async (req, reply) => reply.status(201).send(await service.addMeasure(deps, req.actor!, req.params.householdId, req.body)));

    app.post("/api/assistance/:householdId/measures/:id/state", {
      config: { permission: "assistance.write" },
      schema: { tags: ["assistance"], summary: "帮扶措施状态变更（开始落实、已落实、终止）", params: ZMeasureParam, body: ZMeasureStateRequest, response: { 200: ZMeasure } },
    }, async (req) => service.changeMeasureState(deps, req.actor!, req.params.householdId, req.params.id, req.body));

    app.get("/api/assistance/:householdId/conditions", {
      config: { permission: "assistance.read" },
      schema: { tags: ["assistance"], summary: "“两不愁三保障”及饮水安全、年度收入和刚性支出（含历史）", params: ZHouseholdParam, response: { 200: ZConditions } },
    }, async (req) => service.getConditions(deps, req.actor!, req.params.householdId));

    app.post("/api/assistance/:householdId/conditions", {
      config: { permission: "assistance.write" },
      schema: { tags: ["assistance"], summary: "记录保障情况（注明日期）", params: ZHouseholdParam, body: ZConditionInput, response: { 200: ZConditions } },
    }, async (req) => service.recordCondition(deps, req.actor!, req.params.householdId, req.body));

    app.put("/api/assistance/:householdId/incomes/:year", {
      config: { permission: "assistance.write" },
      schema: { tags: ["assistance"], summary: "录入或修改年度收入（A28–A32）", params: ZYearParam, body: ZYearIncomeInput, response: { 200: ZConditions } },
    }, async (req) => service.putIncomeYear(deps, req.actor!, req.params.householdId, req.params.year, req.body));

    app.put("/api/assistance/:householdId/expenses/:year", {
      config: { permission: "assistance.write" },
      schema: { tags: ["assistance"], summary: "录入或修改年度大额刚性支出", params: ZYearParam, body: ZYearExpenseInput, response: { 200: ZConditions } },
    }, async (req) => service.putExpenseYear(deps, req.actor!, req.params.householdId, req.params.year, req.body));
  };
