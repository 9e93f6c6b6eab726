import { previousQuarter, quarterBounds, quarterOf, reviewDeadline } from "@fanpin/domain/assistance/deadlines";
import { calendarDaysBetween, todayInChina, type WorkingDayCalendar } from "@fanpin/domain/calendar/working-days";
import { NOTIFICATION_KIND_LABELS } from "@fanpin/domain/notification-schemas";
import { CLUE_SOURCES } from "@fanpin/domain/detection/lead-schemas";
import type { Notification, NotificationKind, NotificationList, ZNotificationListQuery } from "@fanpin/domain/notification-schemas";
import { CASE_STAGE_LABELS, type CaseStage } from "@fanpin/domain/procedures/stages";
import { LOCAL_RULE_PRESETS, procedureIn, RULE_SETS, ruleSet, WEIHAI_RULES } from "@fanpin/domain/procedures/rules";
import { stageLabelIn } from "@fanpin/domain/procedures/procedure";
import type { z } from "zod";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { loadCalendar } from "../calendar/calendar.service.ts";
import * as repo from "./notifications.repository.ts";


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
  const caseNotices = await repo.insertDueNotifications(deps.prisma, NOTIFIED_STEPS, today, next, now);
  // The review of the last ended quarter: its deadline comes from the working-day calendar.
  const quarter = previousQuarter(quarterOf(today));
  const review = { quarter, lastDay: quarterBounds(quarter).lastDay, deadline: reviewDeadline(quarter, deps.config.rules.assistance, calendar) };
  return caseNotices + await repo.insertHouseholdNotifications(deps.prisma, today, review, now);
}

// ---------------------------------------------------------------- reading

/**
 * A user's notices: those of their role within their area (an overseeing role:
 * also every overdue case's), newest first.
 * Only notices still about the case's current stage are listed (same stage and
 * stageStartedOn, case open); once a case moves on, returns or closes, its
 * earlier notices are no longer actionable and drop out of list and counts.
 */
export async function listNotifications(deps: Deps, actor: Actor, query: z.output<typeof ZNotificationListQuery>): Promise<NotificationList> {
  const today = todayInChina(deps.clock());
  const [{ counts, rows }, calendar] = await Promise.all([
    repo.findVisibleNotifications(deps.prisma, actor, today, query.unreadOnly, query.pageSize, (query.page - 1) * query.pageSize),
    loadCalendar(deps.prisma),
  ]);
  const total = Number(counts[0]?.total ?? 0);
  const unreadCount = Number(counts[0]?.unread ?? 0);
  return {
    items: rows.map((r) => toNotification(r, calendar, today)),
    total: query.unreadOnly ? unreadCount : total,
    page: query.page,
    pageSize: query.pageSize,
    unreadCount,
    overdueCount: Number(counts[0]?.overdue ?? 0),
  };
}


function toNotification(r: repo.Row, calendar: WorkingDayCalendar, today: string): Notification {
  return {
    id: r.id,
    kind: r.kind,
    case: r.case_id && r.case_no && r.stage
      ? { id: r.case_id, caseNo: r.case_no, stage: r.stage, householdHeadName: r.head_name ?? "", villageName: r.village_name ?? "" }
      : null,
    household: r.household_id ? { id: r.household_id, headName: r.head_name ?? "", villageName: r.village_name ?? "" } : null,
    lead: r.lead_id && r.lead_no ? { id: r.lead_id, leadNo: r.lead_no } : null,
    title: NOTIFICATION_KIND_LABELS[r.kind],
    deadline: r.deadline,
    createdAt: r.created_at.toISOString(),
    read: r.read,
    message: r.kind === "LEAD_DIGEST" || r.kind === "LEAD_OVERDUE" ? leadMessage(r, calendar, today) : messageOf(r, calendar, today),
  };
}

const monthDay = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/**
 * The notice as a sentence, told from today: a "due next working day" notice
 * read on the deadline itself says "今日到期", and an overdue one counts the
 * working days overdue up to today.
 */
