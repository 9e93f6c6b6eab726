import { areaScopePrefix, isWithinArea, type AreaLevel } from "@fanpin/domain/areas";
import {
  ASSISTANCE_QUEUES, type AssistanceFile, type Assignment, type AssistanceQueueName, type Helper,
  type ZAssignRequest, type ZAssistanceQueueQuery, type ZHelperInput, type ZHelperListQuery, type ZHelperUpdate,
} from "@fanpin/domain/assistance-schemas";
import { quarterBounds, reviewDue, previousQuarter, quarterOf, reviewDeadline } from "@fanpin/domain/assistance/deadlines";
import { rankSatisfies } from "@fanpin/domain/assistance/ranks";
import { ASSIGNMENT_ROLES, type AssignmentRole } from "@fanpin/domain/assistance/rules";
import { todayInChina, type WorkingDayCalendar } from "@fanpin/domain/calendar/working-days";
import type { DeadlineBucket } from "@fanpin/domain/queues";
import type { z } from "zod";
import { isUniqueViolation, withTransaction } from "../../db/transaction.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError, fieldError } from "../../lib/app-error.ts";
import { decryptOrNull } from "../../lib/data-crypto.ts";
import type { Deps } from "../../lib/deps.ts";
import { maskPhone } from "../../lib/personal-data.ts";
import { findAreaById } from "../areas/areas.repository.ts";
import { accessOf } from "../assistance/access.ts";
import { findFile, householdAccessible, isoOf, updateFile } from "../assistance/assistance-files.repository.ts";
import { countByDeadline, findQueuePage, type QueueConditions, type QueueKind } from "../assistance/assistance-queues.repository.ts";
import { appendAudit } from "../audit/audit.repository.ts";
import { loadCalendar } from "../calendar/calendar.service.ts";
import { bucketOf, deadlineStatus } from "../cases/deadline-status.ts";
import * as repo from "./helpers.repository.ts";

const HELPER_AREA_LEVELS: readonly AreaLevel[] = ["DISTRICT", "TOWNSHIP", "VILLAGE"];
const maskedOrNull = (sealed: Uint8Array | null) => {
  const phone = decryptOrNull(sealed);
  return phone === null ? null : maskPhone(phone);
};

// ---------------------------------------------------------------- the register

async function toHelpers(deps: Deps, rows: repo.HelperRow[]): Promise<Helper[]> {
  const areas = new Map((await repo.findAreasByIds(deps.prisma, rows.map((r) => r.areaId))).map((a) => [a.id, a]));
  const users = new Map((await repo.findUsersByIds(deps.prisma, rows.flatMap((r) => (r.userId ? [r.userId] : [])))).map((u) => [u.id, u]));
  return rows.map((r) => {
    const a = areas.get(r.areaId);
    return {
      id: r.id, name: r.name, unit: r.unit, position: r.position, rank: r.rank, phoneMasked: maskedOrNull(r.phoneEnc),
      area: a ? { id: a.id, code: a.code, name: a.name, level: a.level } : { id: r.areaId, code: r.areaCode, name: "", level: "TOWNSHIP" },
      userId: r.userId, username: r.userId ? (users.get(r.userId)?.username ?? null) : null,
      isActive: r.isActive, householdCount: r._count.assignments, version: r.version,
    };
  });
}

/** An area within the actor's that a helper may serve (district, township or village). */
async function servedArea(deps: Deps, actor: Actor, areaId: number) {
  const area = await findAreaById(deps.prisma, areaId);
  if (!area || !isWithinArea(actor.area, area.code) || !HELPER_AREA_LEVELS.includes(area.level as AreaLevel)) {
    throw new AppError("AREA_NOT_FOUND", { details: [{ path: "areaId", message: "请选择您辖区内的区县、乡镇或村" }] });
  }
  return { id: area.id, code: area.code, level: area.level as AreaLevel, prefix: areaScopePrefix(area.level as AreaLevel, area.code) };
}

/** A HELPER account within the actor's area, active, not linked to another register entry. */
async function checkLinkableUser(deps: Deps, actor: Actor, userId: string, helperId: string | null) {
  const [user] = await repo.findUsersByIds(deps.prisma, [userId]);
  const ok = user && user.role === "HELPER" && user.isActive && isWithinArea(actor.area, user.area.code);
  if (!ok) throw new AppError("HELPER_USER_INVALID", { details: [{ path: "userId", message: "请选择本辖区内启用的“帮扶责任人”账号" }] });
  const linked = await repo.findHelperByUser(deps.prisma, userId);
  if (linked && linked.id !== helperId) throw new AppError("HELPER_USER_INVALID", { details: [{ path: "userId", message: "该账号已关联其他帮扶责任人" }] });
}

