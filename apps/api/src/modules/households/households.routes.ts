import { ZAuditEntry, ZAuditQuery } from "@fanpin/domain/audit-schemas";
import {
  ZCreateHouseholdRequest, ZHouseholdDetail, ZHouseholdListQuery, ZHouseholdSummary, ZRevealIdRequest, ZRevealIdResponse,
  ZUpdateHouseholdRequest,
} from "@fanpin/domain/household-schemas";
import { HOUSEHOLD_SHEET_COLUMNS, TEXT_COLUMN_KEYS } from "@fanpin/domain/import/household-sheet";
import { ZPage } from "@fanpin/domain/pagination";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { readDb, type Deps } from "../../lib/deps.ts";
import { sendXlsx } from "../../lib/xlsx.ts";
import { listHouseholdHistory } from "../audit/audit.service.ts";
import * as service from "./households.service.ts";

const ZHouseholdParams = z.object({ id: z.uuid("户编号格式不正确") });
/** The list's filters; paging does not apply (the whole filtered list is exported). */
const ZHouseholdExportQuery = ZHouseholdListQuery.omit({ page: true, pageSize: true });

export const householdsRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/households", {
      config: { permission: "household.read" },
      schema: {
        tags: ["households"],
        summary: "家庭列表（本人辖区内；证件号码已脱敏）",
        querystring: ZHouseholdListQuery,
        response: { 200: ZPage(ZHouseholdSummary) },
      },
    }, async (req) => service.listHouseholds(deps, req.actor!, req.query, readDb(deps, req)));

    app.get("/api/households/export.xlsx", {
      config: { permission: "household.export" },
      schema: {
        tags: ["households"],
        summary: "导出家庭列表（.xlsx，与导入模板同格式，每名成员一行，含完整证件号码；记入审计日志）",
        querystring: ZHouseholdExportQuery,
      },
    }, async (req, reply) => {
      // Scope, filters and the audit entry are settled before the stream starts, so refusals are proper JSON errors.
      const file = await service.prepareHouseholdExport(deps, req.actor!, req.query, readDb(deps, req));
      return sendXlsx(reply, file.fileName, [{
        name: "户档案",
        columns: HOUSEHOLD_SHEET_COLUMNS.map((c) => ({ header: c.header, width: c.width, text: TEXT_COLUMN_KEYS.has(c.key) })),
        rows: file.rows,
      }]);
    });

    app.post("/api/households", {
      config: { permission: "household.write" },
      schema: { tags: ["households"], summary: "登记家庭及成员", body: ZCreateHouseholdRequest, response: { 201: ZHouseholdDetail } },
    }, async (req, reply) => reply.status(201).send(await service.createHousehold(deps, req.actor!, req.body)));

    app.get("/api/households/:id", {
      config: { permission: "household.read" },
      schema: { tags: ["households"], summary: "家庭详情（证件号码已脱敏）", params: ZHouseholdParams, response: { 200: ZHouseholdDetail } },
    }, async (req) => service.getHousehold(deps, req.actor!, req.params.id));

    app.put("/api/households/:id", {
      config: { permission: "household.write" },
      schema: {
        tags: ["households"],
        summary: "修改家庭信息（须携带读取时的 version）",
        params: ZHouseholdParams,
        body: ZUpdateHouseholdRequest,
        response: { 200: ZHouseholdDetail },
      },
    }, async (req) => service.updateHousehold(deps, req.actor!, req.params.id, req.body));

    app.post("/api/households/:id/members/:memberId/reveal-id-number", {
      config: { permission: "household.revealId" },
      schema: {
        tags: ["households"],
        summary: "查看成员完整证件号码（记入审计日志）",
        params: ZHouseholdParams.extend({ memberId: z.uuid("成员编号格式不正确") }),
        body: ZRevealIdRequest.optional(),
        response: { 200: ZRevealIdResponse },
      },
    }, async (req) => service.revealIdNumber(deps, req.actor!, req.params.id, req.params.memberId, req.body?.reason));

    app.get("/api/households/:id/history", {
      config: { permission: "audit.read" },
      schema: {
        tags: ["households"],
        summary: "家庭的变更历史（审计记录）",
        params: ZHouseholdParams,
        querystring: ZAuditQuery,
        response: { 200: ZPage(ZAuditEntry) },
      },
    }, async (req) => listHouseholdHistory(deps, req.actor!, req.params.id, req.query.page, req.query.pageSize));
  };
