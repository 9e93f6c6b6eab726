import { areaScopePrefix } from "@fanpin/domain/areas";
import { todayInChina, type WorkingDayCalendar } from "@fanpin/domain/calendar/working-days";
import type { Notification, NotificationKind, NotificationList, ZNotificationListQuery } from "@fanpin/domain/notification-schemas";
import { CASE_STAGE_LABELS, type CaseStage } from "@fanpin/domain/procedures/stages";
import { LOCAL_RULE_PRESETS, RULE_SETS } from "@fanpin/domain/procedures/rules";
import type { z } from "zod";
import { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { loadCalendar } from "../calendar/calendar.service.ts";

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const scopeOf = (actor: Actor) => areaScopePrefix(actor.area.level, actor.area.code);

/**
 * Steps whose deadline is worth a notice, with the role that owns them in
 * each procedure of each rule set: every step except PUBLICITY_RUNNING. The "deadline" of a running
 * publicity is the end of the 5-day period, which nobody has to meet: the
 * publicity-end job moves the case on by itself, and its owner's next duty
 * (confirming the outcome, PUBLICITY_ENDED) has a deadline of its own.
 */
export const NOTIFIED_STEPS = LOCAL_RULE_PRESETS.flatMap((preset) =>
  RULE_SETS[preset].procedures.flatMap((p) =>
    p.steps.filter((s) => s.stage !== "PUBLICITY_RUNNING").map((s) => ({ ruleSet: preset, procedure: p.kind, stage: s.stage, role: s.role }))));

// ---------------------------------------------------------------- generating

/**
 * Writes the deadline notices due today, in one set-based statement:
 * - DUE_NEXT_WORKING_DAY for every open case whose stage deadline is the next
 *   working day after today (China date of deps.clock);
 * - OVERDUE for every open case whose stage deadline is before today.
 * A notice belongs to the stage owner's role and the case's village, and
 * exists once per (case, stage, stageStartedOn, kind): a restarted stage
 * (return for correction) has a new stageStartedOn and so gets new notices.
 *
 * Safe to run repeatedly and in several processes at once: existing notices
 * are skipped (NOT EXISTS) and a concurrent insert of the same notice loses
 * on the unique key (ON CONFLICT DO NOTHING). Returns how many were created.
 */
export async function generateDeadlineNotifications(deps: Deps): Promise<number> {
  const calendar = await loadCalendar(deps.prisma);
  const today = todayInChina(deps.clock());
  const next = calendar.nextWorkingDay(today);
  const now = deps.clock();
  const owners = Prisma.join(NOTIFIED_STEPS.map((o) => Prisma.sql`(${o.ruleSet}, ${o.procedure}, ${o.stage}::"CaseStage", ${o.role}::"Role")`));
  return deps.prisma.$executeRaw`
    INSERT INTO notification (id, case_id, kind, stage, stage_started_on, deadline, role, village_code, created_at)
    SELECT gen_random_uuid(), d.case_id, d.kind, d.stage, d.stage_started_on, d.deadline, d.role, d.village_code, ${now}::timestamptz
    FROM (
      SELECT c.id AS case_id,
             (CASE WHEN c.stage_deadline < ${dateOf(today)}::date THEN 'OVERDUE' ELSE 'DUE_NEXT_WORKING_DAY' END)::"NotificationKind" AS kind,
             c.stage, c.stage_started_on, c.stage_deadline AS deadline, o.role, c.village_code
      FROM "case" c
      JOIN (VALUES ${owners}) AS o(rule_set, procedure, stage, role) ON o.rule_set = c.rule_set AND o.procedure = c.procedure AND o.stage = c.stage
      WHERE c.closed_at IS NULL
        AND c.stage_deadline IS NOT NULL
        AND (c.stage_deadline < ${dateOf(today)}::date
             OR (c.stage_deadline > ${dateOf(today)}::date AND c.stage_deadline <= ${dateOf(next)}::date))
    ) d
    WHERE NOT EXISTS (
      SELECT 1 FROM notification n
      WHERE n.case_id = d.case_id AND n.stage = d.stage AND n.stage_started_on = d.stage_started_on AND n.kind = d.kind
    )
    ON CONFLICT (case_id, stage, stage_started_on, kind) DO NOTHING`;
}

// ---------------------------------------------------------------- reading

type Row = {
  id: string;
  kind: NotificationKind;
  deadline: string;
  created_at: Date;
  read: boolean;
  case_id: string;
  case_no: string;
  stage: CaseStage;
  head_name: string;
  village_name: string;
};

/**
 * A user's notices: those of their role within their area, newest first.
 * Only notices still about the case's current stage are listed (same stage and
 * stageStartedOn, case open); once a case moves on, returns or closes, its
 * earlier notices are no longer actionable and drop out of list and counts.
 */
export async function listNotifications(deps: Deps, actor: Actor, query: z.output<typeof ZNotificationListQuery>): Promise<NotificationList> {
  const visible = visibleSql(actor);
  const unreadFilter = query.unreadOnly ? Prisma.sql`AND r.user_id IS NULL` : Prisma.empty;
  const [counts, rows, calendar] = await Promise.all([
    deps.prisma.$queryRaw<{ total: bigint; unread: bigint }[]>`
      SELECT count(*) AS total, count(*) FILTER (WHERE r.user_id IS NULL) AS unread
      ${visible}`,
    deps.prisma.$queryRaw<Row[]>`
      SELECT n.id, n.kind::text AS kind, to_char(n.deadline, 'YYYY-MM-DD') AS deadline, n.created_at, (r.user_id IS NOT NULL) AS read,
             c.id AS case_id, c.case_no, c.stage::text AS stage, h.head_name, v.name AS village_name
      ${visible} ${unreadFilter}
      ORDER BY n.created_at DESC, n.id DESC
      LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
    loadCalendar(deps.prisma),
  ]);
  const today = todayInChina(deps.clock());
  const total = Number(counts[0]?.total ?? 0);
  const unreadCount = Number(counts[0]?.unread ?? 0);
  return {
    items: rows.map((r) => toNotification(r, calendar, today)),
    total: query.unreadOnly ? unreadCount : total,
    page: query.page,
    pageSize: query.pageSize,
    unreadCount,
  };
}

/** FROM … WHERE of the notices the actor sees (current ones only), with this user's read mark as `r`. */
function visibleSql(actor: Actor): Prisma.Sql {
  return Prisma.sql`
    FROM notification n
    JOIN "case" c ON c.id = n.case_id AND c.closed_at IS NULL AND c.stage = n.stage AND c.stage_started_on = n.stage_started_on
    JOIN household h ON h.id = c.household_id
    JOIN area v ON v.id = h.village_id
    LEFT JOIN notification_read r ON r.notification_id = n.id AND r.user_id = ${actor.id}::uuid
    WHERE n.role = ${actor.role}::"Role" AND n.village_code LIKE ${`${scopeOf(actor)}%`}`;
}

function toNotification(r: Row, calendar: WorkingDayCalendar, today: string): Notification {
  return {
    id: r.id,
    kind: r.kind,
    case: { id: r.case_id, caseNo: r.case_no, stage: r.stage, householdHeadName: r.head_name, villageName: r.village_name },
    deadline: r.deadline,
    createdAt: r.created_at.toISOString(),
    read: r.read,
    message: messageOf(r, calendar, today),
  };
}

const monthDay = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/**
 * The notice as a sentence, told from today: a "due next working day" notice
 * read on the deadline itself says "今日到期", and an overdue one counts the
 * working days overdue up to today.
 */
export function messageOf(r: Pick<Row, "kind" | "deadline" | "stage" | "head_name" | "case_no">, calendar: WorkingDayCalendar, today: string): string {
  const subject = `${r.head_name}户（案件 ${r.case_no}）“${CASE_STAGE_LABELS[r.stage]}”`;
  const d = monthDay(r.deadline);
  if (r.deadline > today) {
    const { days } = calendar.workingDaysUntil(today, r.deadline);
    return days <= 1 ? `${subject}将于下一个工作日（${d}）到期` : `${subject}将于${d}到期，剩余 ${days} 个工作日`;
  }
  if (r.deadline === today) return `${subject}今日（${d}）到期`;
  const overdue = -calendar.workingDaysUntil(today, r.deadline).days;
  return `${subject}已逾期 ${overdue} 个工作日（期限 ${d}）`;
}

// ---------------------------------------------------------------- read marks

/** Marks one notice read for this user (idempotent). 404 unless the notice is for the user's role and area. */
export async function markRead(deps: Deps, actor: Actor, id: string): Promise<{ id: string; read: true; unreadCount: number }> {
  const found = await deps.prisma.notification.findFirst({
    where: { id, role: actor.role, villageCode: { startsWith: scopeOf(actor) } },
    select: { id: true },
  });
  if (!found) throw new AppError("NOTIFICATION_NOT_FOUND");
  await deps.prisma.notificationRead.createMany({ data: [{ notificationId: id, userId: actor.id, readAt: deps.clock() }], skipDuplicates: true });
  return { id, read: true, unreadCount: await unreadCount(deps, actor) };
}

/** Marks every notice the user sees (the current ones, as listed) read, in one statement. */
export async function markAllRead(deps: Deps, actor: Actor): Promise<{ marked: number; unreadCount: number }> {
  const marked = await deps.prisma.$executeRaw`
    INSERT INTO notification_read (notification_id, user_id, read_at)
    SELECT n.id, ${actor.id}::uuid, ${deps.clock()}::timestamptz
    ${visibleSql(actor)} AND r.user_id IS NULL
    ON CONFLICT (notification_id, user_id) DO NOTHING`;
  return { marked, unreadCount: await unreadCount(deps, actor) };
}

async function unreadCount(deps: Deps, actor: Actor): Promise<number> {
  const [row] = await deps.prisma.$queryRaw<{ unread: bigint }[]>`SELECT count(*) AS unread ${visibleSql(actor)} AND r.user_id IS NULL`;
  return Number(row?.unread ?? 0);
}