function scopeOf(actor: Actor) {
  return areaScopePrefix(actor.area.level, actor.area.code);
}

export async function listHelpers(deps: Deps, actor: Actor, query: z.output<typeof ZHelperListQuery>) {
  const scopePrefixes = [scopeOf(actor)];
  if (query.areaId !== undefined) {
    const area = await findAreaById(deps.prisma, query.areaId);
    if (!area || !isWithinArea(actor.area, area.code)) throw new AppError("AREA_NOT_FOUND");
    scopePrefixes.push(areaScopePrefix(area.level as AreaLevel, area.code));
  }
  const { rows, total } = await repo.listHelpers(
    deps.prisma, { scopePrefixes, q: query.q || undefined, active: query.active === undefined ? undefined : query.active === "true" },
    (query.page - 1) * query.pageSize, query.pageSize,
  );
  return { items: await toHelpers(deps, rows), total, page: query.page, pageSize: query.pageSize };
}

export async function listHelperAccounts(deps: Deps, actor: Actor) {
  return { items: await repo.listHelperAccounts(deps.prisma, scopeOf(actor)) };
}

/** The register entry if it lies within the actor's area (404 otherwise). */
async function helperInScope(deps: Deps, actor: Actor, id: string) {
  const row = await repo.findHelper(deps.prisma, id);
  if (!row || !row.areaCode.startsWith(scopeOf(actor))) throw new AppError("HELPER_NOT_FOUND");
  return row;
}

/** What the audit keeps of an entry (the phone is masked by the audit writer). */
const auditView = (r: { name: string; unit: string; position: string; rank: string; areaCode: string; userId: string | null; isActive?: boolean }, phone: string | null) => ({
  name: r.name, unit: r.unit, position: r.position, rank: r.rank, phone, areaCode: r.areaCode, userId: r.userId, ...(r.isActive !== undefined ? { isActive: r.isActive } : {}),
});

export async function createHelper(deps: Deps, actor: Actor, input: z.output<typeof ZHelperInput>): Promise<Helper> {
  const area = await servedArea(deps, actor, input.areaId);
  if (input.userId) await checkLinkableUser(deps, actor, input.userId, null);
  const data: repo.HelperData = {
    name: input.name, unit: input.unit, position: input.position, rank: input.rank, phone: input.phone,
    areaId: area.id, areaCode: area.prefix, userId: input.userId,
  };
  try {
    const row = await withTransaction(deps.prisma, async (tx) => {
      const created = await repo.insertHelper(tx, data, actor.id);
      await appendAudit(tx, actor, {
        action: "helper.create", entityType: "helper", entityId: created.id, after: auditView({ ...data, isActive: true }, data.phone),
      }, deps.clock());
      return created;
    });
    return (await toHelpers(deps, [row]))[0]!;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("HELPER_USER_INVALID", { details: [{ path: "userId", message: "该账号已关联其他帮扶责任人" }] });
    throw e;
  }
}

export async function updateHelper(deps: Deps, actor: Actor, id: string, input: z.output<typeof ZHelperUpdate>): Promise<Helper> {
  const before = await helperInScope(deps, actor, id);
  if (before.version !== input.version) throw new AppError("VERSION_CONFLICT");
  const patch: Partial<repo.HelperData> & { isActive?: boolean } = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.unit !== undefined) patch.unit = input.unit;
  if (input.position !== undefined) patch.position = input.position;
  if (input.rank !== undefined) patch.rank = input.rank;
  if (input.phone !== undefined) patch.phone = input.phone;
  if (input.isActive !== undefined) patch.isActive = input.isActive;
  if (input.areaId !== undefined) {
    const area = await servedArea(deps, actor, input.areaId);
    patch.areaId = area.id;
    patch.areaCode = area.prefix;
  }
  if (input.userId !== undefined) {
    if (input.userId) await checkLinkableUser(deps, actor, input.userId, id);
    patch.userId = input.userId;
  }
  const beforePhone = decryptOrNull(before.phoneEnc);
  const after = { ...before, ...patch };
  try {
    const row = await withTransaction(deps.prisma, async (tx) => {
      const updated = await repo.updateHelper(tx, id, patch, input.version);
      if (!updated) throw new AppError("VERSION_CONFLICT");
      await appendAudit(tx, actor, {
        action: "helper.update", entityType: "helper", entityId: id,
        before: auditView(before, beforePhone), after: auditView(after, patch.phone !== undefined ? patch.phone : beforePhone),
      }, deps.clock());
      return updated;
    });
    return (await toHelpers(deps, [row]))[0]!;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("HELPER_USER_INVALID", { details: [{ path: "userId", message: "该账号已关联其他帮扶责任人" }] });
    throw e;
  }
}

