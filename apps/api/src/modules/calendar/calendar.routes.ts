import {
  ZCalendarCoverage, ZCalendarOverride, ZCalendarOverrideInput, ZCalendarYearInput, ZDayResponse, ZWorkingDaysQuery, ZWorkingDaysResponse,
} from "@fanpin/domain/calendar-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../lib/deps.ts";
import * as repo from "./calendar.repository.ts";
import * as service from "./calendar.service.ts";

const ZDateParams = z.object({ date: z.iso.date("日期格式应为 YYYY-MM-DD") });
const ZOk = z.object({ ok: z.literal(true) });

export const calendarRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // The official calendar is public information: no sign-in needed to read it.
    app.get("/api/calendar/working-days", {
      config: { public: true },
      schema: { tags: ["calendar"], summary: "起始日之后第 N 个工作日（起始日不计）", security: [], querystring: ZWorkingDaysQuery, response: { 200: ZWorkingDaysResponse } },
    }, async (req) => (await service.loadCalendar(deps.prisma)).addWorkingDays(req.query.from, req.query.days));

    app.get("/api/calendar/days/:date", {
      config: { public: true },
      schema: { tags: ["calendar"], summary: "某日是否为工作日", security: [], params: ZDateParams, response: { 200: ZDayResponse } },
    }, async (req) => (await service.loadCalendar(deps.prisma)).dayInfo(req.params.date));

    app.get("/api/calendar/coverage", {
      schema: { tags: ["calendar"], summary: "已有节假日数据的年份，及需要录入的年份提醒", response: { 200: ZCalendarCoverage } },
    }, async () => service.getCoverage(deps));

    app.get("/api/calendar/overrides", {
      schema: { tags: ["calendar"], summary: "管理员录入的工作日调整", response: { 200: z.object({ items: z.array(ZCalendarOverride) }) } },
    }, async () => ({ items: (await repo.listOverrides(deps.prisma)).map(service.toOverride) }));

    app.put("/api/calendar/overrides/:date", {
      config: { permission: "calendar.manage" },
      schema: { tags: ["calendar"], summary: "设置某日上班或放假（覆盖数据包）", params: ZDateParams, body: ZCalendarOverrideInput, response: { 200: ZCalendarOverride } },
    }, async (req) => service.setOverride(deps, req.actor!, req.params.date, req.body));

    app.delete("/api/calendar/overrides/:date", {
      config: { permission: "calendar.manage" },
      schema: { tags: ["calendar"], summary: "删除某日的调整", params: ZDateParams, response: { 200: ZOk } },
    }, async (req) => {
      await service.removeOverride(deps, req.actor!, req.params.date);
      return { ok: true as const };
    });

    app.post("/api/calendar/years", {
      config: { permission: "calendar.manage" },
      schema: { tags: ["calendar"], summary: "确认某年节假日已按通知完整录入", body: ZCalendarYearInput, response: { 200: ZOk } },
    }, async (req) => {
      await service.declareYear(deps, req.actor!, req.body.year, req.body.source);
      return { ok: true as const };
    });

    app.delete("/api/calendar/years/:year", {
      config: { permission: "calendar.manage" },
      schema: { tags: ["calendar"], summary: "撤销某年的完整录入确认", params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }), response: { 200: ZOk } },
    }, async (req) => {
      await service.withdrawYear(deps, req.actor!, req.params.year);
      return { ok: true as const };
    });
  };
