import { createHash } from "node:crypto";
import { areaScopePrefix, isWithinArea, type AreaLevel } from "@fanpin/domain/areas";
import { addCalendarDays, todayInChina } from "@fanpin/domain/calendar/working-days";
import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS, MONITORING_TYPE_LABELS } from "@fanpin/domain/categories";
import { GENDER, HEALTH, INCOME_ITEM_KEYS, RELATION, RISK_CAUSE, SCHOOL_STATUS, summarizeIncome, type Income } from "@fanpin/domain/collection-form";
import type { ConditionFact } from "@fanpin/domain/assistance/conditions";
import { CASE_STAGE_LABELS, type CaseStage } from "@fanpin/domain/procedures/stages";
import type { ReportSnapshot, ZReportSnapshotQuery } from "@fanpin/domain/report-schemas";
import { DEPARTMENTS, departmentMembers, listChanges, type DepartmentCode } from "@fanpin/domain/reports/departments";
import { previousListAsOf, type ReportKind } from "@fanpin/domain/reports/report-calendar";
import type { z } from "zod";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Db } from "../../db/prisma.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError, fieldError } from "../../lib/app-error.ts";
import { dataKeys } from "../../lib/data-crypto.ts";
import type { Deps } from "../../lib/deps.ts";
import { xlsxBuffer, type XlsxColumn, type XlsxSheet } from "../../lib/xlsx.ts";
import { appendAudit, type AuditActor } from "../audit/audit.repository.ts";
import { findAreaById } from "../areas/areas.repository.ts";
import * as designations from "../designations/designations.repository.ts";
import { latestConditionsAt } from "../plans/conditions.repository.ts";
import { measuresAt, type ListMeasureFact } from "../plans/plans.repository.ts";
import * as repo from "./reports.repository.ts";

/** An area a report is made for: its code prefix bounds every query. */
export type ReportArea = { code: string; name: string; level: AreaLevel };

/** A code's label in a report cell ("" for none; an unknown code as itself). */
export const label = (map: Record<string, string>, code: string | null | undefined) => (code ? (map[code] ?? code) : "");
export const labels = <T extends { labels: Record<string, string> }>(list: T) => list.labels as Record<string, string>;
/** Risk causes as one cell: 因病、因学. */
export const riskCausesText = (causes: readonly string[]) => causes.map((c) => label(labels(RISK_CAUSE), c)).join("、");
/** The head of a household's members (the first member when none is marked head). */
export const headOf = <M extends { relation: string }>(h: { members: M[] }) => h.members.find((m) => m.relation === "HEAD") ?? h.members[0]!;

/** The end of a China date: entries before it belong to that day or earlier. */
export function cutoffOf(asOf: string): Date {
  return new Date(`${addCalendarDays(asOf, 1)}T00:00:00+08:00`);
}

// ---------------------------------------------------------------- scope and date

/** The user's area, or an area inside it (a city supervisor choosing a district); outside it: not found. */
export async function reportAreaFor(deps: Deps, actor: Actor, areaId?: number): Promise<ReportArea> {
  if (areaId === undefined) return actor.area;
  const area = await findAreaById(deps.prisma, areaId);
  if (!area || !isWithinArea(actor.area, area.code) || area.level === "VILLAGE" || area.level === "NATURAL_VILLAGE") {
    throw new AppError("AREA_NOT_FOUND", { details: [{ path: "areaId", message: "请选择您辖区内的区县或乡镇" }] });
  }
  return { code: area.code, name: area.name, level: area.level };
}

/** asOf defaults to today (China time) and may not lie in the future: nobody knows that state yet. */
export function resolveAsOf(deps: Deps, asOf: string | undefined): string {
  const today = todayInChina(deps.clock());
  if (asOf === undefined) return today;
  if (asOf > today) throw fieldError("asOf", `日期不能晚于今天（${today}）`);
  return asOf;
}

// ---------------------------------------------------------------- the state on a date

type Place = { townshipName: string; townshipCode: string; villageName: string; villageCode: string };
export type HouseholdRow = repo.HouseholdState & Place & {
  rolledBack: boolean; stage: CaseStage | null;
  /** What the department lists read of the plan and the tracked conditions on the date. */
  conditions: ConditionFact[]; measures: ListMeasureFact[];
};

