import { areaScopePrefix } from "@fanpin/domain/areas";
import { oversees } from "@fanpin/domain/notification-schemas";
import type { NotificationKind } from "@fanpin/domain/notification-schemas";
import type { CaseStage } from "@fanpin/domain/procedures/stages";
import type { Db } from "../../db/prisma.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../../lib/actor.ts";

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const scopeOf = (actor: Pick<Actor, "area">) => areaScopePrefix(actor.area.level, actor.area.code);

/**
 * Inserts the deadline notices due on `today` (see generateDeadlineNotifications), in one set-based
 * statement; `owners` are the notified stages with the role that owns each. Returns how many were created.
 */
/** `owners`: who owns each step of each procedure of each rule set (a stage's owner differs between procedures). */
export function insertDueNotifications(
  db: Db, owners: readonly { ruleSet: string; procedure: string; stage: CaseStage; role: string }[], today: string, next: string, now: Date,
): Promise<number> {
  const ownerRows = Prisma.join(owners.map((o) => Prisma.sql`(${o.ruleSet}, ${o.procedure}, ${o.stage}::"CaseStage", ${o.role}::"Role")`));
  return db.$executeRaw`
    INSERT INTO notification (id, case_id, kind, stage, stage_started_on, deadline, role, village_code, created_at)
    SELECT gen_random_uuid(), d.case_id, d.kind, d.stage, d.stage_started_on, d.deadline, d.role, d.village_code, ${now}::timestamptz
    FROM (
      SELECT c.id AS case_id,
             (CASE WHEN c.stage_deadline < ${dateOf(today)}::date THEN 'OVERDUE' ELSE 'DUE_NEXT_WORKING_DAY' END)::"NotificationKind" AS kind,
             c.stage, c.stage_started_on, c.stage_deadline AS deadline, o.role, c.village_code
      FROM "case" c
      JOIN (VALUES ${ownerRows}) AS o(rule_set, procedure, stage, role) ON o.rule_set = c.rule_set AND o.procedure = c.procedure AND o.stage = c.stage
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

/**
 * Inserts the household-level assistance notices due on `today`, in one
 * set-based statement (once per household, kind, deadline and role: the
 * unique notification_household_deadline_key):
 * - ASSIGNMENT_OVERDUE for TOWNSHIP_STAFF: an open file without a lead helper past its assignment deadline;
 * - VISIT_OVERDUE for VILLAGE_CADRE and TOWNSHIP_STAFF of the village, and for the lead helper's own user (userId set);
 * - REVIEW_OVERDUE for TOWNSHIP_STAFF: the review of `review.quarter` not recorded by its deadline (passed by the caller,
 *   who works it out with the calendar), for files open during that quarter.
 */
export function insertHouseholdNotifications(
  db: Db, today: string, review: { quarter: string; lastDay: string; deadline: string } | null, now: Date,
): Promise<number> {
  const t = dateOf(today);
  const reviewRows = review && review.deadline < today
    ? Prisma.sql`
      UNION ALL
      SELECT f.household_id, 'REVIEW_OVERDUE', ${dateOf(review.deadline)}::date, 'TOWNSHIP_STAFF', f.village_code, NULL::uuid
        FROM assistance_file f
       WHERE f.closed_on IS NULL AND f.opened_on <= ${dateOf(review.lastDay)}::date
         AND (f.last_review_quarter IS NULL OR f.last_review_quarter < ${review.quarter})`
    : Prisma.empty;
  return db.$executeRaw`
    INSERT INTO notification (id, household_id, kind, deadline, role, village_code, user_id, created_at)
    SELECT gen_random_uuid(), d.household_id, d.kind::"NotificationKind", d.deadline, d.role::"Role", d.village_code, d.user_id, ${now}::timestamptz
    FROM (
      SELECT f.household_id, 'ASSIGNMENT_OVERDUE' AS kind, f.assign_due AS deadline, 'TOWNSHIP_STAFF' AS role, f.village_code, NULL::uuid AS user_id
        FROM assistance_file f
       WHERE f.closed_on IS NULL AND f.lead_helper_id IS NULL AND f.assign_due < ${t}::date
      UNION ALL
      SELECT f.household_id, 'VISIT_OVERDUE', f.next_visit_due, r.role, f.village_code, NULL::uuid
        FROM assistance_file f CROSS JOIN (VALUES ('VILLAGE_CADRE'), ('TOWNSHIP_STAFF')) AS r(role)
       WHERE f.closed_on IS NULL AND f.next_visit_due < ${t}::date
      UNION ALL
      SELECT f.household_id, 'VISIT_OVERDUE', f.next_visit_due, 'HELPER', f.village_code, hp.user_id
        FROM assistance_file f
        JOIN helper_assignment a ON a.household_id = f.household_id AND a.role = 'LEAD' AND a.ended_on IS NULL
        JOIN helper hp ON hp.id = a.helper_id AND hp.is_active AND hp.user_id IS NOT NULL
       WHERE f.closed_on IS NULL AND f.next_visit_due < ${t}::date
      ${reviewRows}
    ) d
    WHERE NOT EXISTS (
      SELECT 1 FROM notification n
      WHERE n.household_id = d.household_id AND n.kind = d.kind::"NotificationKind" AND n.deadline = d.deadline AND n.role = d.role::"Role"
    )
    ON CONFLICT (household_id, kind, deadline, role) DO NOTHING`;
}

export type Row = {
  id: string;
  kind: NotificationKind;
  deadline: string;
  created_at: Date;
  read: boolean;
  case_id: string | null;
  case_no: string | null;
  stage: CaseStage | null;
  /** The case's procedure and rule set: the stage is named as its procedure names it. */
  procedure: string | null;
  rule_set: string | null;
  household_id: string | null;
  head_name: string | null;
  village_name: string | null;
  lead_id: string | null;
  lead_no: string | null;
  person_name: string | null;
  payload: unknown;
};

/**
 * FROM … WHERE of the notices the actor sees (current ones only), with this user's read mark as `r`:
 * a case notice while the case is still in that stage; a household notice while the file still
 * carries that deadline (the helper assigned, the visit made or the review recorded end it).
 * An OVERDUE case notice while the case's deadline is before today.
 * A notice with a user (a helper's own) is that user's only. An overseeing role (the district, the city)
 * also sees the OVERDUE notice of every case in its area whoever owns the stage: its overview counts them.
 */
function visibleSql(actor: Pick<Actor, "id" | "role" | "area">, today: string): Prisma.Sql {
  return Prisma.sql`
    FROM notification n
    LEFT JOIN "case" c ON c.id = n.case_id
    LEFT JOIN assistance_file f ON n.case_id IS NULL AND f.household_id = n.household_id
    LEFT JOIN lead l ON n.kind = 'LEAD_OVERDUE' AND l.id = (n.payload->>'leadId')::uuid
    LEFT JOIN household h ON h.id = COALESCE(c.household_id, n.household_id, l.household_id)
    LEFT JOIN area v ON v.id = COALESCE(h.village_id, l.village_id)
    LEFT JOIN notification_read r ON r.notification_id = n.id AND r.user_id = ${actor.id}::uuid
    WHERE ${roleSql(actor.role)} AND n.village_code LIKE ${`${scopeOf(actor)}%`}
      AND (n.user_id IS NULL OR n.user_id = ${actor.id}::uuid)
      AND ((n.case_id IS NOT NULL AND c.closed_at IS NULL AND c.stage = n.stage AND c.stage_started_on = n.stage_started_on
            -- An overdue notice while the stage is overdue today (a calendar change can move its deadline): the bell
            -- counts what the queues and the overview count.
            AND (n.kind <> 'OVERDUE' OR c.stage_deadline < ${today}::date))
        OR (n.case_id IS NULL AND f.closed_on IS NULL AND f.household_id IS NOT NULL AND (
              (n.kind = 'ASSIGNMENT_OVERDUE' AND f.assign_due = n.deadline AND f.lead_helper_id IS NULL)
           OR (n.kind = 'VISIT_OVERDUE' AND f.next_visit_due = n.deadline)
           OR (n.kind = 'REVIEW_OVERDUE' AND (f.last_review_quarter IS NULL
                 OR f.last_review_quarter < to_char(n.deadline - interval '3 months', 'YYYY"-Q"Q')))))
        -- 日汇总: a township's digest of a day, for a week.
        OR (n.kind = 'LEAD_DIGEST' AND n.deadline > ${today}::date - 7)
        -- A lead's overdue notice while the lead is still open and past its deadline.
        OR (n.kind = 'LEAD_OVERDUE' AND l.state = 'OPEN' AND l.verify_deadline < ${today}::date))`;
}

/** The notices of the role, and for an overseeing role every overdue case's. */
function roleSql(role: Actor["role"]): Prisma.Sql {
  return oversees(role)
    ? Prisma.sql`(n.role = ${role}::"Role" OR (n.kind = 'OVERDUE' AND n.case_id IS NOT NULL) OR n.kind = 'LEAD_OVERDUE')`
    : Prisma.sql`n.role = ${role}::"Role"`;
}

/** A page of the notices the actor sees, newest first, with the counts of all and of unread ones. */
export async function findVisibleNotifications(db: Db, actor: Actor, today: string, unreadOnly: boolean, take: number, skip: number) {
  const visible = visibleSql(actor, today);
  const unreadFilter = unreadOnly ? Prisma.sql`AND r.user_id IS NULL` : Prisma.empty;
  const [counts, rows] = await Promise.all([
    db.$queryRaw<{ total: bigint; unread: bigint; overdue: bigint }[]>`
      SELECT count(*) AS total, count(*) FILTER (WHERE r.user_id IS NULL) AS unread, count(*) FILTER (WHERE n.kind = 'OVERDUE') AS overdue
      ${visible}`,
    db.$queryRaw<Row[]>`
      SELECT n.id, n.kind::text AS kind, to_char(n.deadline, 'YYYY-MM-DD') AS deadline, n.created_at, (r.user_id IS NOT NULL) AS read,
             c.id AS case_id, c.case_no, c.stage::text AS stage, c.procedure, c.rule_set, h.id AS household_id, h.head_name, v.name AS village_name,
             l.id AS lead_id, l.lead_no, l.person_name, n.payload
      ${visible} ${unreadFilter}
      ORDER BY n.created_at DESC, n.id DESC
      LIMIT ${take} OFFSET ${skip}`,
  ]);
  return { counts, rows };
}

/** Whether the user sees the notice (their role's or, overseeing, an overdue case's; within the area; a helper's own). */
export async function notificationInScope(db: Db, id: string, actor: Pick<Actor, "id" | "role" | "area">, today: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n ${visibleSql(actor, today)} AND n.id = ${id}::uuid`;
  return (row?.n ?? 0) > 0;
}

