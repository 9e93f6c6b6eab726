import type { Db } from "../../db/prisma.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

/** Quarterly reviews (季度帮扶成效分析, table quarterly_review) and the assistance ledger's reads. */

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

export type ReviewRow = Prisma.QuarterlyReviewGetPayload<object>;

export function listReviews(db: Db, householdId: string): Promise<ReviewRow[]> {
  return db.quarterlyReview.findMany({ where: { householdId }, orderBy: [{ quarter: "desc" }] });
}

export function findReview(db: Db, householdId: string, quarter: string): Promise<ReviewRow | null> {
  return db.quarterlyReview.findUnique({ where: { householdId_quarter: { householdId, quarter } } });
}

/** Inserts a review; the unique (household, quarter) index refuses a second one, even from a concurrent request. */
export function insertReview(db: Db, data: {
  householdId: string; villageCode: string; quarter: string; reviewedOn: string; incomeChangeFen: bigint | null; riskEased: boolean;
  effect: string; planChanges: string | null; riskClass: string | null; reviewerId: string; reviewerName: string;
}): Promise<ReviewRow> {
  return db.quarterlyReview.create({ data: { ...data, reviewedOn: dateOf(data.reviewedOn) } });
}

/** Open files of an area, by household number (the demo data classes them in a stable order). */
export function listOpenFiles(db: Db, scopePrefix: string) {
  return db.assistanceFile.findMany({
    where: { closedOn: null, villageCode: { startsWith: scopePrefix } },
    select: { householdId: true, openedOn: true, villageCode: true, riskClass: true, lastReviewQuarter: true },
    orderBy: { household: { householdNo: "asc" } },
  });
}