/**
 * Every household of the area as it stood at the end of `asOf`, with its
 * place (township, village), whether it was rolled back by then and the
 * stage of its case then. Households that had moved out of the area by then
 * (their village then lies elsewhere) are left out: a report never leaves
 * the area; one that moved out later is in it, where it was then.
 */
export async function householdsAsOf(db: Db, area: ReportArea, asOf: string, options: { reportedOnly?: boolean } = {}): Promise<HouseholdRow[]> {
  return statesAsOf(db, area, asOf, { ...options, listFacts: true });
}

/**
 * householdsAsOf, with the plan's measures and the tracked conditions only when `listFacts` (the department
 * lists read them; the ledger does not, and a city's 50,000 households' facts cost ~60 MB of heap).
 */
export async function statesAsOf(db: Db, area: ReportArea, asOf: string, options: { reportedOnly?: boolean; listFacts: boolean }): Promise<HouseholdRow[]> {
  const prefix = areaScopePrefix(area.level, area.code);
  const cutoff = cutoffOf(asOf);
  const [states, villages] = await Promise.all([repo.findHouseholdStatesAt(db, prefix, asOf, cutoff, options), repo.findVillagesInScope(db, prefix)]);
  const villageById = new Map(villages.map((v) => [v.id, v]));
  const listed = states.filter((s) => villageById.has(s.villageId) && s.members.length > 0);
  // Designated on the date means a designation period covering it (decision 008 amended): a designation that ended
  // before the date is gone from it, whatever the household row or its trail says.
  const designated = await designations.findDesignationsAt(db, listed.map((s) => s.id), asOf);
  for (const s of listed) {
    const d = designated.get(s.id);
    s.designation = d?.designation ?? null;
    s.designatedAt = d?.designatedOn ?? null;
    s.monitoringType = d?.monitoringType ?? null;
  }
  // By household, not by the cases' current village: a household that moved out since was rolled back here.
  const rolledBack = await repo.findRolledBackAt(db, listed.map((s) => s.id), cutoff);
  const relevant = listed.filter((s) => s.designation !== null || rolledBack.has(s.id));
  const relevantIds = relevant.map((s) => s.id);
  const [stages, conditions, measures] = await Promise.all([
    repo.findCaseStagesAt(db, relevantIds, cutoff),
    options.listFacts ? latestConditionsAt(db, relevantIds, asOf) : new Map<string, ConditionFact[]>(),
    options.listFacts ? measuresAt(db, relevantIds, asOf, cutoff) : new Map<string, ListMeasureFact[]>(),
  ]);
  return listed
    .map((s) => {
      const v = villageById.get(s.villageId)!;
      return {
        ...s,
        townshipName: v.parent?.name ?? "", townshipCode: v.parent?.code ?? "", villageName: v.name, villageCode: v.code,
        rolledBack: rolledBack.has(s.id) && s.category === "LIFTED_WITH_POLICY",
        stage: stages.get(s.id) ?? null,
        conditions: conditions.get(s.id) ?? [],
        measures: measures.get(s.id) ?? [],
      };
    })
    .sort((a, b) => a.villageCode.localeCompare(b.villageCode) || a.householdNo.localeCompare(b.householdNo));
}

const perCapita = (h: repo.HouseholdState) => {
  const income = Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, Number(h.income[k] ?? 0)])) as Income;
  return summarizeIncome(income, h.members.length).perCapita;
};
const riskText = (h: repo.HouseholdState) => riskCausesText(h.riskCauses);

// ---------------------------------------------------------------- the ledger

export const LEDGER_TITLE = "脱贫监测户和即时帮扶人口管理台账";

const LEDGER_COLUMNS: XlsxColumn[] = [
  { header: "序号", width: 6 },
  { header: "乡镇（街道）", width: 12 },
  { header: "村（社区）", width: 12 },
  { header: "户编号", width: 20, text: true },
  { header: "户主姓名", width: 10 },
  { header: "户类别", width: 16 },
  { header: "监测帮扶类型", width: 12 },
  { header: "监测对象类型", width: 14 },
  { header: "认定日期", width: 12, text: true },
  { header: "致贫（返贫）风险", width: 22 },
  { header: "家庭人口数", width: 10 },
  { header: "人均纯收入（元）", width: 14 },
  { header: "姓名", width: 10 },
  { header: "与户主关系", width: 10 },
  { header: "性别", width: 6 },
  { header: "证件号码", width: 22, text: true },
  { header: "健康状况", width: 12 },
  { header: "在校状况", width: 12 },
  { header: "案件办理阶段", width: 14 },
];

