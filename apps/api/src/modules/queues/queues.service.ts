import { areaScopePrefix, isWithinArea } from "@fanpin/domain/areas";
import type { ZQueueQuery } from "@fanpin/domain/case-schemas";
import { QUEUES, type DeadlineBucket, type QueueName } from "@fanpin/domain/queues";
import { todayInChina } from "@fanpin/domain/calendar/working-days";
import type { z } from "zod";
import { HOUSEHOLD_CATEGORIES } from "@fanpin/domain/categories";
import { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { findAreaById } from "../areas/areas.repository.ts";
import { loadCalendar } from "../calendar/calendar.service.ts";
import { findCasePage } from "../cases/cases.repository.ts";
import { caseSearch, riskCauseFilter, toSummary } from "../cases/cases.service.ts";

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * A work queue: the open cases in the queue's stages within the user's area,
 * ordered by their stage deadline, with the count per deadline bucket.
 * Buckets are date ranges computed from today, so a deadline that passes
 * moves its case to "overdue" without anything being written.
 */
export async function getQueue(deps: Deps, actor: Actor, name: QueueName, query: z.output<typeof ZQueueQuery>) {
  const def = QUEUES[name];
  const calendar = await loadCalendar(deps.prisma);
  const today = todayInChina(deps.clock());
  const nextWorkingDay = calendar.nextWorkingDay(today);

  const and: Prisma.CaseWhereInput[] = [
    { villageCode: { startsWith: areaScopePrefix(actor.area.level, actor.area.code) } },
    { stage: { in: [...def.stages] } },
  ];
  if ("returned" in def) and.push(def.returned ? { returnCount: { gt: 0 } } : { returnCount: 0 });
  if ("awaitingAppraisal" in def) {
    const needAppraisal = HOUSEHOLD_CATEGORIES.filter((c) => deps.config.rules.procedures[c].townshipRecords.includes("APPRAISAL"));
    and.push({ category: { in: needAppraisal } }, { roundRecords: { path: ["appraisal"], equals: Prisma.AnyNull } });
  }
  if (query.areaId !== undefined) {
    const area = await findAreaById(deps.prisma, query.areaId);
    if (!area || !isWithinArea(actor.area, area.code)) throw new AppError("AREA_NOT_FOUND");
    and.push({ villageCode: { startsWith: areaScopePrefix(area.level, area.code) } });
  }
  if (query.category) and.push({ category: query.category });
  if (query.q) and.push(caseSearch(query.q));
  if (query.riskCause) and.push(riskCauseFilter(query.riskCause));
  const bucketWhere: Record<DeadlineBucket, Prisma.CaseWhereInput> = {
    OVERDUE: { stageDeadline: { lt: dateOf(today) } },
    DUE_TODAY: { stageDeadline: dateOf(today) },
    DUE_NEXT_WORKING_DAY: { stageDeadline: { gt: dateOf(today), lte: dateOf(nextWorkingDay) } },
    LATER: { OR: [{ stageDeadline: { gt: dateOf(nextWorkingDay) } }, { stageDeadline: null }] },
  };
  const base = { AND: and };
  const pageWhere = query.bucket ? { AND: [...and, bucketWhere[query.bucket]] } : base;
  const [page, overdue, dueToday, dueNextWorkingDay, later] = await Promise.all([
    findCasePage(deps.prisma, pageWhere, (query.page - 1) * query.pageSize, query.pageSize),
    ...(["OVERDUE", "DUE_TODAY", "DUE_NEXT_WORKING_DAY", "LATER"] as const).map((b) => deps.prisma.case.count({ where: { AND: [...and, bucketWhere[b]] } })),
  ]);
  return {
    queue: name,
    today,
    items: page.items.map((r) => toSummary(r, calendar, today)),
    total: page.total,
    page: query.page,
    pageSize: query.pageSize,
    buckets: { overdue: overdue as number, dueToday: dueToday as number, dueNextWorkingDay: dueNextWorkingDay as number, later: later as number },
  };
}

/** Every township's open cases by deadline bucket, for the district's overview. */
export async function getDistrictOverview(deps: Deps, actor: Actor) {
  const calendar = await loadCalendar(deps.prisma);
  const today = todayInChina(deps.clock());
  const next = calendar.nextWorkingDay(today);
  const prefix = areaScopePrefix(actor.area.level, actor.area.code);
  const rows = await deps.prisma.$queryRaw<{ township_code: string; overdue: bigint; due_today: bigint; due_next: bigint; later: bigint; total: bigint }[]>`
    SELECT substr(village_code, 1, 9) AS township_code,
           count(*) FILTER (WHERE stage_deadline < ${dateOf(today)}::date) AS overdue,
           count(*) FILTER (WHERE stage_deadline = ${dateOf(today)}::date) AS due_today,
           count(*) FILTER (WHERE stage_deadline > ${dateOf(today)}::date AND stage_deadline <= ${dateOf(next)}::date) AS due_next,
           count(*) FILTER (WHERE stage_deadline > ${dateOf(next)}::date OR stage_deadline IS NULL) AS later,
           count(*) AS total
    FROM "case"
    WHERE closed_at IS NULL AND village_code LIKE ${`${prefix}%`}
    GROUP BY 1`;
  const counts = new Map(rows.map((r) => [r.township_code, r]));
  const townships = await deps.prisma.area.findMany({
    where: { level: "TOWNSHIP", code: { startsWith: prefix } },
    select: { id: true, code: true, name: true, level: true, parent: { select: { id: true, code: true, name: true, level: true } } },
    orderBy: { code: "asc" },
  });
  return {
    today,
    townships: townships.map((t) => {
      const c = counts.get(t.code.slice(0, 9));
      const { parent, ...township } = t;
      return {
        district: parent!,
        township,
        overdue: Number(c?.overdue ?? 0), dueToday: Number(c?.due_today ?? 0), dueNextWorkingDay: Number(c?.due_next ?? 0),
        later: Number(c?.later ?? 0), total: Number(c?.total ?? 0),
      };
    }),
  };
}
