import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS, MONITORING_TYPE_LABELS } from "@fanpin/domain/categories";
import { GENDER, HEALTH, RELATION, SCHOOL_STATUS } from "@fanpin/domain/collection-form";
import { listChanges } from "@fanpin/domain/reports/departments";
import {
  decrementReason, incrementReason, isPolicyHousehold, markChange, policyMark, previousMonthEnd, type EndedDesignation,
} from "@fanpin/domain/reports/policy-population";
import type { Db } from "../../db/prisma.ts";
import type { Actor } from "../../lib/actor.ts";
import type { Deps } from "../../lib/deps.ts";
import type { XlsxColumn } from "../../lib/xlsx.ts";
import { appendAudit } from "../audit/audit.repository.ts";
import * as designations from "../designations/designations.repository.ts";
import { findRollbacksBefore } from "./periodic-lists.repository.ts";
import {
  cutoffOf, headOf, householdsAsOf, label, labels, reportAreaFor, resolveAsOf, riskCausesText, type HouseholdRow, type ReportArea, type StateCache,
  type Workbook,
} from "./reports.service.ts";

/**
 * The periodic lists of issue 16 beside the ledgers (reports.service.ts):
 * Weihai's 享受政策人口名单及增减名单 (on the list days) and the 回退户名单 the
 * city asks for (on the ledger days). Both read the state on a date through
 * householdsAsOf, the one way of knowing it (docs/decisions/008).
 */

const riskText = riskCausesText;

// ---------------------------------------------------------------- 享受政策人口名单及增减名单

export const POLICY_POPULATION_TITLE = "享受政策人口名单";

const POLICY_COLUMNS: XlsxColumn[] = [
  { header: "序号", width: 6 },
  { header: "乡镇（街道）", width: 12 },
  { header: "村（社区）", width: 12 },
  { header: "户编号", width: 20, text: true },
  { header: "户主姓名", width: 10 },
  { header: "户类别", width: 16 },
  { header: "人员标识", width: 20 },
  { header: "脱贫监测户", width: 10 },
  { header: "即时帮扶人口", width: 12 },
  { header: "监测对象类型", width: 14 },
  { header: "认定日期", width: 12, text: true },
  { header: "姓名", width: 10 },
  { header: "与户主关系", width: 10 },
  { header: "性别", width: 6 },
  { header: "证件号码", width: 22, text: true },
  { header: "健康状况", width: 12 },
  { header: "在校状况", width: 12 },
  { header: "致贫（返贫）风险", width: 22 },
];

type PolicyEntry = { idNumber: string; household: HouseholdRow; cells: (string | number | null)[] };

function policyEntries(households: HouseholdRow[]): PolicyEntry[] {
  return households.filter(isPolicyHousehold).flatMap((h) => {
    const head = headOf(h);
    return h.members.map((m) => ({
      idNumber: m.idNumber,
      household: h,
      cells: [
        h.townshipName, h.villageName, h.householdNo, head.name, label(HOUSEHOLD_CATEGORY_LABELS, h.category), policyMark(h),
        h.designation === "MONITORED" ? "是" : "", h.designation === "INSTANT_ASSISTANCE" ? "是" : "",
        label(MONITORING_TYPE_LABELS, h.monitoringType), h.designatedAt, m.name, label(labels(RELATION), m.relation),
        label(labels(GENDER), m.gender), m.idNumber, label(labels(HEALTH), m.health), label(labels(SCHOOL_STATUS), m.schoolStatus),
        riskText(h.riskCauses),
      ],
    }));
  });
}

const idKey = (idNumber: string) => idNumber.slice(0, 18);

/**
 * 享受政策人口名单及增减名单 on `asOf` (sheet 本期名单: every person of the
 * households enjoying policy, marked), with the people added (本月新增) and
 * removed (本月减少) since the end of the previous month, each with the
 * reason. `now` and `before` are the area's whole state on both dates (not
 * only the reported households): the policy population is every
 * 脱贫享受政策户, and a reason needs to know where a household was.
 */
