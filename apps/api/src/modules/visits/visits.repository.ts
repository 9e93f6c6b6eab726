import type { Db } from "../../db/prisma.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

/** Visits (走访, table visit): written once, never changed; the id is made on the device. */

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

export type VisitRow = Prisma.VisitGetPayload<object>;

export type VisitWrite = {
  id: string;
  householdId: string;
  villageCode: string;
  kind: string;
  visitedOn: string;
  mode: string;
  visitorId: string | null;
  visitorName: string;
  helperId: string | null;
  metWith: string;
  findings: string;
  nextSteps: string | null;
  changes: Prisma.InputJsonValue;
  createdAt: Date;
};

/** Inserts the visit; a second insert of the same id fails on the primary key (the caller compares). */
export async function insertVisit(db: Db, v: VisitWrite): Promise<VisitRow> {
  return db.visit.create({ data: { ...v, visitedOn: dateOf(v.visitedOn) } });
}

export async function findVisit(db: Db, id: string): Promise<VisitRow | null> {
  return db.visit.findUnique({ where: { id } });
}

/** A household's visits, newest first. */
export async function findVisitPage(db: Db, householdId: string, skip: number, take: number): Promise<{ rows: VisitRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    db.visit.findMany({ where: { householdId }, orderBy: [{ visitedOn: "desc" }, { createdAt: "desc" }], skip, take }),
    db.visit.count({ where: { householdId } }),
  ]);
  return { rows, total };
}

/** The helper register entry linked to a user (a HELPER's visits carry it). */
export async function findHelperIdOfUser(db: Db, userId: string): Promise<string | null> {
  return (await db.helper.findUnique({ where: { userId }, select: { id: true } }))?.id ?? null;
}