export function messageOf(
  r: Pick<repo.Row, "kind" | "deadline" | "stage" | "procedure" | "rule_set" | "head_name" | "case_no">, calendar: WorkingDayCalendar, today: string,
): string {
  const d = monthDay(r.deadline);
  if (r.kind === "ASSIGNMENT_OVERDUE" || r.kind === "VISIT_OVERDUE" || r.kind === "REVIEW_OVERDUE") return householdMessage(r, calendar, today);
  const procedure = procedureIn(ruleSet(r.rule_set ?? "") ?? WEIHAI_RULES, r.procedure ?? "");
  const stage = procedure ? stageLabelIn(procedure, r.stage!, CASE_STAGE_LABELS) : CASE_STAGE_LABELS[r.stage!];
  const subject = `${r.head_name}户（案件 ${r.case_no}）“${stage}”`;
  if (r.deadline > today) {
    const { days } = calendar.workingDaysUntil(today, r.deadline);
    return days <= 1 ? `${subject}将于下一个工作日（${d}）到期` : `${subject}将于${d}到期，剩余 ${days} 个工作日`;
  }
  if (r.deadline === today) return `${subject}今日（${d}）到期`;
  const overdue = -calendar.workingDaysUntil(today, r.deadline).days;
  return `${subject}已逾期 ${overdue} 个工作日（期限 ${d}）`;
}

/** 日汇总: 11月24日移交线索 3 条（12317 等热线 2 条、日常走访监测 1 条），请在期限内核实; overdue: 线索 X…（张三）核实已逾期 2 个工作日（期限 12月1日）. */
function leadMessage(r: Pick<repo.Row, "kind" | "deadline" | "payload" | "lead_no" | "person_name">, calendar: WorkingDayCalendar, today: string): string {
  const d = monthDay(r.deadline);
  if (r.kind === "LEAD_DIGEST") {
    const p = (r.payload ?? {}) as { count?: number; bySource?: Record<string, number> };
    const parts = Object.entries(p.bySource ?? {}).map(([s, n]) => `${(CLUE_SOURCES as Record<string, string>)[s] ?? s} ${n} 条`);
    return `${d}移交待核实线索 ${p.count ?? 0} 条${parts.length ? `（${parts.join("、")}）` : ""}，请在期限内核实`;
  }
  const overdue = Math.max(1, -calendar.workingDaysUntil(today, r.deadline).days);
  return `线索 ${r.lead_no ?? ""}（${r.person_name ?? ""}）核实已逾期 ${overdue} 个工作日（期限 ${d}）`;
}

/** An assistance notice: 张三户 走访逾期 3 天（应于 11月30日前走访）. */
function householdMessage(r: Pick<repo.Row, "kind" | "deadline" | "head_name">, calendar: WorkingDayCalendar, today: string): string {
  const d = monthDay(r.deadline);
  const workingDays = Math.max(1, -calendar.workingDaysUntil(today, r.deadline).days);
  if (r.kind === "VISIT_OVERDUE") return `${r.head_name}户 走访逾期 ${Math.max(1, calendarDaysBetween(r.deadline, today))} 天（应于${d}前走访）`;
  if (r.kind === "ASSIGNMENT_OVERDUE") return `${r.head_name}户 未安排帮扶责任人，已逾期 ${workingDays} 个工作日（期限 ${d}）`;
  const quarter = previousQuarter(quarterOf(r.deadline));
  return `${r.head_name}户 ${quarter.replace("-Q", "年第")}季度帮扶成效分析逾期 ${workingDays} 个工作日（期限 ${d}）`;
}

// ---------------------------------------------------------------- read marks

/** Marks one notice read for this user (idempotent). 404 unless the notice is for the user's role and area. */
export async function markRead(deps: Deps, actor: Actor, id: string): Promise<{ id: string; read: true; unreadCount: number }> {
  if (!(await repo.notificationInScope(deps.prisma, id, actor, todayInChina(deps.clock())))) throw new AppError("NOTIFICATION_NOT_FOUND");
  await repo.insertRead(deps.prisma, id, actor.id, deps.clock());
  return { id, read: true, unreadCount: await repo.countUnread(deps.prisma, actor, todayInChina(deps.clock())) };
}

/** Marks every notice the user sees (the current ones, as listed) read, in one statement. */
export async function markAllRead(deps: Deps, actor: Actor): Promise<{ marked: number; unreadCount: number }> {
  const marked = await repo.markAllVisibleRead(deps.prisma, actor, deps.clock(), todayInChina(deps.clock()));
  return { marked, unreadCount: await repo.countUnread(deps.prisma, actor, todayInChina(deps.clock())) };
}
