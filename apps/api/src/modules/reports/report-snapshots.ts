import { addCalendarDays, todayInChina } from "@fanpin/domain/calendar/working-days";
import { DEPARTMENT_CODES, type DepartmentCode } from "@fanpin/domain/reports/departments";
import { reportAsOf, reportDaysBetween, type ReportKind } from "@fanpin/domain/reports/report-calendar";
import type { Deps } from "../../lib/deps.ts";
import { monthlyStatisticsToStore } from "../statistics/statistics.service.ts";
import { EXIT_LEDGER_DEPARTMENT, findDistricts, findSnapshotKeys, insertSnapshots } from "./reports.repository.ts";
import {
  buildDepartmentList, buildExitLedger, householdsAsOf, ledgerWorkbook, snapshotData, type HouseholdRow, type ReportArea, type SnapshotToStore,
} from "./reports.service.ts";

/** Report days missed this many days back (the server was down) are still produced. */
export const CATCH_UP_DAYS = 7;

/**
 * The scheduled reports: on each report day of the deployment's calendar
 * (LocalRules.reportCalendar) every district gets its ledger (and its exit ledger) and one list per
 * department, stored as the bytes produced (report_snapshot), with the data
 * at the end of the day before (reportAsOf). Runs every minute; only the
 * snapshots still missing for the report days of the last CATCH_UP_DAYS days
 * (and today) are built, and the unique key (kind, department, area, report
 * day) with skipDuplicates makes a concurrent run in another process harmless.
 * Because the data date lies in the past and is rebuilt from the audit trail,
 * a late (caught-up) file has the content it would have had on time.
 * Returns the number of snapshots stored.
 */
export async function produceReportSnapshots(deps: Deps): Promise<number> {
  const monthlyStatistics = await produceMonthlyStatistics(deps);
  const calendar = deps.config.rules.reportCalendar;
  const today = todayInChina(deps.clock());
  const from = addCalendarDays(today, -CATCH_UP_DAYS);
  const due: { kind: ReportKind; reportDate: string }[] = (["LEDGER", "DEPARTMENT_LIST"] as const).flatMap((kind) =>
    reportDaysBetween(calendar, kind, from, today).map((reportDate) => ({ kind, reportDate })),
  );
  if (!due.length) return monthlyStatistics;
  const existing = new Set(
    (await findSnapshotKeys(deps.prisma, [...new Set(due.map((d) => d.reportDate))].map((d) => new Date(`${d}T00:00:00Z`))))
      .map((k) => `${k.kind}|${k.department}|${k.areaCode}|${k.reportDate.toISOString().slice(0, 10)}`),
  );
  const districts = await findDistricts(deps.prisma);

  let stored = 0;
  for (const district of districts) {
    const area: ReportArea = district;
    const states = new Map<string, Promise<HouseholdRow[]>>();
    const stateOn = (asOf: string) => {
      if (!states.has(asOf)) states.set(asOf, householdsAsOf(deps.prisma, area, asOf, { reportedOnly: true }));
      return states.get(asOf)!;
    };
    for (const { kind, reportDate } of due) {
      const asOf = reportAsOf(reportDate);
      // Ledger days bring both ledgers: the monitoring ledger ("") and the exit ledger.
      const departments: readonly string[] = kind === "LEDGER" ? ["", EXIT_LEDGER_DEPARTMENT] : DEPARTMENT_CODES;
      for (const department of departments) {
        if (existing.has(`${kind}|${department}|${area.code}|${reportDate}`)) continue;
        const workbook = department === ""
          ? ledgerWorkbook(area, asOf, await stateOn(asOf))
          : department === EXIT_LEDGER_DEPARTMENT
            ? await buildExitLedger(deps.prisma, area, asOf)
            : await buildDepartmentList(deps.prisma, deps, department as DepartmentCode, area, asOf, stateOn);
        const toStore: SnapshotToStore = { kind, department, areaCode: area.code, reportDate, asOf, workbook };
        stored += await insertSnapshots(deps.prisma, [await snapshotData(toStore, deps.clock())]);
      }
    }
  }
  return stored + monthlyStatistics;
}

/**
 * 月统月报 (MONTHLY_STATISTICS): on the rule set's statistics day (Fuzhou the 25th, others the month's last day) every
 * district gets a workbook of its statistics, one sheet per chart, caught up like the others. Its figures are those of
 * a refresh run when it is produced (statistics.service monthlyStatisticsToStore), so asOf is that day.
 */
async function produceMonthlyStatistics(deps: Deps): Promise<number> {
  const today = todayInChina(deps.clock());
  const days = reportDaysBetween(deps.config.rules.reportCalendar, "MONTHLY_STATISTICS", addCalendarDays(today, -CATCH_UP_DAYS), today);
  if (!days.length) return 0;
  const existing = new Set((await findSnapshotKeys(deps.prisma, days.map((d) => new Date(`${d}T00:00:00Z`))))
    .filter((k) => k.kind === "MONTHLY_STATISTICS").map((k) => `${k.areaCode}|${k.reportDate.toISOString().slice(0, 10)}`));
  const due = (await findDistricts(deps.prisma)).flatMap((district) =>
    days.filter((reportDate) => !existing.has(`${district.code}|${reportDate}`)).map((reportDate) => ({ areaCode: district.code, reportDate })));
  let stored = 0;
  for (const s of await monthlyStatisticsToStore(deps, due)) stored += await insertSnapshots(deps.prisma, [await snapshotData(s, deps.clock())]);
  return stored;
}
