import { addCalendarDays, todayInChina, type IsoDate } from "@fanpin/domain/calendar/working-days";
import { CLUE_SOURCE_CODES, CLUE_SOURCES, LEAD_STATE_LABELS, type LeadState } from "@fanpin/domain/detection/lead-schemas";
import type { Deps } from "../../lib/deps.ts";
import type { XlsxCell, XlsxColumn } from "../../lib/xlsx.ts";
import { isoOf } from "../calendar/calendar.repository.ts";
import { insertSnapshots } from "../reports/reports.repository.ts";
import { snapshotData, type Workbook } from "../reports/reports.service.ts";
import { CATCH_UP_DAYS } from "../reports/report-snapshots.ts";
import { findScreeningKeys, findScreeningLeads, findTownships, type ScreeningLead } from "./leads.repository.ts";

/** The screening report's day in the month of `date`: the rule's day, or the month's last day when the month is shorter. */
export function screeningDayOf(date: IsoDate, day: number): IsoDate {
  const month = date.slice(0, 7);
  const last = Number(addCalendarDays(`${addCalendarDays(`${month}-28`, 4).slice(0, 7)}-01`, -1).slice(8));
  return `${month}-${String(Math.min(day, last)).padStart(2, "0")}`;
}

/** The period a screening report covers: from the previous month's report day to the day before this one. */
export function screeningPeriod(reportDate: IsoDate, day: number): { from: IsoDate; to: IsoDate } {
  const previousMonth = addCalendarDays(`${reportDate.slice(0, 7)}-01`, -1);
  return { from: screeningDayOf(previousMonth, day), to: addCalendarDays(reportDate, -1) };
}

/**
 * 月度监测筛查报告 (rules.detection.screeningReportDay): on the report day,
 * each township gets the leads whose first clue lies in the period (the
 * month up to the day before), with what became of each, as a stored
 * report snapshot (MONTHLY_SCREENING, area = the township). Report days
 * missed in the last CATCH_UP_DAYS days are caught up; the snapshot's
 * unique key makes it once per township and day whichever process runs it.
 * The outcome is as of the run (the report day, or the catch-up).
 */
export async function produceScreeningReports(deps: Deps): Promise<number> {
  const day = deps.config.rules.detection.screeningReportDay;
  const today = todayInChina(deps.clock());
  const due = [...new Set([screeningDayOf(today, day), screeningDayOf(addCalendarDays(today, -CATCH_UP_DAYS), day)])]
    .filter((d) => d <= today && d >= addCalendarDays(today, -CATCH_UP_DAYS));
  if (!due.length) return 0;
  let stored = 0;
  for (const reportDate of due) {
    const existing = new Set(await findScreeningKeys(deps.prisma, reportDate));
    const townships = (await findTownships(deps.prisma)).filter((t) => !existing.has(t.code));
    const { from, to } = screeningPeriod(reportDate, day);
    for (const township of townships) {
      const leads = await findScreeningLeads(deps.prisma, township.code.slice(0, 9), from, to);
      const workbook = screeningWorkbook(township, { from, to, reportDate }, leads, today);
      stored += await insertSnapshots(deps.prisma, [await snapshotData({
        kind: "MONTHLY_SCREENING", department: "", areaCode: township.code, reportDate, asOf: to, workbook,
      }, deps.clock())]);
    }
  }
  return stored;
}

const COLUMNS: XlsxColumn[] = [
  { header: "序号", width: 6 },
  { header: "线索编号", width: 18, text: true },
  { header: "姓名", width: 10 },
  { header: "村（社区）", width: 14 },
  { header: "线索来源", width: 28 },
  { header: "首条线索日期", width: 12, text: true },
  { header: "核实期限", width: 12, text: true },
  { header: "核实结果", width: 10 },
  { header: "立案编号 / 排除理由", width: 30 },
  { header: "是否逾期", width: 10 },
];

function outcomeOf(l: ScreeningLead, today: IsoDate): { state: string; detail: string; overdue: string } {
  const deadline = isoOf(l.verify_deadline);
  if (l.state === "OPEN") return { state: "待核实", detail: "", overdue: deadline < today ? "已逾期" : "未逾期" };
  const closed = l.closed_on ? isoOf(l.closed_on) : today;
  return {
    state: LEAD_STATE_LABELS[l.state as LeadState] ?? l.state,
    detail: l.state === "CASE_OPENED" ? (l.case_no ?? "") : (l.dismiss_reason ?? ""),
    overdue: closed > deadline ? "逾期办结" : "按期办结",
  };
}

export function screeningWorkbook(
  township: { code: string; name: string }, period: { from: IsoDate; to: IsoDate; reportDate: IsoDate }, leads: ScreeningLead[], today: IsoDate,
): Workbook {
  const rows: XlsxCell[][] = leads.map((l, i) => {
    const o = outcomeOf(l, today);
    return [
      i + 1, l.lead_no, l.person_name, l.village_name, l.sources.map((s) => (CLUE_SOURCES as Record<string, string>)[s] ?? s).join("、"),
      isoOf(l.first_clue_on), isoOf(l.verify_deadline), o.state, o.detail, o.overdue,
    ];
  });
  const bySource = CLUE_SOURCE_CODES.map((s) => [CLUE_SOURCES[s], leads.filter((l) => l.sources.includes(s)).length] as XlsxCell[]);
  const count = (state: string) => leads.filter((l) => l.state === state).length;
  const overdueOpen = leads.filter((l) => l.state === "OPEN" && isoOf(l.verify_deadline) < today).length;
  const summary: XlsxCell[][] = [
    ["线索总数", leads.length],
    ...bySource.map(([label, n]) => [`来源：${label as string}`, n]),
    ["结果：已立案", count("CASE_OPENED")],
    ["结果：已排除", count("DISMISSED")],
    ["结果：待核实", count("OPEN")],
    ["其中逾期未核实", overdueOpen],
  ];
  const title = `${township.name}月度监测筛查报告（首条线索 ${period.from} 至 ${period.to}）`;
  return {
    fileName: `月度监测筛查报告_${township.name}_${period.reportDate.replaceAll("-", "")}.xlsx`,
    sheets: [
      { name: "线索明细", titleLines: [title], columns: COLUMNS, rows },
      { name: "汇总", titleLines: [title], columns: [{ header: "项目", width: 28 }, { header: "数量", width: 10 }], rows: summary },
    ],
    rowCount: leads.length,
  };
}
