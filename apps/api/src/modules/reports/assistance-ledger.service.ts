import { areaScopePrefix } from "@fanpin/domain/areas";
import { MEASURE_STATES, riskClassRule, type AssistanceRules } from "@fanpin/domain/assistance/rules";
import { addCalendarDays } from "@fanpin/domain/calendar/working-days";
import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS, MONITORING_TYPE_LABELS } from "@fanpin/domain/categories";
import type { Db } from "../../db/prisma.ts";
import type { Actor } from "../../lib/actor.ts";
import type { Deps } from "../../lib/deps.ts";
import type { XlsxColumn } from "../../lib/xlsx.ts";
import { appendAudit } from "../audit/audit.repository.ts";
import * as repo from "./assistance-ledger.repository.ts";
import { reportAreaFor, resolveAsOf, type ReportArea, type Workbook } from "./reports.service.ts";

/**
 * 帮扶台账: one row per household whose assistance file was open at the end
 * of the date, with its class, helpers, plan, measures, how often it was
 * visited and its latest quarterly review. No ID numbers and no phones: the
 * ledger is about the assistance, not the person.
 */
export const ASSISTANCE_LEDGER_TITLE = "帮扶台账";

const COLUMNS: readonly XlsxColumn[] = [
  { header: "序号", width: 6 },
  { header: "乡镇", width: 12 },
  { header: "村", width: 12 },
  { header: "户编号", width: 20, text: true },
  { header: "户主", width: 10 },
  { header: "户类别", width: 14 },
  { header: "认定类型/监测对象类型", width: 22 },
  { header: "风险类别", width: 16 },
  { header: "帮扶责任人", width: 24 },
  { header: "村级联系人", width: 20 },
  { header: "帮扶计划", width: 40 },
  { header: "帮扶措施（状态）", width: 40 },
  { header: "享受政策数", width: 10 },
  { header: "最近走访日期", width: 12, text: true },
  { header: "近30天走访次数", width: 10 },
  { header: "最近季度分析", width: 40 },
];

/** 近30天: the date and the 29 days before it. */
const recentSince = (asOf: string) => addCalendarDays(asOf, -29);
const label = (map: Record<string, string>, code: string | null | undefined) => (code ? (map[code] ?? code) : "");
const isoOf = (d: Date) => d.toISOString().slice(0, 10);

function group<T extends { householdId: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) map.set(r.householdId, [...(map.get(r.householdId) ?? []), r]);
  return map;
}

export async function buildAssistanceLedger(deps: Deps, area: ReportArea, asOf: string, db: Db = deps.prisma): Promise<Workbook> {
  const files = await repo.findLedgerFiles(db, areaScopePrefix(area.level, area.code), asOf);
  const extras = await repo.findLedgerExtras(db, files.map((f) => f.householdId), asOf, recentSince(asOf));
  return assistanceLedgerWorkbook(area, asOf, files, extras, deps.config.rules.assistance);
}

export function assistanceLedgerWorkbook(
  area: ReportArea, asOf: string, files: repo.LedgerFileRow[], extras: repo.LedgerExtras, rules: AssistanceRules,
): Workbook {
  const helpers = group(extras.assignments);
  const measures = group(extras.measures);
  const visits = group(extras.visits);
  const reviews = group(extras.reviews);
  const rows = files.map((f, i) => {
    const mine = helpers.get(f.householdId) ?? [];
    const people = (role: string) => mine.filter((a) => a.role === role).map((a) => `${a.name}（${a.unit}）`).join("；");
    // A measure's state as of the date: one stopped or delivered later was still under way then.
    const ms = (measures.get(f.householdId) ?? []).map((m) => {
      let state = m.state;
      if (state === "STOPPED" && m.stoppedOn && isoOf(m.stoppedOn) > asOf) state = m.deliveredOn && isoOf(m.deliveredOn) <= asOf ? "DELIVERED" : "IN_PROGRESS";
      if (state === "DELIVERED" && m.deliveredOn && isoOf(m.deliveredOn) > asOf) state = "IN_PROGRESS";
      return { name: m.name, state };
    });
    const visited = visits.get(f.householdId)?.[0];
    const review = reviews.get(f.householdId)?.[0];
    const designation = [label(DESIGNATION_LABELS, f.designation), label(MONITORING_TYPE_LABELS, f.monitoringType)].filter(Boolean).join("/");
    return [
      i + 1, f.townshipName, f.villageName, f.householdNo, f.headName, label(HOUSEHOLD_CATEGORY_LABELS, f.category), designation,
      f.riskClass ? (riskClassRule(rules, f.riskClass)?.label ?? f.riskClass) : "未分类",
      people("LEAD"), people("VILLAGE_CONTACT"), f.planSummary ?? "",
      ms.map((m) => `${m.name}（${MEASURE_STATES[m.state as keyof typeof MEASURE_STATES] ?? m.state}）`).join("；"),
      ms.filter((m) => m.state === "IN_PROGRESS" || m.state === "DELIVERED").length,
      visited ? isoOf(visited.lastVisitOn) : "",
      visited?.recent ?? 0,
      review ? `${review.quarter}（${isoOf(review.reviewedOn)}）：${review.riskEased ? "风险已缓解" : "风险未缓解"}；${review.effect}` : "",
    ];
  });
  return {
    fileName: `${ASSISTANCE_LEDGER_TITLE}_${area.name}_${asOf}.xlsx`,
    rowCount: rows.length,
    sheets: [{
      name: ASSISTANCE_LEDGER_TITLE,
      columns: COLUMNS,
      titleLines: [`${area.name}${ASSISTANCE_LEDGER_TITLE}`, `截至 ${asOf}（含）帮扶中的户；共 ${rows.length} 户`],
      rows,
    }],
  };
}

/** The ledger as a download: every file with household data that leaves the system is a recorded read. */
export async function assistanceLedgerForDownload(
  deps: Deps, actor: Actor, query: { asOf?: string; areaId?: number }, db: Db = deps.prisma,
): Promise<Workbook> {
  const asOf = resolveAsOf(deps, query.asOf);
  const area = await reportAreaFor(deps, actor, query.areaId);
  const workbook = await buildAssistanceLedger(deps, area, asOf, db);
  await appendAudit(deps.prisma, actor, {
    action: "report.download", entityType: "report", entityId: `ASSISTANCE_LEDGER:${area.code}`,
    after: { kind: "ASSISTANCE_LEDGER", areaCode: area.code, asOf, rowCount: workbook.rowCount, fileName: workbook.fileName },
  }, deps.clock());
  return workbook;
}
