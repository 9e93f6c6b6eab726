import type { Db } from "../../db/prisma.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

/** The reads of the 帮扶台账 (assistance ledger): open files on a date with their helpers, measures, visits and reviews. */

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
type ReviewRow = Prisma.QuarterlyReviewGetPayload<object>;

/** One open file on a date with what the 帮扶台账 shows of it. */
export type LedgerFileRow = {
  householdId: string;
  householdNo: string;
  headName: string;
  category: string;
  designation: string | null;
  monitoringType: string | null;
  villageName: string;
  townshipName: string;
  riskClass: string | null;
  planSummary: string | null;
};

/** Files open at the end of `asOf` (opened on or before it, not closed by then) of households in the area. */
export async function findLedgerFiles(db: Db, scopePrefix: string, asOf: string): Promise<LedgerFileRow[]> {
  const files = await db.assistanceFile.findMany({
    where: {
      villageCode: { startsWith: scopePrefix },
      openedOn: { lte: dateOf(asOf) },
      OR: [{ closedOn: null }, { closedOn: { gt: dateOf(asOf) } }],
    },
    select: {
      householdId: true, riskClass: true, riskClassOn: true, planSummary: true, villageCode: true,
      household: {
        select: {
          householdNo: true, headName: true, category: true, designation: true, monitoringType: true,
          village: { select: { name: true, parent: { select: { name: true, level: true, parent: { select: { name: true, level: true } } } } } },
        },
      },
    },
    orderBy: [{ villageCode: "asc" }, { household: { householdNo: "asc" } }],
  });
  return files.map((f) => {
    const parent = f.household.village.parent;
    // A village's parent is its township (乡镇); a natural village never holds a household's village id.
    const township = parent?.level === "TOWNSHIP" ? parent.name : parent?.parent?.level === "TOWNSHIP" ? parent.parent.name : (parent?.name ?? "");
    return {
      householdId: f.householdId, householdNo: f.household.householdNo, headName: f.household.headName, category: f.household.category,
      designation: f.household.designation, monitoringType: f.household.monitoringType, villageName: f.household.village.name,
      townshipName: township,
      // The class is kept as it is now; a class set after the date is not the class then.
      riskClass: f.riskClassOn && f.riskClassOn > dateOf(asOf) ? null : f.riskClass,
      planSummary: f.planSummary,
    };
  });
}

export type LedgerExtras = {
  assignments: { householdId: string; role: string; name: string; unit: string }[];
  measures: { householdId: string; name: string; state: string; createdAt: Date; deliveredOn: Date | null; stoppedOn: Date | null }[];
  /** Per household: the last visit up to the date and the visits since `since` (supervisory checks not counted). */
  visits: { householdId: string; lastVisitOn: Date; recent: number }[];
  /** Per household: its latest review up to the date. */
  reviews: ReviewRow[];
};

/**
 * Helpers, measures, visits and reviews of these households, as far as they go back to `asOf`.
 * Visits and reviews are summed up in SQL (a year of monthly visits is twelve rows a household: a
 * district's ledger would otherwise hold a hundred thousand of them in memory). Measures are listed
 * as the file holds them (their state moved back by their delivery and stop dates, in the service).
 */
export async function findLedgerExtras(db: Db, householdIds: string[], asOf: string, since: string): Promise<LedgerExtras> {
  const on = dateOf(asOf);
  const [assignments, measures, visits, reviews] = await Promise.all([
    db.helperAssignment.findMany({
      where: { householdId: { in: householdIds }, startedOn: { lte: on }, OR: [{ endedOn: null }, { endedOn: { gt: on } }] },
      select: { householdId: true, role: true, helper: { select: { name: true, unit: true } } },
      orderBy: [{ startedOn: "asc" }],
    }),
    db.assistanceMeasure.findMany({
      where: { householdId: { in: householdIds } },
      select: { householdId: true, name: true, state: true, createdAt: true, deliveredOn: true, stoppedOn: true },
      orderBy: [{ createdAt: "asc" }],
    }),
    db.$queryRaw<{ household_id: string; last_visit_on: Date; recent: bigint }[]>`
      SELECT household_id, max(visited_on) AS last_visit_on, count(*) FILTER (WHERE visited_on >= ${since}::date) AS recent
        FROM visit
       WHERE household_id = ANY(${householdIds}::uuid[]) AND visited_on <= ${asOf}::date AND kind <> 'SUPERVISORY'
       GROUP BY household_id`,
    db.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT ON (household_id) id FROM quarterly_review
       WHERE household_id = ANY(${householdIds}::uuid[]) AND reviewed_on <= ${asOf}::date
       ORDER BY household_id, quarter DESC`,
  ]);
  return {
    assignments: assignments.map((a) => ({ householdId: a.householdId, role: a.role, name: a.helper.name, unit: a.helper.unit })),
    measures,
    visits: visits.map((v) => ({ householdId: v.household_id, lastVisitOn: v.last_visit_on, recent: Number(v.recent) })),
    reviews: reviews.length ? await db.quarterlyReview.findMany({ where: { id: { in: reviews.map((r) => r.id) } } }) : [],
  };
}
