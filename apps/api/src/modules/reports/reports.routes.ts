import { ZReportSnapshot, ZReportSnapshotQuery, ZAsOfQuery, ZDepartmentParam } from "@fanpin/domain/report-schemas";
import { ZPage } from "@fanpin/domain/pagination";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { readDb, type Deps } from "../../lib/deps.ts";
import { attachment, sendXlsx, XLSX_CONTENT_TYPE } from "../../lib/xlsx.ts";
import * as service from "./reports.service.ts";
import { assistanceLedgerForDownload } from "./assistance-ledger.service.ts";
import { ZAssistanceLedgerQuery } from "@fanpin/domain/assistance-schemas";
import { policyPopulationForDownload, rolledBackForDownload } from "./periodic-lists.service.ts";

const ZReportQuery = ZAsOfQuery.extend({
  /** An area inside the user's own (a city supervisor choosing a district); default: the user's area. */
  areaId: z.coerce.number().int().positive("区划编号不正确").max(2_147_483_647, "区划编号不正确").optional(),
});
const xlsxResponse = { 200: z.any().describe("Excel 文件（.xlsx）") };

export const reportsRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/ledgers/monitoring.xlsx", {
      config: { permission: "report.read" },
      schema: {
        tags: ["reports"],
        summary: "脱贫监测户和即时帮扶人口管理台账（按日期还原当日状态；含完整证件号码，下载记入审计日志）",
        querystring: ZReportQuery,
        produces: [XLSX_CONTENT_TYPE],
        response: xlsxResponse,
      },
    }, async (req, reply) => {
      const workbook = await service.ledgerForDownload(deps, req.actor!, req.query, readDb(deps, req));
      return sendXlsx(reply, workbook.fileName, workbook.sheets);
    });

    app.get("/api/ledgers/exits.xlsx", {
      config: { permission: "report.read" },
      schema: {
        tags: ["reports"],
        summary: "退出台账：截至该日（含）结束监测帮扶的户，含认定日期、退出日期、原因和退出案件编号（下载记入审计日志）",
        querystring: ZReportQuery,
        produces: [XLSX_CONTENT_TYPE],
        response: xlsxResponse,
      },
    }, async (req, reply) => {
      const workbook = await service.exitLedgerForDownload(deps, req.actor!, req.query, readDb(deps, req));
      return sendXlsx(reply, workbook.fileName, workbook.sheets);
    });

    app.get("/api/ledgers/assistance.xlsx", {
      config: { permission: "report.read" },
      schema: {
        tags: ["reports"],
        summary: "帮扶台账：该日帮扶中的户，含风险类别、帮扶责任人、帮扶计划与措施、走访和季度成效分析（不含证件号码和电话；下载记入审计日志）",
        querystring: ZAssistanceLedgerQuery,
        produces: [XLSX_CONTENT_TYPE],
        response: xlsxResponse,
      },
    }, async (req, reply) => {
      const workbook = await assistanceLedgerForDownload(deps, req.actor!, req.query, readDb(deps, req));
      return sendXlsx(reply, workbook.fileName, workbook.sheets);
    });

    app.get("/api/ledgers/departments/:department.xlsx", {
      config: { permission: "report.read" },
      schema: {
        tags: ["reports"],
        summary: "部门名单：截至该日的最新名单，及上次名单日以来的新增、减少（下载记入审计日志）",
        params: z.object({ department: ZDepartmentParam }),
        querystring: ZReportQuery,
        produces: [XLSX_CONTENT_TYPE],
        response: xlsxResponse,
      },
    }, async (req, reply) => {
      const workbook = await service.departmentListForDownload(deps, req.actor!, req.params.department, req.query, readDb(deps, req));
      return sendXlsx(reply, workbook.fileName, workbook.sheets);
    });

    app.get("/api/ledgers/policy-population.xlsx", {
      config: { permission: "report.read" },
      schema: {
        tags: ["reports"],
        summary: "享受政策人口名单及增减名单：该日享受政策的全部人口（标清脱贫监测户、即时帮扶人口），及上月末以来的新增、减少和原因（含完整证件号码，下载记入审计日志）",
        querystring: ZReportQuery,
        produces: [XLSX_CONTENT_TYPE],
        response: xlsxResponse,
      },
    }, async (req, reply) => {
      const workbook = await policyPopulationForDownload(deps, req.actor!, req.query, readDb(deps, req));
      return sendXlsx(reply, workbook.fileName, workbook.sheets);
    });

    app.get("/api/ledgers/rolled-back.xlsx", {
      config: { permission: "report.read" },
      schema: {
        tags: ["reports"],
        summary: "回退户名单：截至该日（含）回退为脱贫享受政策户的户，含回退日期、案件编号、返贫风险和当日状态（下载记入审计日志）",
        querystring: ZReportQuery,
        produces: [XLSX_CONTENT_TYPE],
        response: xlsxResponse,
      },
    }, async (req, reply) => {
      const workbook = await rolledBackForDownload(deps, req.actor!, req.query, readDb(deps, req));
      return sendXlsx(reply, workbook.fileName, workbook.sheets);
    });

    app.get("/api/report-snapshots", {
      config: { permission: "report.read" },
      schema: {
        tags: ["reports"],
        summary: "已生成的报表（报送日自动生成并保存的台账与部门名单），按报送日倒序",
        querystring: ZReportSnapshotQuery,
        response: { 200: ZPage(ZReportSnapshot) },
      },
    }, async (req) => service.listSnapshots(deps, req.actor!, req.query, readDb(deps, req)));

    app.get("/api/report-snapshots/:id/file", {
      config: { permission: "report.read" },
      schema: {
        tags: ["reports"],
        summary: "下载已保存的报表文件（与生成时完全一致；下载记入审计日志）",
        params: z.object({ id: z.uuid("报表编号格式不正确") }),
        produces: [XLSX_CONTENT_TYPE],
        response: xlsxResponse,
      },
    }, async (req, reply) => {
      const file = await service.snapshotFile(deps, req.actor!, req.params.id);
      return reply
        .header("content-type", XLSX_CONTENT_TYPE)
        .header("content-disposition", attachment(file.fileName))
        .header("x-content-sha256", file.sha256)
        .send(file.content);
    });
  };
