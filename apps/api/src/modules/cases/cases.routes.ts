import { ZCaseActionRequest, ZCaseDetail, ZCaseListQuery, ZCaseSummary, ZOpenCaseRequest } from "@fanpin/domain/case-schemas";
import { ZPage } from "@fanpin/domain/pagination";
import { describeRules, ZRulesResponse } from "@fanpin/domain/rules-schemas";
import { LOCAL_RULE_PRESETS, RULE_SETS } from "@fanpin/domain/procedures/rules";
import { CASE_ACTION_CODES, CASE_ACTIONS } from "@fanpin/domain/procedures/actions";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../lib/deps.ts";
import * as service from "./cases.service.ts";

const ZCaseParams = z.object({ id: z.uuid("案件编号格式不正确") });

export const casesRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // Rule sets are fixed for the process's life: each described once. A case keeps the rule set it started under,
    // so the SPA asks for that one (?preset=) when it shows a case started under another.
    const descriptions = new Map(LOCAL_RULE_PRESETS.map((p) => [p, describeRules(p === deps.config.rules.preset ? deps.config.rules : RULE_SETS[p])]));
    app.get("/api/rules", {
      config: { permission: "rules.read" },
      schema: {
        tags: ["cases"],
        summary: "本地区办理规则：各程序的步骤、办理角色、期限、所需记录、信息比对项目、不予纳入情形和监测对象类型（preset：案件开始时适用的其他规则）",
        querystring: z.object({ preset: z.enum(LOCAL_RULE_PRESETS, { error: "规则名称应为 weihai、linyi、fuzhou 或 national" }).optional() }),
        response: { 200: ZRulesResponse },
      },
    }, async (req) => descriptions.get(req.query.preset ?? deps.config.rules.preset)!);

    app.post("/api/cases", {
      config: { permission: "case.act" },
      schema: { tags: ["cases"], summary: "登记线索并立案（每户同时只能有一个办理中的案件）", body: ZOpenCaseRequest, response: { 201: ZCaseDetail } },
    }, async (req, reply) => reply.status(201).send(await service.openCase(deps, req.actor!, req.body)));

    app.get("/api/cases", {
      config: { permission: "case.read" },
      schema: { tags: ["cases"], summary: "案件列表（按当前阶段期限排序）", querystring: ZCaseListQuery, response: { 200: ZPage(ZCaseSummary) } },
    }, async (req) => service.listCases(deps, req.actor!, req.query));

    app.get("/api/cases/:id", {
      config: { permission: "case.read" },
      schema: { tags: ["cases"], summary: "案件详情：各步骤记录、办理人、期限及是否按期", params: ZCaseParams, response: { 200: ZCaseDetail } },
    }, async (req) => service.getCase(deps, req.actor!, req.params.id));

    for (const action of CASE_ACTION_CODES) {
      const { path, record: recordSchema } = CASE_ACTIONS[action];
      if (!path) continue;
      const record = recordSchema ?? z.null().optional();
      app.post(`/api/cases/:id/${path}`, {
        config: { permission: "case.act" },
        schema: {
          tags: ["cases"],
          summary: `${CASE_ACTIONS[action].label}（须携带读取时的 version）`,
          params: ZCaseParams,
          body: ZCaseActionRequest(record),
          response: { 200: ZCaseDetail },
        },
      }, async (req) => {
        const body = req.body as { version: number; record?: unknown };
        return service.performAction(deps, req.actor!, req.params.id, action, body.version, body.record ?? null);
      });
    }
  };
