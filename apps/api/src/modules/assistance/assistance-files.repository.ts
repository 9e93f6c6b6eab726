import type { AssistanceCalendar } from "@fanpin/domain/assistance/deadlines";
import { assignmentDeadline, nextVisitDue } from "@fanpin/domain/assistance/deadlines";
import type { AssistanceRules } from "@fanpin/domain/assistance/rules";
import type { Db } from "../../db/prisma.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { AuditRecord } from "../audit/audit.repository.ts";
import type { AssistanceAccess } from "./access.ts";

/**
 * The assistance file (一户一档, table assistance_file): open while the
 * household is designated or has an open case on the assist-first path;
 * closed when neither holds (its helpers are released); reopened when the
 * household is designated again. syncAssistanceFiles is the one writer of
 * opening and closing: the case engine calls it in the transaction that
 * changes the household, the start-up and the nightly job for everything
 * else (registrations and imports of designated households).
 */

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
export const isoOf = (d: Date) => d.toISOString().slice(0, 10);

/** The households an access reaches (Prisma filter on household). */
export function householdAccessWhere(access: AssistanceAccess): Prisma.HouseholdWhereInput {
  const inArea: Prisma.HouseholdWhereInput = { villageCode: { startsWith: access.scopePrefix } };
  if (!access.helperUserId) return inArea;
  return { ...inArea, helperAssignments: { some: { endedOn: null, helper: { userId: access.helperUserId, isActive: true } } } };
}

/** Whether the household exists and the access reaches it (404 for the caller otherwise). */
export async function householdAccessible(db: Db, householdId: string, access: AssistanceAccess): Promise<boolean> {
  return (await db.household.findFirst({ where: { id: householdId, ...householdAccessWhere(access) }, select: { id: true } })) !== null;
}

export type FileContext = { calendar: AssistanceCalendar; rules: AssistanceRules; today: string };

type Candidate = {
  id: string;
  village_code: string;
  designated_at: Date | null;
  designated: boolean;
  assist_first: boolean;
  file_open: boolean | null;
  file_village: string | null;
};

/**
 * Opens, reopens or closes the files of these households (or of every
 * household whose file disagrees with its standing, with "all") and keeps a
 * file's village in step with the household's. Returns the audit records of
 * what changed, for the caller to append (as the last write of its
 * transaction).
 */
export async function syncAssistanceFiles(db: Db, householdIds: readonly string[] | "all", ctx: FileContext): Promise<AuditRecord[]> {
  const filter = householdIds === "all"
    ? Prisma_sql_all
    : `h.id = ANY($1::uuid[])`;
  const rows = await db.$queryRawUnsafe<Candidate[]>(
    `SELECT h.id, h.village_code, h.designated_at, h.designation IS NOT NULL AS designated,
            EXISTS (SELECT 1 FROM "case" c WHERE c.household_id = h.id AND c.closed_at IS NULL AND c.assist_first) AS assist_first,
            CASE WHEN f.household_id IS NULL THEN NULL ELSE f.closed_on IS NULL END AS file_open, f.village_code AS file_village
       FROM household h LEFT JOIN assistance_file f ON f.household_id = h.id
      WHERE ${filter}`,
    ...(householdIds === "all" ? [] : [householdIds]),
  );
  const records: AuditRecord[] = [];
  for (const r of rows) {
    const needed = r.designated || r.assist_first;
    const hasOpen = r.file_open === true;
    if (needed && !hasOpen) {
      const openedOn = r.designated && r.designated_at ? isoOf(r.designated_at) : ctx.today;
      const data = {
        villageCode: r.village_code, openedOn: dateOf(openedOn), closedOn: null, leadHelperId: null,
        riskClass: ctx.rules.initialRiskClass, riskClassOn: ctx.rules.initialRiskClass ? dateOf(openedOn) : null,
        assignDue: dateOf(assignmentDeadline(openedOn, ctx.rules, ctx.calendar)),
        nextVisitDue: dateOf(nextVisitDue(null, openedOn, ctx.rules.initialRiskClass, ctx.rules, ctx.calendar)),
      };
      await db.assistanceFile.upsert({
        where: { householdId: r.id },
        create: { householdId: r.id, ...data },
        update: { ...data, lastReviewQuarter: null, version: { increment: 1 } },
      });
      records.push({
        action: "assistance.file_open", entityType: "assistance_file", entityId: r.id, householdId: r.id,
        before: r.file_open === null ? null : { closed: true }, after: { openedOn, riskClass: data.riskClass, assignDue: isoOf(data.assignDue), nextVisitDue: isoOf(data.nextVisitDue) },
        reason: r.designated ? "认定为监测帮扶对象，建立帮扶档案" : "先行帮扶，建立帮扶档案",
      });
    } else if (!needed && hasOpen) {
      const released = await db.helperAssignment.updateMany({
        where: { householdId: r.id, endedOn: null }, data: { endedOn: dateOf(ctx.today), endReason: "退出监测帮扶，帮扶关系结束" },
      });
      await db.assistanceFile.update({
        where: { householdId: r.id }, data: { closedOn: dateOf(ctx.today), assignDue: null, leadHelperId: null, version: { increment: 1 } },
      });
      records.push({
        action: "assistance.file_close", entityType: "assistance_file", entityId: r.id, householdId: r.id,
        before: { closed: false }, after: { closedOn: ctx.today, assignmentsEnded: released.count }, reason: "不再是监测帮扶对象，帮扶档案关闭",
      });
    } else if (hasOpen && r.file_village !== r.village_code) {
      await db.assistanceFile.update({ where: { householdId: r.id }, data: { villageCode: r.village_code } });
    }
  }
  return records;
}

/** Households whose file disagrees with their standing, or whose village moved. */
const Prisma_sql_all = `(
    ((h.designation IS NOT NULL OR EXISTS (SELECT 1 FROM "case" c WHERE c.household_id = h.id AND c.closed_at IS NULL AND c.assist_first))
      AND (f.household_id IS NULL OR f.closed_on IS NOT NULL))
    OR (f.household_id IS NOT NULL AND f.closed_on IS NULL AND (
      f.village_code <> h.village_code
      OR (h.designation IS NULL AND NOT EXISTS (SELECT 1 FROM "case" c WHERE c.household_id = h.id AND c.closed_at IS NULL AND c.assist_first)))))`;

export type AssistanceFileRow = Prisma.AssistanceFileGetPayload<object>;

export async function findFile(db: Db, householdId: string): Promise<AssistanceFileRow | null> {
  return db.assistanceFile.findUnique({ where: { householdId } });
}

/**
 * Changes the deadlines and class a file carries (the visit, review and
 * assignment services keep them in step with what they record), checking
 * the version when one is given. Returns false on a version conflict.
 */
export async function updateFile(
  db: Db, householdId: string,
  patch: Partial<Pick<AssistanceFileRow, "assignDue" | "leadHelperId" | "riskClass" | "riskClassOn" | "lastVisitOn" | "nextVisitDue" | "lastReviewQuarter" | "planSummary" | "planUpdatedAt">>,
  expectedVersion?: number,
): Promise<boolean> {
  const result = await db.assistanceFile.updateMany({
    where: { householdId, closedOn: null, ...(expectedVersion !== undefined ? { version: expectedVersion } : {}) },
    data: { ...patch, version: { increment: 1 } },
  });
  return result.count === 1;
}