export type Workbook = { fileName: string; sheets: XlsxSheet[]; rowCount: number };

/**
 * 脱贫监测户和即时帮扶人口管理台账: one row per person of every household
 * designated on the date; the household's columns repeat on each member's
 * row so that the sheet can be filtered and sorted by any column.
 */
export function ledgerWorkbook(area: ReportArea, asOf: string, households: HouseholdRow[]): Workbook & { households: number } {
  const designated = households.filter((h) => h.designation !== null);
  const rowCount = designated.reduce((n, h) => n + h.members.length, 0);
  // Rows made as the file is written, not all at once (a city's 170,000 rows as arrays crowded the API's heap).
  const rows: Iterable<(string | number | null)[]> = {
    *[Symbol.iterator]() {
      let n = 0;
      for (const h of designated) {
        const head = headOf(h);
        const household = [
          h.townshipName, h.villageName, h.householdNo, head.name,
          label(HOUSEHOLD_CATEGORY_LABELS, h.category), label(DESIGNATION_LABELS, h.designation), label(MONITORING_TYPE_LABELS, h.monitoringType),
          h.designatedAt, riskText(h), h.members.length, perCapita(h),
        ];
        const stage = h.stage ? CASE_STAGE_LABELS[h.stage] : "";
        for (const m of h.members) {
          yield [
            ++n, ...household, m.name, label(labels(RELATION), m.relation), label(labels(GENDER), m.gender), m.idNumber,
            label(labels(HEALTH), m.health), label(labels(SCHOOL_STATUS), m.schoolStatus), stage,
          ];
        }
      }
    },
  };
  return ledgerFile(area, asOf, designated.length, rowCount, rows);
}

function ledgerFile(area: ReportArea, asOf: string, households: number, people: number, rows: Iterable<(string | number | null)[]>): Workbook & { households: number } {
  return {
    fileName: `${LEDGER_TITLE}_${area.name}_${asOf}.xlsx`,
    rowCount: people,
    households,
    sheets: [{
      name: "台账",
      columns: LEDGER_COLUMNS,
      titleLines: [`${area.name}${LEDGER_TITLE}`, `数据截至 ${asOf} 24:00（北京时间）；共 ${households} 户 ${people} 人`],
      rows,
    }],
  };
}

// ---------------------------------------------------------------- department lists

const LIST_COLUMNS: XlsxColumn[] = [
  { header: "序号", width: 6 },
  { header: "乡镇（街道）", width: 12 },
  { header: "村（社区）", width: 12 },
  { header: "户编号", width: 20, text: true },
  { header: "户主姓名", width: 10 },
  { header: "名单类别", width: 14 },
  { header: "监测对象类型", width: 14 },
  { header: "认定日期", width: 12, text: true },
  { header: "姓名", width: 10 },
  { header: "与户主关系", width: 10 },
  { header: "性别", width: 6 },
  { header: "证件号码", width: 22, text: true },
  { header: "列入依据", width: 20 },
  { header: "致贫（返贫）风险", width: 22 },
];

type ListEntry = { idNumber: string; householdId: string; cells: (string | number | null)[] };

function listEntries(department: DepartmentCode, asOf: string, households: HouseholdRow[]): ListEntry[] {
  return households.flatMap((h) => {
    const head = headOf(h);
    const kind = h.designation ? label(DESIGNATION_LABELS, h.designation) : "回退户";
    return departmentMembers(department, h, asOf).map(({ member: m, reason }) => ({
      idNumber: m.idNumber,
      householdId: h.id,
      cells: [
        h.townshipName, h.villageName, h.householdNo, head.name, kind, label(MONITORING_TYPE_LABELS, h.monitoringType), h.designatedAt, m.name,
        label(labels(RELATION), m.relation),
        label(labels(GENDER), m.gender), m.idNumber, reason, riskText(h),
      ],
    }));
  });
}