/** The user's read mark on a notice (idempotent). */
export function insertRead(db: Db, notificationId: string, userId: string, at: Date) {
  return db.notificationRead.createMany({ data: [{ notificationId, userId, readAt: at }], skipDuplicates: true });
}

/** Marks every notice the user sees (the current ones, as listed) read, in one statement; returns how many. */
export function markAllVisibleRead(db: Db, actor: Actor, at: Date, today: string): Promise<number> {
  return db.$executeRaw`
    INSERT INTO notification_read (notification_id, user_id, read_at)
    SELECT n.id, ${actor.id}::uuid, ${at}::timestamptz
    ${visibleSql(actor, today)} AND r.user_id IS NULL
    ON CONFLICT (notification_id, user_id) DO NOTHING`;
}

export async function countUnread(db: Db, actor: Actor, today: string): Promise<number> {
  const [row] = await db.$queryRaw<{ unread: bigint }[]>`SELECT count(*) AS unread ${visibleSql(actor, today)} AND r.user_id IS NULL`;
  return Number(row?.unread ?? 0);
}

/**
 * 日汇总 for `day` (a working day): one LEAD_DIGEST per township with leads
 * handed over that day (scope_key lead-digest:<township prefix>:<day>, so
 * once whatever process sends it), payload {count, bySource}: the leads, and
 * per source how many of them have a clue of it.
 */
