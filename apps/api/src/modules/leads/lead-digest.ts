import { todayInChina } from "@fanpin/domain/calendar/working-days";
import type { Deps } from "../../lib/deps.ts";
import { loadCalendar } from "../calendar/calendar.service.ts";
import { produceScreeningReports } from "./screening-report.ts";
import { insertLeadDigests, insertLeadOverdueNotices } from "../notifications/notifications.repository.ts";

/**
 * 日汇总、周核实, every minute: on a working day, each township with leads
 * handed over today gets one LEAD_DIGEST; every open lead past its verify
 * deadline gets one LEAD_OVERDUE. Both are set-based statements whose unique
 * scope_key makes a second run, in this process or another, write nothing.
 * On the screening report day it also stores each township's 月度监测筛查报告
 * (screening-report.ts; the detection job, not the district reports' job).
 * Returns the number of notices and reports written.
 */
export async function sendLeadDigests(deps: Deps): Promise<number> {
  const now = deps.clock();
  const today = todayInChina(now);
  const calendar = await loadCalendar(deps.prisma);
  const digests = calendar.isWorkingDay(today) ? await insertLeadDigests(deps.prisma, today, now) : 0;
  const overdue = await insertLeadOverdueNotices(deps.prisma, today, now);
  return digests + overdue + (await produceScreeningReports(deps));
}