// ---------------------------------------------------------------- the file

const toAssignment = (a: repo.AssignmentRow): Assignment => ({
  id: a.id, role: a.role as AssignmentRole,
  helper: { id: a.helper.id, name: a.helper.name, unit: a.helper.unit, position: a.helper.position, rank: a.helper.rank, phoneMasked: maskedOrNull(a.helper.phoneEnc) },
  startedOn: isoOf(a.startedOn), endedOn: a.endedOn ? isoOf(a.endedOn) : null, endReason: a.endReason, assignedBy: a.assignedByName,
});

export async function getFile(deps: Deps, actor: Actor, householdId: string): Promise<AssistanceFile> {
  if (!(await householdAccessible(deps.prisma, householdId, accessOf(actor)))) throw new AppError("ASSISTANCE_FILE_NOT_FOUND");
  const view = await fileView(deps, householdId);
  if (!view) throw new AppError("ASSISTANCE_FILE_NOT_FOUND");
  return view;
}

async function fileView(deps: Deps, householdId: string): Promise<AssistanceFile | null> {
  const [file, h, assignments] = await Promise.all([
    findFile(deps.prisma, householdId), repo.findFileHousehold(deps.prisma, householdId), repo.listAssignments(deps.prisma, householdId),
  ]);
  if (!file || !h) return null;
  const calendar = await loadCalendar(deps.prisma);
  const rules = deps.config.rules.assistance;
  const today = todayInChina(deps.clock());
  const open = file.closedOn === null;
  const openedOn = isoOf(file.openedOn);
  const review = open ? reviewDue(today, openedOn, file.lastReviewQuarter, rules, calendar) : null;
  return {
    householdId,
    household: {
      householdNo: h.householdNo, headName: h.headName, village: { ...h.village, level: h.village.level },
      category: h.category, designation: h.designation, monitoringType: h.monitoringType, riskCauses: h.riskCauses,
      memberCount: h.memberCount, addressDetail: h.addressDetail, phoneMasked: maskedOrNull(h.phoneEnc),
    },
    openedOn, closedOn: file.closedOn ? isoOf(file.closedOn) : null,
    riskClass: (file.riskClass as AssistanceFile["riskClass"]) ?? null, riskClassOn: file.riskClassOn ? isoOf(file.riskClassOn) : null,
    assignments: assignments.filter((a) => a.endedOn === null).map(toAssignment),
    history: assignments.filter((a) => a.endedOn !== null).map(toAssignment),
    assignment: open && file.assignDue ? deadlineStatus(calendar, today, isoOf(file.assignDue), true, "WORKING_DAYS") : null,
    lastVisitOn: file.lastVisitOn ? isoOf(file.lastVisitOn) : null,
    visit: open ? deadlineStatus(calendar, today, isoOf(file.nextVisitDue), true, "CALENDAR_DAYS") : null,
    review: review ? { ...deadlineStatus(calendar, today, review.deadline, true, "WORKING_DAYS"), quarter: review.quarter } : null,
    lastReviewQuarter: file.lastReviewQuarter,
    version: file.version,
  };
}

// ---------------------------------------------------------------- assignment