const numbered = (entries: ListEntry[]) => entries.map((e, i) => [i + 1, ...e.cells]);

const REMOVAL_COLUMNS: XlsxColumn[] = [...LIST_COLUMNS, { header: "减少原因", width: 36 }];

/** Why a person left the list: the end of the household's designation in the period (with its date and reason), or else. */
function removalReason(ended: designations.DesignationPeriodRow | undefined): string {
  if (!ended) return "不再符合列入范围（含成员变动、迁出本辖区）";
  return `${label(DESIGNATION_LABELS, ended.designation)}退出（${ended.endedOn}）${ended.endReason ? `：${ended.endReason}` : ""}`;
}

/**
 * A department's list on `asOf` (sheet 本期名单) with the people added (新增)
 * and removed (减少) since the previous list (the data date of the previous
 * list day, see previousListAsOf). The removals say why (减少原因): a
 * household whose designation ended in the period (`ended`, by household)
 * is named with its end date and reason, so the department stops the
 * policies that followed the designation.
 */
export function departmentWorkbook(
  department: DepartmentCode, area: ReportArea, asOf: string, households: HouseholdRow[], previousAsOf: string, previous: HouseholdRow[],
  ended: ReadonlyMap<string, designations.DesignationPeriodRow> = new Map(),
): Workbook {
  const dept = DEPARTMENTS[department];
  const now = listEntries(department, asOf, households);
  const before = listEntries(department, previousAsOf, previous);
  const { added, removed } = listChanges(before, now);
  const removedRows = removed.map((e, i) => [i + 1, ...e.cells, removalReason(ended.get(e.householdId))]);
  const title = `${area.name}${dept.fullName}监测帮扶对象名单`;
  const period = `数据截至 ${asOf} 24:00；上次名单数据截至 ${previousAsOf} 24:00`;
  return {
    fileName: `部门名单_${dept.name}_${area.name}_${asOf}.xlsx`,
    rowCount: now.length,
    sheets: [
      { name: "本期名单", columns: LIST_COLUMNS, titleLines: [title, `${period}；共 ${now.length} 人`, `列入范围：${dept.basis}`], rows: numbered(now) },
      { name: "新增", columns: LIST_COLUMNS, titleLines: [`${title}（新增）`, `${period}；新增 ${added.length} 人`], rows: numbered(added) },
      { name: "减少", columns: REMOVAL_COLUMNS, titleLines: [`${title}（减少）`, `${period}；减少 ${removed.length} 人`], rows: removedRows },
    ],
  };
}

// ---------------------------------------------------------------- the exit ledger

export const EXIT_LEDGER_TITLE = "退出台账";

const EXIT_COLUMNS: XlsxColumn[] = [
  { header: "序号", width: 6 },
  { header: "乡镇（街道）", width: 12 },
  { header: "村（社区）", width: 12 },
  { header: "户编号", width: 20, text: true },
  { header: "户主姓名", width: 10 },
  { header: "监测帮扶类型", width: 12 },
  { header: "监测对象类型", width: 14 },
  { header: "认定日期", width: 12, text: true },
  { header: "退出日期", width: 12, text: true },
  { header: "退出原因", width: 30 },
  { header: "退出案件编号", width: 18, text: true },
];

/**
 * 退出台账 (seed 004, 动态清零): one row per ended designation period,
 * ended on or before `asOf`, listed where the household lived when it left.
 * A household that left, was designated again and left again has two rows.
 */
export function exitLedgerWorkbook(area: ReportArea, asOf: string, periods: designations.EndedPeriod[]): Workbook {
  const rows = periods.map((p, i) => [
    i + 1, p.townshipName, p.villageName, p.householdNo, p.headName, label(DESIGNATION_LABELS, p.designation),
    label(MONITORING_TYPE_LABELS, p.monitoringType), p.startedOn, p.endedOn, p.endReason ?? "", p.endCaseNo ?? "",
  ]);
  return {
    fileName: `${EXIT_LEDGER_TITLE}_${area.name}_${asOf}.xlsx`,
    rowCount: rows.length,
    sheets: [{
      name: "退出台账",
      columns: EXIT_COLUMNS,
      titleLines: [`${area.name}${EXIT_LEDGER_TITLE}`, `退出日期截至 ${asOf}（含）；共 ${new Set(periods.map((p) => p.householdId)).size} 户 ${rows.length} 次退出`],
      rows,
    }],
  };
}

