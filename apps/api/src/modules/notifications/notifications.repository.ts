import { areaScopePrefix } from "@fanpin/domain/areas";
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

export type Row = {
  id: string;
  kind: NotificationKind;
  deadline: string;
  created_at: Date;
  read: boolean;
  case_id: string;
  case_no: string;
  stage: CaseStage;
  /** The case's procedure and rule set: the stage is named as its procedure names it. */
  procedure: string;
  rule_set: string | null;
  head_name: string;
  village_name: string;
};

/** FROM … WHERE of the notices the actor sees (current ones only), with this user's read mark as `r`. */
function visibleSql(actor: Pick<Actor, "id" | "role" | "area">): Prisma.Sql {
  return Prisma.sql`
    FROM notification n
    JOIN "case" c ON c.id = n.case_id AND c.closed_at IS NULL AND c.stage = n.stage AND c.stage_started_on = n.stage_started_on
    JOIN household h ON h.id = c.household_id
    JOIN area v ON v.id = h.village_id
    LEFT JOIN notification_read r ON r.notification_id = n.id AND r.user_id = ${actor.id}::uuid
    WHERE n.role = ${actor.role}::"Role" AND n.village_code LIKE ${`${scopeOf(actor)}%`}`;
}

/** A page of the notices the actor sees, newest first, with the counts of all and of unread ones. */
export async function findVisibleNotifications(db: Db, actor: Actor, unreadOnly: boolean, take: number, skip: number) {
  const visible = visibleSql(actor);
  const unreadFilter = unreadOnly ? Prisma.sql`AND r.user_id IS NULL` : Prisma.empty;
  const [counts, rows] = await Promise.all([
    db.$queryRaw<{ total: bigint; unread: bigint }[]>`
      SELECT count(*) AS total, count(*) FILTER (WHERE r.user_id IS NULL) AS unread
      ${visible}`,
    db.$queryRaw<Row[]>`
      SELECT n.id, n.kind::text AS kind, to_char(n.deadline, 'YYYY-MM-DD') AS deadline, n.created_at, (r.user_id IS NOT NULL) AS read,
             c.id AS case_id, c.case_no, c.stage::text AS stage, c.procedure, c.rule_set, h.head_name, v.name AS village_name
      ${visible} ${unreadFilter}
      ORDER BY n.created_at DESC, n.id DESC
      LIMIT ${take} OFFSET ${skip}`,
  ]);
  return { counts, rows };
}

/** Whether the notice is for this role within the area. */
export async function notificationInScope(db: Db, id: string, role: Actor["role"], scopePrefix: string): Promise<boolean> {
  const found = await db.notification.findFirst({ where: { id, role, villageCode: { startsWith: scopePrefix } }, select: { id: true } });
  return found !== null;
}

/** The user's read mark on a notice (idempotent). */
export function insertRead(db: Db, notificationId: string, userId: string, at: Date) {
  return db.notificationRead.createMany({ data: [{ notificationId, userId, readAt: at }], skipDuplicates: true });
}

/** Marks every notice the user sees (the current ones, as listed) read, in one statement; returns how many. */
export function markAllVisibleRead(db: Db, actor: Actor, at: Date): Promise<number> {
  return db.$executeRaw`
    INSERT INTO notification_read (notification_id, user_id, read_at)
    SELECT n.id, ${actor.id}::uuid, ${at}::timestamptz
    ${visibleSql(actor)} AND r.user_id IS NULL
    ON CONFLICT (notification_id, user_id) DO NOTHING`;
}

export async function countUnread(db: Db, actor: Actor): Promise<number> {
  const [row] = await db.$queryRaw<{ unread: bigint }[]>`SELECT count(*) AS unread ${visibleSql(actor)} AND r.user_id IS NULL`;
  return Number(row?.unread ?? 0);
}
