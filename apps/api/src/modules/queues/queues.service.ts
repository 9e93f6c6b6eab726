import { areaScopePrefix, isWithinArea } from "@fanpin/domain/areas";
import type { ZQueueQuery } from "@fanpin/domain/case-schemas";
import { DEADLINE_BUCKET_LABELS, deadlineText, QUEUES, type DeadlineBucket, type QueueName } from "@fanpin/domain/queues";
import type { CaseSummary } from "@fanpin/domain/case-schemas";
import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import type { z } from "zod";
import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS, MONITORING_TYPE_LABELS } from "@fanpin/domain/categories";
import { queueMembership, queuesOf } from "@fanpin/domain/procedures/queue-membership";
import { ASSISTANCE_QUEUE_NAMES, ASSISTANCE_QUEUES } from "@fanpin/domain/assistance-schemas";
import type { AreaLevel } from "@fanpin/domain/areas";
import type { Db } from "../../db/prisma.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { findAreaById } from "../areas/areas.repository.ts";
import { loadCalendar } from "../calendar/calendar.service.ts";
import { countQueues, findCasePage, findCasesAfter, type BucketLimits, type CaseConditions } from "../cases/cases.repository.ts";
import { assistanceQueueCounts } from "../helpers/helpers.service.ts";
import { findDistrictOverview } from "./queues.repository.ts";
import type { XlsxCell, XlsxColumn, XlsxSheet } from "../../lib/xlsx.ts";
import { toSummary } from "../cases/cases.service.ts";
import { bucketOf } from "../cases/deadline-status.ts";
import { leadCounts } from "../leads/leads.service.ts";

/**
 * A work queue: the open cases in the queue's stages within the user's area,
 * ordered by their stage deadline, with the count per deadline bucket.
 * Buckets are date ranges computed from today, so a deadline that passes
 * moves its case to "overdue" without anything being written.
 */
/** `db` (here and below): where the cases are read (readDb: the read replica when fit). */
export async function getQueue(deps: Deps, actor: Actor, name: QueueName, query: z.output<typeof ZQueueQuery>, db: Db = deps.prisma) {
  const { conditions, limits, calendar, today } = await queueFilter(deps, actor, name, query);
  // Page and counts in one statement; the bucket counts come from a count by deadline (a queue has a few dozen distinct deadlines).
  const { items, byDeadline } = await findCasePage(db, conditions, limits, query.bucket, (query.page - 1) * query.pageSize, query.pageSize);
  const buckets = { overdue: 0, dueToday: 0, dueNextWorkingDay: 0, later: 0 };
  // No deadline counts as later (as in `bucketWhere`).
  for (const { deadline, count } of byDeadline) buckets[BUCKET_KEYS[deadline === null ? "LATER" : bucketOf(calendar, today, deadline)]] += count;
  return {
    queue: name,
    today,
    items: items.map((r) => toSummary(deps, r, calendar, today)),
    total: query.bucket ? buckets[BUCKET_KEYS[query.bucket]] : byDeadline.reduce((n, d) => n + d.count, 0),
    page: query.page,
    pageSize: query.pageSize,
    buckets,
  };
}

const BUCKET_KEYS = { OVERDUE: "overdue", DUE_TODAY: "dueToday", DUE_NEXT_WORKING_DAY: "dueNextWorkingDay", LATER: "later" } as const satisfies Record<DeadlineBucket, string>;

/** The queue's cases within the user's area and the filters; `areaName` names what is shown. */
async function queueFilter(deps: Deps, actor: Actor, name: QueueName, query: QueueFilters) {
  const calendar = await loadCalendar(deps.prisma);
  const today = todayInChina(deps.clock());
  const area = await filterArea(deps, actor, query);
  const conditions = queueConditions(actor, name, query, area);
  const limits: BucketLimits = { today, nextWorkingDay: calendar.nextWorkingDay(today) };
  return { conditions, limits, calendar, today, areaName: area?.name ?? actor.area.name };
}

type QueueFilters = Omit<z.output<typeof ZQueueQuery>, "page" | "pageSize" | "bucket">;