export async function buildExitLedger(db: Db, area: ReportArea, asOf: string): Promise<Workbook> {
  return exitLedgerWorkbook(area, asOf, await designations.findEndedPeriods(db, areaScopePrefix(area.level, area.code), asOf));
}

// ---------------------------------------------------------------- downloads

/** Every file with personal data that leaves the system is a recorded read. */
async function auditDownload(deps: Deps, actor: AuditActor, entityId: string, after: Record<string, unknown>) {
  await appendAudit(deps.prisma, actor, { action: "report.download", entityType: "report", entityId, after }, deps.clock());
}

/** `db` (here and below): where the report's rows are read (readDb: the read replica when fit); the audit entry goes to the primary. */
export async function ledgerForDownload(deps: Deps, actor: Actor, query: { asOf?: string; areaId?: number }, db: Db = deps.prisma): Promise<Workbook> {
  const asOf = resolveAsOf(deps, query.asOf);
  const area = await reportAreaFor(deps, actor, query.areaId);
  const workbook = area.level === "CITY" || area.level === "PROVINCE"
    ? await ledgerByDistrict(db, area, asOf)
    : ledgerWorkbook(area, asOf, await statesAsOf(db, area, asOf, { reportedOnly: true, listFacts: false }));
  await auditDownload(deps, actor, `LEDGER:${area.code}`, { kind: "LEDGER", areaCode: area.code, asOf, rowCount: workbook.rowCount, fileName: workbook.fileName });
  return workbook;
}

/**
 * A city's (or province's) ledger, one district at a time: the states of 50,000 households at once do not fit the
 * API's 256 MB heap (decision 011, third round). Each district's rows are kept as one compact string a person
 * (the title needs the totals before the first row), in district code order, which is the ledger's order (by
 * village code, then 户编号): every village lies in one district.
 */
async function ledgerByDistrict(db: Db, area: ReportArea, asOf: string): Promise<Workbook> {
  const prefix = areaScopePrefix(area.level, area.code);
  const districts = (await repo.findDistricts(db)).filter((d) => d.code.startsWith(prefix));
  const people: string[] = [];
  let households = 0;
  for (const d of districts) {
    const district: ReportArea = { code: d.code, name: d.name, level: d.level };
    const part = ledgerWorkbook(district, asOf, await statesAsOf(db, district, asOf, { reportedOnly: true, listFacts: false }));
    households += part.households;
    for (const row of part.sheets[0]!.rows as Iterable<unknown[]>) people.push(JSON.stringify(row.slice(1)));
  }
  const rows: Iterable<(string | number | null)[]> = {
    *[Symbol.iterator]() {
      let n = 0;
      for (const p of people) yield [++n, ...(JSON.parse(p) as (string | number | null)[])];
    },
  };
  return ledgerFile(area, asOf, households, people.length, rows);
}

export async function exitLedgerForDownload(deps: Deps, actor: Actor, query: { asOf?: string; areaId?: number }, db: Db = deps.prisma): Promise<Workbook> {
  const asOf = resolveAsOf(deps, query.asOf);
  const area = await reportAreaFor(deps, actor, query.areaId);
  const workbook = await buildExitLedger(db, area, asOf);
  await auditDownload(deps, actor, `EXIT_LEDGER:${area.code}`, { kind: "EXIT_LEDGER", areaCode: area.code, asOf, rowCount: workbook.rowCount, fileName: workbook.fileName });
  return workbook;
}

export async function departmentListForDownload(
  deps: Deps, actor: Actor, department: DepartmentCode, query: { asOf?: string; areaId?: number }, db: Db = deps.prisma,
): Promise<Workbook> {
  const asOf = resolveAsOf(deps, query.asOf);
  const area = await reportAreaFor(deps, actor, query.areaId);
  const workbook = await buildDepartmentList(db, deps, department, area, asOf);
  await auditDownload(deps, actor, `DEPARTMENT_LIST:${department}:${area.code}`, {
    kind: "DEPARTMENT_LIST", department, areaCode: area.code, asOf, rowCount: workbook.rowCount, fileName: workbook.fileName,
  });
  return workbook;
}

