import { ZCaseDetail } from "@fanpin/domain/case-schemas";
import {
  ZDismissLeadRequest, ZLeadBacklog, ZLeadDetail, ZLeadFigures, ZLeadFiguresQuery, ZLeadListQuery, ZLeadPage, ZOpenCaseFromLeadRequest,
  ZReceivedLead, ZReceiveLeadRequest,
} from "@fanpin/domain/detection/lead-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { readDb, type Deps } from "../../lib/deps.ts";
import * as service from "./leads.service.ts";

const ZLeadParams = z.object({ id: z.uuid("线索编号格式不正确") });

export const leadsRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post("/api/leads", {
      config: { permission: "lead.receive" },
      schema: {
        tags: ["leads"],
        summary: "登记线索（日常走访、热线、书记遍访、督查反馈）；同一户、同一身份证号或电话的线索并入办理中的线索",
        body: ZReceiveLeadRequest,
        response: { 201: ZReceivedLead },
      },
    }, async (req, reply) => {
      const r = await service.receiveLead(deps, req.actor!, req.body);
      return reply.status(201).send({ id: r.leadId, leadNo: r.leadNo, merged: r.merged });
    });

    app.get("/api/leads", {
      config: { permission: "lead.read" },
      schema: {
        tags: ["leads"],
        summary: "线索列表（管辖范围内；待核实的按核实期限排序，含分档计数）",
        querystring: ZLeadListQuery,
        response: { 200: ZLeadPage },
      },
    }, async (req) => service.listLeads(deps, req.actor!, req.query, readDb(deps, req)));

    // Registered before /api/leads/:id so "backlog" and "figures" are not taken for ids (the uuid check would refuse them anyway).
    app.get("/api/leads/backlog", {
      config: { permission: "lead.read" },
      schema: { tags: ["leads"], summary: "各乡镇待核实线索积压（待核实、逾期、今日到期、最早期限）", response: { 200: ZLeadBacklog } },
    }, async (req) => service.getLeadBacklog(deps, req.actor!));

    app.get("/api/leads/figures", {
      config: { permission: "lead.read" },
      schema: {
        tags: ["leads"],
        summary: "线索统计：按来源的线索数、按结果的线索数、从首条线索到立案的时间（默认本月）",
        querystring: ZLeadFiguresQuery,
        response: { 200: ZLeadFigures },
      },
    }, async (req) => service.getLeadFigures(deps, req.actor!, req.query));

    app.get("/api/leads/:id", {
      config: { permission: "lead.read" },
      schema: { tags: ["leads"], summary: "线索详情（各条线索来源，电话、证件号码已遮挡）", params: ZLeadParams, response: { 200: ZLeadDetail } },
    }, async (req) => service.getLead(deps, req.actor!, req.params.id));

    app.post("/api/leads/:id/dismiss", {
      config: { permission: "lead.verify" },
      schema: {
        tags: ["leads"], summary: "核实后排除线索（须填写理由）", params: ZLeadParams, body: ZDismissLeadRequest, response: { 200: ZLeadDetail },
      },
    }, async (req) => service.dismissLead(deps, req.actor!, req.params.id, req.body));

    app.post("/api/leads/:id/open-case", {
      config: { permission: "lead.verify" },
      schema: {
        tags: ["leads"],
        summary: "核实后立案（识别认定）；未登记对象须先登记家庭并传入 householdId",
        params: ZLeadParams,
        body: ZOpenCaseFromLeadRequest,
        response: { 201: z.object({ lead: ZLeadDetail, case: ZCaseDetail }) },
      },
    }, async (req, reply) => reply.status(201).send(await service.openCaseFromLead(deps, req.actor!, req.params.id, req.body)));
  };