/** The area filter, checked to lie within the user's area. */
async function filterArea(deps: Deps, actor: Actor, query: QueueFilters) {
  if (query.areaId === undefined) return null;
  const area = await findAreaById(deps.prisma, query.areaId);
  if (!area || !isWithinArea(actor.area, area.code)) throw new AppError("AREA_NOT_FOUND");
  return area;
}

/**
 * Which cases a queue holds for this user: its stages within the user's area,
 * the procedures that give the stage to the queue's role (queueMembership),
 * and the filters. One definition for the page, the export and the tab counts.
 */
function queueConditions(actor: Actor, name: QueueName, query: QueueFilters, area: { level: AreaLevel; code: string } | null): CaseConditions {
  const def = QUEUES[name];
  const conditions: CaseConditions = { scopes: [areaScopePrefix(actor.area.level, actor.area.code)], stages: def.stages };
  if ("returned" in def) conditions.returned = def.returned;
  const membership = queueMembership(name);
  if (membership.refs) conditions.procedureRefs = membership.refs;
  if (membership.needsAppraisal) conditions.awaitingAppraisal = true;
  if (area) conditions.scopes.push(areaScopePrefix(area.level, area.code));
  if (query.category) conditions.category = query.category;
  if (query.procedure) conditions.procedure = query.procedure;
  if (query.monitoringType) conditions.monitoringType = query.monitoringType;
  if (query.q) conditions.q = query.q;
  if (query.riskCause) conditions.riskCause = query.riskCause;
  return conditions;
}

/**
 * Every queue tab of the user's role with its total and overdue count, in one
 * statement for the case queues (countQueues: the queues' own conditions) and
 * the assistance queues' own counts, so tab, queue and bell cannot disagree.
 */
export async function getQueueCounts(deps: Deps, actor: Actor, query: QueueFilters, db: Db = deps.prisma) {
  const calendar = await loadCalendar(deps.prisma);
  const today = todayInChina(deps.clock());
  const limits: BucketLimits = { today, nextWorkingDay: calendar.nextWorkingDay(today) };
  const area = await filterArea(deps, actor, query);
  const names = queuesOf(deps.config.rules.preset).filter((n) => QUEUES[n].role === actor.role);
  const [counts, assistance, leads] = await Promise.all([
    countQueues(db, names.map((key) => ({ key, conditions: queueConditions(actor, key, query, area) })), limits),
    Promise.all(assistanceQueuesOf(actor.role).map(async (name) => {
      const { total, buckets } = await assistanceQueueCounts(deps, actor, name, {}, calendar, today);
      return { name, total, overdue: buckets.overdue };
    })),
    // The township's 线索核实 tab: the open leads of GET /api/leads (area filter only).
    leadCounts(deps, actor, query.areaId),
  ]);
  return {
    today,
    queues: names.map((name) => ({ name, total: counts.get(name)?.total ?? 0, overdue: counts.get(name)?.overdue ?? 0 })),
    assistance,
    leads,
  };
}

/** The columns of a queue export: what the queue's table shows, in words, no ID numbers. */
export const QUEUE_EXPORT_COLUMNS: XlsxColumn[] = [
  { header: "序号", width: 6 },
  { header: "案件编号", width: 16, text: true },
  { header: "户主", width: 10 },
  { header: "户编号", width: 20, text: true },
  { header: "乡镇（街道）", width: 12 },
  { header: "村（社区）", width: 12 },
  { header: "户类别", width: 18 },
  { header: "认定类型", width: 12 },
  { header: "办理程序", width: 20 },
  { header: "当前阶段", width: 16 },
  { header: "风险类型", width: 18 },
  { header: "立案日期", width: 12, text: true },
  { header: "本阶段开始", width: 12, text: true },
  { header: "办理期限", width: 12, text: true },
  { header: "剩余天数", width: 10 },
  { header: "期限状态", width: 16 },
  { header: "退回次数", width: 8 },
  { header: "先帮扶后认定", width: 10 },
];

/**
 * A queue as the user sees it with its filters (bucket included), every
 * page, in the queue's deadline order. Scope and filters are checked here,
 * before the stream starts; the rows are read 500 cases at a time.
 */