export function insertLeadDigests(db: Db, day: string, now: Date): Promise<number> {
  return db.$executeRaw`
    WITH handed AS (
      SELECT l.id, substr(l.village_code, 1, 9) AS prefix FROM lead l WHERE l.handed_on = ${dateOf(day)}::date
    ), per_source AS (
      SELECT h.prefix, s.source, count(DISTINCT h.id)::int AS n FROM handed h JOIN lead_clue s ON s.lead_id = h.id GROUP BY h.prefix, s.source
    ), per_township AS (
      SELECT h.prefix, count(*)::int AS count,
             (SELECT jsonb_object_agg(p.source, p.n) FROM per_source p WHERE p.prefix = h.prefix) AS by_source
      FROM handed h GROUP BY h.prefix
    )
    INSERT INTO notification (id, kind, deadline, role, village_code, scope_key, payload, created_at)
    SELECT gen_random_uuid(), 'LEAD_DIGEST', ${dateOf(day)}::date, 'TOWNSHIP_STAFF', t.code,
           'lead-digest:' || d.prefix || ':' || ${day}, jsonb_build_object('count', d.count, 'bySource', COALESCE(d.by_source, '{}'::jsonb)), ${now}::timestamptz
    FROM per_township d
    JOIN area t ON t.level = 'TOWNSHIP' AND substr(t.code, 1, 9) = d.prefix
    ON CONFLICT (scope_key) DO NOTHING`;
}

/** LEAD_OVERDUE once per open lead past its verify deadline (scope_key lead-overdue:<lead id>), to the township's staff. */
export function insertLeadOverdueNotices(db: Db, today: string, now: Date): Promise<number> {
  return db.$executeRaw`
    INSERT INTO notification (id, kind, deadline, role, village_code, scope_key, payload, created_at)
    SELECT gen_random_uuid(), 'LEAD_OVERDUE', l.verify_deadline, 'TOWNSHIP_STAFF', l.village_code, 'lead-overdue:' || l.id::text,
           jsonb_build_object('leadId', l.id, 'leadNo', l.lead_no), ${now}::timestamptz
    FROM lead l
    WHERE l.state = 'OPEN' AND l.verify_deadline < ${dateOf(today)}::date
      AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.scope_key = 'lead-overdue:' || l.id::text)
    ON CONFLICT (scope_key) DO NOTHING`;
}