export function policyPopulationWorkbook(
  area: ReportArea, asOf: string, now: HouseholdRow[], previousAsOf: string, before: HouseholdRow[],
  ended: ReadonlyMap<string, EndedDesignation> = new Map(),
): Workbook {
  const current = policyEntries(now);
  const previous = policyEntries(before);
  const { added, removed } = listChanges(previous, current);
  const nowById = new Map(now.map((h) => [h.id, h]));
  const beforeById = new Map(before.map((h) => [h.id, h]));
  const previousByPerson = new Map(previous.map((e) => [idKey(e.idNumber), e]));
  const numbered = (entries: PolicyEntry[], last: (e: PolicyEntry) => string) => entries.map((e, i) => [i + 1, ...e.cells, last(e)]);
  const title = `${area.name}${POLICY_POPULATION_TITLE}`;
  const period = `数据截至 ${asOf} 24:00；本月增减自 ${previousAsOf} 24:00 起`;
  const count = (d: string) => current.filter((e) => e.household.designation === d).length;
  return {
    fileName: `${POLICY_POPULATION_TITLE}_${area.name}_${asOf}.xlsx`,
    rowCount: current.length,
    sheets: [
      {
        name: "本期名单",
        columns: [...POLICY_COLUMNS, { header: "本月标识变化", width: 30 }],
        titleLines: [
          title,
          `${period}；共 ${new Set(current.map((e) => e.household.id)).size} 户 ${current.length} 人，其中脱贫监测户 ${count("MONITORED")} 人、即时帮扶人口 ${count("INSTANT_ASSISTANCE")} 人`,
        ],
        rows: numbered(current, (e) => {
          const was = previousByPerson.get(idKey(e.idNumber));
          return was ? markChange(was.household, e.household) : "";
        }),
      },
      {
        name: "本月新增",
        columns: [...POLICY_COLUMNS, { header: "新增原因", width: 30 }],
        titleLines: [`${title}（本月新增）`, `${period}；新增 ${added.length} 人`],
        rows: numbered(added, (e) => incrementReason(beforeById.get(e.household.id) ?? null, e.household)),
      },
      {
        name: "本月减少",
        columns: [...POLICY_COLUMNS, { header: "减少原因", width: 36 }],
        titleLines: [`${title}（本月减少）`, `${period}；减少 ${removed.length} 人（按 ${previousAsOf} 的状态列出）`],
        rows: numbered(removed, (e) => decrementReason(e.household, nowById.get(e.household.id) ?? null, ended.get(e.household.id))),
      },
    ],
  };
}

export async function buildPolicyPopulation(db: Db, area: ReportArea, asOf: string, cache?: StateCache): Promise<Workbook> {
  const previousAsOf = previousMonthEnd(asOf);
  const load = (date: string) => (cache ? cache(date) : householdsAsOf(db, area, date));
  const [now, before] = await Promise.all([load(asOf), load(previousAsOf)]);
  const leaving = before.filter((h) => h.designation !== null).map((h) => h.id);
  const periods = await designations.findPeriodsEndedBetween(db, leaving, previousAsOf, asOf);
  // By household, the last period ended in the month (ordered by end date).
  const ended = new Map(periods.map((p) => [p.householdId, { designation: p.designation, endedOn: p.endedOn!, endReason: p.endReason }]));
  return policyPopulationWorkbook(area, asOf, now, previousAsOf, before, ended);
}

// ---------------------------------------------------------------- 回退户名单

export const ROLLED_BACK_TITLE = "回退户名单";

const ROLLED_BACK_COLUMNS: XlsxColumn[] = [
  { header: "序号", width: 6 },
  { header: "乡镇（街道）", width: 12 },
  { header: "村（社区）", width: 12 },
  { header: "户编号", width: 20, text: true },
  { header: "户主姓名", width: 10 },
  { header: "家庭人口数", width: 10 },
  { header: "回退日期", width: 12, text: true },
  { header: "回退案件编号", width: 18, text: true },
  { header: "返贫风险", width: 22 },
  { header: "当前状态", width: 30 },
];

export type RolledBack = { householdId: string; caseNo: string; rolledBackOn: string; riskCauses: string[] };

/** The state on the date of a household rolled back by then: still 脱贫享受政策户 (and designated?) or changed since. */
function stateText(h: HouseholdRow): string {
  const designation = h.designation ? `（${DESIGNATION_LABELS[h.designation]}）` : "";
  return h.category === "LIFTED_WITH_POLICY"
    ? `仍为脱贫享受政策户${designation}`
    : `已变更为${label(HOUSEHOLD_CATEGORY_LABELS, h.category)}${designation}`;
}