export async function buildDepartmentList(db: Db, deps: Deps, department: DepartmentCode, area: ReportArea, asOf: string, cache?: StateCache) {
  const previousAsOf = previousListAsOf(deps.config.rules.reportCalendar, asOf);
  const load = (date: string) => (cache ? cache(date) : householdsAsOf(db, area, date, { reportedOnly: true }));
  const [now, before] = await Promise.all([load(asOf), load(previousAsOf)]);
  const periods = await designations.findPeriodsEndedBetween(db, [...new Set(before.map((h) => h.id))], previousAsOf, asOf);
  // The last period ended in the list's period, by household (a household ended twice in it is named by its last end).
  const ended = new Map(periods.map((p) => [p.householdId, p]));
  return departmentWorkbook(department, area, asOf, now, previousAsOf, before, ended);
}

export type StateCache = (asOf: string) => Promise<HouseholdRow[]>;

// ---------------------------------------------------------------- snapshots

type SnapshotRow = Prisma.ReportSnapshotGetPayload<{ select: typeof repo.snapshotListSelect }>;
const isoOf = (d: Date) => d.toISOString().slice(0, 10);

export async function listSnapshots(deps: Deps, actor: Actor, query: z.output<typeof ZReportSnapshotQuery>, db: Db = deps.prisma) {
  const where: Prisma.ReportSnapshotWhereInput = {
    areaCode: { startsWith: areaScopePrefix(actor.area.level, actor.area.code) },
    ...(query.kind ? repo.snapshotKindWhere(query.kind) : {}),
    ...(query.department ? { department: query.department } : {}),
  };
  const { items, total } = await repo.findSnapshotPage(db, where, (query.page - 1) * query.pageSize, query.pageSize);
  const areas = await repo.findAreaNames(db, [...new Set(items.map((i) => i.areaCode))]);
  const nameOf = new Map(areas.map((a) => [a.code, a.name]));
  return { items: items.map((s) => toSnapshot(s, nameOf.get(s.areaCode) ?? s.areaCode)), total, page: query.page, pageSize: query.pageSize };
}

function toSnapshot(s: SnapshotRow, areaName: string): ReportSnapshot {
  return {
    id: s.id, ...repo.snapshotKindOf(s), area: { code: s.areaCode, name: areaName },
    reportDate: isoOf(s.reportDate), asOf: isoOf(s.asOf), fileName: s.fileName, sha256: s.sha256, byteSize: s.byteSize,
    rowCount: s.rowCount, createdAt: s.createdAt.toISOString(),
  };
}

/** The file as it was produced (stored sealed, decision 015; sha256 is of the file); a snapshot outside the user's area is not found. */
export async function snapshotFile(deps: Deps, actor: Actor, id: string) {
  const s = await repo.findSnapshotFileInScope(deps.prisma, id, areaScopePrefix(actor.area.level, actor.area.code));
  if (!s) throw new AppError("REPORT_SNAPSHOT_NOT_FOUND");
  await auditDownload(deps, actor, s.id, { ...repo.snapshotKindOf(s), areaCode: s.areaCode, reportDate: isoOf(s.reportDate), fileName: s.fileName });
  return { fileName: s.fileName, content: dataKeys().decrypt(s.content), sha256: s.sha256 };
}

export type SnapshotToStore = {
  kind: ReportKind | "MONTHLY_SCREENING" | "POLICY_POPULATION" | "ROLLED_BACK"; department: string; areaCode: string; reportDate: string; asOf: string; workbook: Workbook;
};

/** The file bytes and their fingerprint, as stored. */
export async function snapshotData(s: SnapshotToStore, now: Date) {
  const { buffer } = await xlsxBuffer(s.workbook.sheets);
  return {
    kind: s.kind, department: s.department, areaCode: s.areaCode,
    reportDate: new Date(`${s.reportDate}T00:00:00Z`), asOf: new Date(`${s.asOf}T00:00:00Z`),
    fileName: s.workbook.fileName, content: dataKeys().encrypt(buffer), sha256: createHash("sha256").update(buffer).digest("hex"),
    byteSize: buffer.length, rowCount: s.workbook.rowCount, createdAt: now,
  };
}

