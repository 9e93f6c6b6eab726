import { areaScopePrefix } from "@fanpin/domain/areas";
import {
  SELF_REPORT_LIMITS, ZPublicAreaList, ZPublicAreaQuery, ZPublicVillage, ZSelfReportChallengeError, ZSelfReportCreated,
  ZSelfReportRequest, ZSelfReportStatus, ZSelfReportStatusQuery,
} from "@fanpin/domain/detection/self-report-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import QRCode from "qrcode";
import { z } from "zod";
import { AppError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { clientIp } from "../../plugins/request-text.ts";
import { findVillage } from "../leads/leads.repository.ts";
import * as service from "./self-reports.service.ts";

/** 农户自主申报 (一键报贫): the public routes, without a session (/api/public/self-reports…), and the staff's QR posters. */
export const selfReportsRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const client = (req: { ip: string; id: string }) => ({ ip: clientIp(req as never), requestId: req.id });

    app.post("/api/public/self-reports", {
      config: { public: true },
      // Refused before it is parsed (413 PAYLOAD_TOO_LARGE).
      bodyLimit: SELF_REPORT_LIMITS.bodyMaxBytes,
      schema: {
        tags: ["self-reports"], security: [],
        summary: "农户自主申报（一键报贫，无需登录）：成为该村所属乡镇的线索；按地址、手机号限次，超过若干次须完成验证",
        body: ZSelfReportRequest,
        response: { 201: ZSelfReportCreated, 429: ZSelfReportChallengeError.partial({ challenge: true }).extend({ code: z.string() }) },
      },
    }, async (req, reply) => reply.status(201).send(await service.submitSelfReport(deps, client(req), req.body)));

    app.get("/api/public/self-reports/:reference", {
      config: { public: true },
      schema: {
        tags: ["self-reports"], security: [],
        summary: "查询申报进度（申报编号 + 手机号码后 4 位；任一不符均为 404）",
        params: z.object({ reference: z.string().max(32) }),
        querystring: ZSelfReportStatusQuery,
        response: { 200: ZSelfReportStatus },
      },
    }, async (req) => service.selfReportStatus(deps, client(req), req.params.reference, req.query.phoneLast4));

    app.get("/api/public/villages", {
      config: { public: true },
      schema: {
        tags: ["self-reports"], security: [],
        summary: "申报页选村：下一级行政区划的名称和代码（到村为止）",
        querystring: ZPublicAreaQuery,
        response: { 200: ZPublicAreaList },
      },
    }, async (req) => ({ areas: await service.listPublicAreas(deps, req.query.parentCode) }));

    app.get("/api/public/villages/:code", {
      config: { public: true },
      schema: {
        tags: ["self-reports"], security: [],
        summary: "二维码预设的村：名称路径",
        params: z.object({ code: z.string().max(32) }),
        response: { 200: ZPublicVillage },
      },
    }, async (req) => service.publicVillage(deps, req.params.code));

    app.get("/api/self-report-posters/:villageId.png", {
      config: { permission: "selfReport.poster" },
      schema: {
        tags: ["self-reports"],
        summary: "村申报二维码（PNG），指向本村的一键申报页面",
        params: z.object({ villageId: z.coerce.number().int().positive().max(2_147_483_647) }),
      },
    }, async (req, reply) => {
      const actor = req.actor!;
      const village = await findVillage(deps.prisma, { id: req.params.villageId });
      if (!village || !village.code.startsWith(areaScopePrefix(actor.area.level, actor.area.code))) throw new AppError("AREA_NOT_FOUND");
      const origin = deps.config.publicBaseUrl ?? `${req.protocol}://${req.host}`;
      const png = await QRCode.toBuffer(`${origin}/self-report?village=${village.code}`, { type: "png", width: 640, margin: 2, errorCorrectionLevel: "M" });
      return reply.type("image/png").header("content-disposition", `inline; filename="self-report-${village.code}.png"`).send(png);
    });
  };
