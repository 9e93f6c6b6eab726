import { ZStatistics, ZStatisticsChartParam, ZStatisticsQuery } from "@fanpin/domain/statistics/statistics-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { readDb, type Deps } from "../../lib/deps.ts";
import { sendXlsx, XLSX_CONTENT_TYPE } from "../../lib/xlsx.ts";
import * as service from "./statistics.service.ts";

export const statisticsRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/statistics", {
      config: { permission: "statistics.read" },
      schema: {
        tags: ["statistics"],
        summary: "监测统计：本辖区（或 areaId 指定的下级区划，直至村）的户类别、监测对象类型、风险、线索、趋势、办理时限、走访和监测人口占比，及下级区划对比",
        querystring: ZStatisticsQuery,
        response: { 200: ZStatistics },
      },
    }, async (req, reply) =>
      // Already JSON (built by PostgreSQL in the ZStatistics shape, which statistics.test.ts parses): sent as it is.
      reply.type("application/json; charset=utf-8").send(await service.statisticsJson(deps, req.actor!, req.query, readDb(deps, req)) as never));

    app.get("/api/statistics/charts/:chart.xlsx", {
      config: { permission: "statistics.read" },
      schema: {
        tags: ["statistics"],
        summary: "下载一张统计图的数据（.xlsx）",
        params: z.object({ chart: ZStatisticsChartParam }),
        querystring: ZStatisticsQuery,
        produces: [XLSX_CONTENT_TYPE],
        response: { 200: z.any().describe("Excel 文件（.xlsx）") },
      },
    }, async (req, reply) => {
      const workbook = await service.chartWorkbook(deps, req.actor!, req.params.chart, req.query, readDb(deps, req));
      return sendXlsx(reply, workbook.fileName, workbook.sheets);
    });
  };