export async function prepareQueueExport(
  deps: Deps, actor: Actor, name: QueueName, query: Omit<z.output<typeof ZQueueQuery>, "page" | "pageSize">, db: Db = deps.prisma,
) {
  const { conditions, limits, calendar, today, areaName } = await queueFilter(deps, actor, name, query);
  async function* rows(): AsyncGenerator<XlsxCell[]> {
    let n = 0;
    let after: { deadline: Date | null; id: string } | null = null;
    for (;;) {
      const batch = await findCasesAfter(db, conditions, limits, query.bucket, after, 500);
      for (const row of batch) yield queueExportRow(++n, toSummary(deps, row, calendar, today));
      if (batch.length < 500) return;
      const last = batch[batch.length - 1]!;
      after = { deadline: last.stageDeadline, id: last.id };
    }
  }
  const label = QUEUES[name].label;
  return {
    fileName: `${label}_${areaName}_${today.replaceAll("-", "")}.xlsx`,
    sheet: {
      name: label,
      titleLines: [`${label}（${areaName}${query.bucket ? `，${DEADLINE_BUCKET_LABELS[query.bucket]}` : ""}），截至 ${today}`],
      columns: QUEUE_EXPORT_COLUMNS,
      rows: rows(),
    } satisfies XlsxSheet,
  };
}

function queueExportRow(n: number, c: CaseSummary): XlsxCell[] {
  const d = c.deadline;
  const status = !d ? "—" : deadlineText(d);
  return [
    n, c.caseNo, c.household.headName, c.household.householdNo, c.household.township.name, c.household.village.name,
    HOUSEHOLD_CATEGORY_LABELS[c.category], designationText(c.household),
    c.procedureLabel, c.stageLabel, c.riskCauses.map((r) => RISK_CAUSE.labels[r as keyof typeof RISK_CAUSE.labels] ?? r).join("、"),
    c.openedOn, c.stageStartedOn, d?.deadline ?? null, d ? d.remainingDays : null,
    d && !d.complete ? `${status}（日历数据不全）` : status, c.returnCount, c.assistFirst ? "是" : "否",
  ];
}

/**
 * Every township's open cases by deadline bucket, for the district's (and the
 * city's) overview, with a subtotal per district and the total: the townships
 * come in code order, so each district's townships are together.
 */
export async function getDistrictOverview(deps: Deps, actor: Actor, db: Db = deps.prisma) {
  const calendar = await loadCalendar(deps.prisma);
  const today = todayInChina(deps.clock());
  const prefix = areaScopePrefix(actor.area.level, actor.area.code);
  const rows = await findDistrictOverview(db, prefix, { today, nextWorkingDay: calendar.nextWorkingDay(today) });
  const zero = () => ({ overdue: 0, dueToday: 0, dueNextWorkingDay: 0, later: 0, total: 0 });
  const add = (to: ReturnType<typeof zero>, r: (typeof rows)[number]) => {
    to.overdue += r.overdue; to.dueToday += r.due_today; to.dueNextWorkingDay += r.due_next; to.later += r.later; to.total += r.total;
  };
  const total = zero();
  const districts = new Map<number, { district: { id: number; code: string; name: string; level: AreaLevel } } & ReturnType<typeof zero>>();
  for (const r of rows) {
    let d = districts.get(r.district_id);
    if (!d) districts.set(r.district_id, d = { district: { id: r.district_id, code: r.district_code, name: r.district_name, level: r.district_level }, ...zero() });
    add(d, r);
    add(total, r);
  }
  return {
    today,
    townships: rows.map((r) => ({
      district: { id: r.district_id, code: r.district_code, name: r.district_name, level: r.district_level },
      township: { id: r.id, code: r.code, name: r.name, level: r.level },
      overdue: r.overdue, dueToday: r.due_today, dueNextWorkingDay: r.due_next, later: r.later, total: r.total,
    })),
    districts: [...districts.values()],
    total,
  };
}

const assistanceQueuesOf = (role: Actor["role"]) => ASSISTANCE_QUEUE_NAMES.filter((q) => (ASSISTANCE_QUEUES[q].roles as readonly string[]).includes(role));

function designationText(h: CaseSummary["household"]): string {
  if (!h.designation) return "未认定";
  return h.monitoringType ? `${DESIGNATION_LABELS[h.designation]}（${MONITORING_TYPE_LABELS[h.monitoringType]}）` : DESIGNATION_LABELS[h.designation];
}