export async function assign(deps: Deps, actor: Actor, householdId: string, input: z.output<typeof ZAssignRequest>): Promise<AssistanceFile> {
  if (!(await householdAccessible(deps.prisma, householdId, accessOf(actor)))) throw new AppError("ASSISTANCE_FILE_NOT_FOUND");
  const [file, h, assignments] = await Promise.all([
    findFile(deps.prisma, householdId), repo.findFileHousehold(deps.prisma, householdId), repo.listAssignments(deps.prisma, householdId),
  ]);
  if (!file || !h || file.closedOn !== null) throw new AppError("ASSISTANCE_FILE_NOT_FOUND");
  const helper = await repo.findHelper(deps.prisma, input.helperId);
  if (!helper) throw new AppError("HELPER_NOT_FOUND", { details: [{ path: "helperId", message: "请从帮扶责任人名册中选择" }] });
  if (!helper.isActive) throw new AppError("HELPER_NOT_ASSIGNABLE", { details: [{ path: "helperId", message: "该帮扶责任人已停用" }] });
  if (!h.villageCode.startsWith(helper.areaCode)) {
    throw new AppError("HELPER_NOT_ASSIGNABLE", { details: [{ path: "helperId", message: "该帮扶责任人的帮扶区域不包括这户所在的村" }] });
  }
  const minRank = deps.config.rules.assistance.leadMinimumRank;
  if (input.role === "LEAD" && !rankSatisfies(helper.rank, minRank)) {
    throw new AppError("HELPER_NOT_ASSIGNABLE", {
      message: `本地规则要求帮扶责任人职级为${minRank}，该帮扶责任人的职级（${helper.rank || "未填写"}）不符合要求`,
      details: [{ path: "helperId", message: `帮扶责任人须为${minRank}干部` }],
    });
  }
  const today = todayInChina(deps.clock());
  const openedOn = isoOf(file.openedOn);
  if (input.startedOn > today) throw fieldError("startedOn", "安排日期不能晚于今天");
  if (input.startedOn < openedOn) throw fieldError("startedOn", `安排日期不能早于建档日期（${openedOn}）`);
  const current = assignments.find((a) => a.endedOn === null && a.role === input.role);
  const reason = input.reason?.trim() || null;
  if (current) {
    if (current.helperId === helper.id) throw fieldError("helperId", `该帮扶责任人已是本户的${ASSIGNMENT_ROLES[input.role]}`);
    if (!reason) throw new AppError("ASSIGNMENT_REASON_REQUIRED", { details: [{ path: "reason", message: "请填写更换原因" }] });
    if (input.startedOn < isoOf(current.startedOn)) throw fieldError("startedOn", `安排日期不能早于现任的开始日期（${isoOf(current.startedOn)}）`);
  }
  const helperRef = (x: { id: string; name: string; unit: string }) => ({ id: x.id, name: x.name, unit: x.unit });
  const currents = assignments.filter((a) => a.endedOn === null);
  const beforeHelpers = currents.map((a) => ({ role: a.role, ...helperRef(a.helper), startedOn: isoOf(a.startedOn) }));
  const afterHelpers = [
    ...beforeHelpers.filter((a) => a.role !== input.role),
    { role: input.role, ...helperRef(helper), startedOn: input.startedOn },
  ];
  const conflict = () => new AppError("VERSION_CONFLICT", { message: "这户的帮扶责任人刚被他人调整，请刷新后重新操作" });
  try {
    await withTransaction(deps.prisma, async (tx) => {
      if (current && !(await repo.endAssignment(tx, current.id, input.startedOn, reason!))) throw conflict();
      await repo.insertAssignment(tx, {
        householdId, helperId: helper.id, role: input.role, startedOn: input.startedOn, assignedById: actor.id, assignedByName: actor.displayName,
      });
      if (input.role === "LEAD" && !(await updateFile(tx, householdId, { leadHelperId: helper.id, assignDue: null }, file.version))) throw conflict();
      await appendAudit(tx, actor, {
        action: "assistance.assign", entityType: "assistance_file", entityId: householdId, householdId,
        before: { helpers: beforeHelpers, assignDue: file.assignDue ? isoOf(file.assignDue) : null },
        after: { helpers: afterHelpers, assignDue: input.role === "LEAD" ? null : file.assignDue ? isoOf(file.assignDue) : null },
        reason: reason ?? (current ? null : `安排${ASSIGNMENT_ROLES[input.role]}`),
      }, deps.clock());
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict();
    throw e;
  }
  return (await fileView(deps, householdId))!;
}

// ---------------------------------------------------------------- queues

/**
 * An assistance queue's files for this user (the area filter and name search
 * applied) counted by deadline bucket: the queue page's counts and the
 * workbench tab's (GET /api/queues/counts). The role must have the queue.
 */
export async function assistanceQueueCounts(
  deps: Deps, actor: Actor, queue: AssistanceQueueName, query: { q?: string | undefined; areaId?: number | undefined },
  calendar: WorkingDayCalendar, today: string,
) {
  const conditions: QueueConditions = { scopes: [scopeOf(actor)], ...(query.q ? { q: query.q } : {}) };
  if (query.areaId !== undefined) {
    const area = await findAreaById(deps.prisma, query.areaId);
    if (!area || !isWithinArea(actor.area, area.code)) throw new AppError("AREA_NOT_FOUND");
    conditions.scopes.push(areaScopePrefix(area.level as AreaLevel, area.code));
  }
  let kind: QueueKind;
  let reviewQuarter: { quarter: string; deadline: string } | null = null;
  if (queue === "township-assign") kind = { kind: "assign" };
  else if (queue === "visits-due") {
    let helperId: string | null = null;
    if (actor.role === "HELPER") {
      const own = await repo.findHelperByUser(deps.prisma, actor.id);
      // A helper account not (or no longer) in the register has no households.
      helperId = own && own.isActive ? own.id : "00000000-0000-0000-0000-000000000000";
    }
    kind = { kind: "visits", helperId };
  } else {
    const q = previousQuarter(quarterOf(today));
    reviewQuarter = { quarter: q, deadline: reviewDeadline(q, deps.config.rules.assistance, calendar) };
    kind = { kind: "reviews", quarter: q, quarterLastDay: quarterBounds(q).lastDay };
  }
  const buckets = { overdue: 0, dueToday: 0, dueNextWorkingDay: 0, later: 0 };
  const byDeadline = await countByDeadline(deps.prisma, kind, conditions);
  for (const { deadline, count } of byDeadline) {
    const d = deadline ?? reviewQuarter!.deadline;
    buckets[BUCKET_KEYS[bucketOf(calendar, today, d)]] += count;
  }
  return { kind, conditions, reviewQuarter, buckets, total: byDeadline.reduce((n, d) => n + d.count, 0) };
}

const BUCKET_KEYS = { OVERDUE: "overdue", DUE_TODAY: "dueToday", DUE_NEXT_WORKING_DAY: "dueNextWorkingDay", LATER: "later" } as const satisfies Record<DeadlineBucket, string>;

export async function getQueue(deps: Deps, actor: Actor, name: string, query: z.output<typeof ZAssistanceQueueQuery>) {
  if (!Object.hasOwn(ASSISTANCE_QUEUES, name)) throw new AppError("QUEUE_NOT_FOUND");
  const queue = name as AssistanceQueueName;
  if (!(ASSISTANCE_QUEUES[queue].roles as readonly string[]).includes(actor.role)) throw new AppError("FORBIDDEN");
  const calendar = await loadCalendar(deps.prisma);
  const today = todayInChina(deps.clock());
  const limits = { today, nextWorkingDay: calendar.nextWorkingDay(today) };
  const { kind, conditions, reviewQuarter, buckets, total } = await assistanceQueueCounts(deps, actor, queue, query, calendar, today);
  const skip = (query.page - 1) * query.pageSize;
  // The reviews share one deadline: a bucket other than its own holds nothing.
  const emptyBucket = reviewQuarter && query.bucket && bucketOf(calendar, today, reviewQuarter.deadline) !== query.bucket;
  const rows = emptyBucket ? [] : await findQueuePage(deps.prisma, kind, conditions, query.bucket, limits, skip, query.pageSize);
  const unit = queue === "visits-due" ? "CALENDAR_DAYS" : "WORKING_DAYS";
  return {
    queue,
    today,
    items: rows.map((r) => ({
      householdId: r.household_id, householdNo: r.household_no, headName: r.head_name,
      village: { id: r.village_id, code: r.village_code, name: r.village_name, level: r.village_level as AreaLevel },
      designation: r.designation as AssistanceFile["household"]["designation"], riskClass: r.risk_class as AssistanceFile["riskClass"],
      leadHelper: r.lead_id ? { id: r.lead_id, name: r.lead_name! } : null,
      lastVisitOn: r.last_visit_on ? isoOf(r.last_visit_on) : null,
      quarter: reviewQuarter?.quarter ?? null,
      deadline: deadlineStatus(calendar, today, reviewQuarter ? reviewQuarter.deadline : isoOf(r.deadline!), true, unit),
    })),
    total: query.bucket ? buckets[BUCKET_KEYS[query.bucket]] : total,
    page: query.page,
    pageSize: query.pageSize,
    buckets,
  };
}