/**
 * 回退户名单 (seed 000: "将回退的"脱贫享受政策户"提交市扶贫办备案"): one row
 * per rollback completed on or before `asOf` of the households in the area on
 * that date, where they lived then, with the rollback's date, case and risk
 * and the household's state on the date.
 */
export function rolledBackWorkbook(area: ReportArea, asOf: string, households: HouseholdRow[], rollbacks: RolledBack[]): Workbook {
  const byId = new Map(households.map((h) => [h.id, h]));
  const listed = rollbacks
    .filter((r) => byId.has(r.householdId))
    .map((r) => ({ r, h: byId.get(r.householdId)! }))
    .sort((x, y) => x.h.villageCode.localeCompare(y.h.villageCode) || x.h.householdNo.localeCompare(y.h.householdNo) || x.r.rolledBackOn.localeCompare(y.r.rolledBackOn));
  const rows = listed.map(({ r, h }, i) => [
    i + 1, h.townshipName, h.villageName, h.householdNo, headOf(h).name, h.members.length, r.rolledBackOn, r.caseNo,
    riskText(r.riskCauses.length ? r.riskCauses : h.riskCauses), stateText(h),
  ]);
  const still = new Set(listed.filter(({ h }) => h.category === "LIFTED_WITH_POLICY").map(({ h }) => h.id)).size;
  return {
    fileName: `${ROLLED_BACK_TITLE}_${area.name}_${asOf}.xlsx`,
    rowCount: rows.length,
    sheets: [{
      name: "回退户名单",
      columns: ROLLED_BACK_COLUMNS,
      titleLines: [
        `${area.name}回退为“脱贫享受政策户”名单`,
        `回退截至 ${asOf}（含），状态为 ${asOf} 24:00；共 ${new Set(listed.map(({ h }) => h.id)).size} 户 ${rows.length} 次回退，其中仍为脱贫享受政策户 ${still} 户`,
      ],
      rows,
    }],
  };
}

export async function buildRolledBackList(db: Db, area: ReportArea, asOf: string, cache?: StateCache): Promise<Workbook> {
  // The reported households include every household rolled back by the date (reports.repository findHouseholdStatesAt).
  const households = await (cache ? cache(asOf) : householdsAsOf(db, area, asOf, { reportedOnly: true }));
  const rollbacks = await findRollbacksBefore(db, households.map((h) => h.id), cutoffOf(asOf));
  return rolledBackWorkbook(area, asOf, households, rollbacks);
}

// ---------------------------------------------------------------- downloads

type Query = { asOf?: string; areaId?: number };

async function download(deps: Deps, actor: Actor, kind: "POLICY_POPULATION" | "ROLLED_BACK", area: ReportArea, asOf: string, workbook: Workbook) {
  // Files with full ID numbers (the policy list) or the city's list of households are recorded reads, like the ledgers.
  await appendAudit(deps.prisma, actor, {
    action: "report.download", entityType: "report", entityId: `${kind}:${area.code}`,
    after: { kind, areaCode: area.code, asOf, rowCount: workbook.rowCount, fileName: workbook.fileName },
  }, deps.clock());
  return workbook;
}

/** `db`: where the state is read (readDb: the replica when fit); the audit entry goes to the primary. */
export async function policyPopulationForDownload(deps: Deps, actor: Actor, query: Query, db: Db = deps.prisma): Promise<Workbook> {
  const asOf = resolveAsOf(deps, query.asOf);
  const area = await reportAreaFor(deps, actor, query.areaId);
  return download(deps, actor, "POLICY_POPULATION", area, asOf, await buildPolicyPopulation(db, area, asOf));
}

export async function rolledBackForDownload(deps: Deps, actor: Actor, query: Query, db: Db = deps.prisma): Promise<Workbook> {
  const asOf = resolveAsOf(deps, query.asOf);
  const area = await reportAreaFor(deps, actor, query.areaId);
  return download(deps, actor, "ROLLED_BACK", area, asOf, await buildRolledBackList(db, area, asOf));
}
