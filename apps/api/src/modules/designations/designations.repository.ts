import type { Designation, MonitoringType } from "@fanpin/domain/categories";
import type { Db } from "../../db/prisma.ts";
import { Prisma } from "../../generated/prisma/client.ts";

/**
 * Designation periods (designation_period): a household is designated from
 * started_on to the day before ended_on (an open period has no end). The
 * ledgers as of a date read these, not the household row, so a household
 * whose designation ended leaves the ledger from its end date on and stays
 * on the ledgers of the days before; the household keeps every period it
 * ever had, and may be designated again later (a new period).
 *
 * The case engine calls startDesignation / endDesignation in the
 * transaction that changes the household; it updates the household row
 * itself. Neither writes an audit entry: the caller's audit entry (the
 * case's outcome) is the last write of that transaction.
 */

export type DesignationPeriodRow = {
  id: string;
  householdId: string;
  villageCode: string;
  designation: Designation;
  monitoringType: MonitoringType | null;
  startedOn: string;
  startCaseId: string | null;
  endedOn: string | null;
  endCaseId: string | null;
  endReason: string | null;
};

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const isoOf = (d: Date) => d.toISOString().slice(0, 10);

type PeriodRecord = Prisma.DesignationPeriodGetPayload<object>;
function toRow(p: PeriodRecord): DesignationPeriodRow {
  return {
    id: p.id, householdId: p.householdId, villageCode: p.villageCode, designation: p.designation, monitoringType: p.monitoringType,
    startedOn: isoOf(p.startedOn), startCaseId: p.startCaseId, endedOn: p.endedOn ? isoOf(p.endedOn) : null, endCaseId: p.endCaseId,
    endReason: p.endReason,
  };
}

export type StartDesignation = {
  householdId: string;
  villageCode: string;
  designation: Designation;
  monitoringType?: MonitoringType | null;
  /** ISO date (China) the designation takes effect. */
  startedOn: string;
  /** The case that designated the household; null for a designation recorded without one (registration, import). */
  caseId: string | null;
};

/**
 * Opens a period. A household has at most one open period (a partial unique
 * index): starting a second one while the first is open fails with P2002;
 * the caller ends the open one first.
 */
export async function startDesignation(tx: Db, input: StartDesignation): Promise<DesignationPeriodRow> {
  const created = await tx.designationPeriod.create({
    data: {
      householdId: input.householdId, villageCode: input.villageCode, designation: input.designation,
      monitoringType: input.monitoringType ?? null, startedOn: dateOf(input.startedOn), startCaseId: input.caseId,
    },
  });
  return toRow(created);
}

export type EndDesignation = {
  householdId: string;
  /** ISO date (China) from which the household is no longer designated. */
  endedOn: string;
  caseId: string | null;
  reason: string;
};

/**
 * Ends the household's open period; returns it, or null when the household
 * has none. The period's village code is refreshed from the household's
 * current village: the exit is listed where the household lived when it
 * left, even if it moved while designated.
 */
export async function endDesignation(tx: Db, input: EndDesignation): Promise<DesignationPeriodRow | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    UPDATE designation_period p
    SET ended_on = ${dateOf(input.endedOn)}::date, end_case_id = ${input.caseId}::uuid, end_reason = ${input.reason},
        village_code = h.village_code
    FROM household h
    WHERE p.household_id = ${input.householdId}::uuid AND p.ended_on IS NULL AND h.id = p.household_id
    RETURNING p.id`;
  if (!rows.length) return null;
  return toRow(await tx.designationPeriod.findUniqueOrThrow({ where: { id: rows[0]!.id } }));
}

/** Every period of a household, oldest first (its whole history of designations). */
export async function findPeriodsOfHousehold(db: Db, householdId: string): Promise<DesignationPeriodRow[]> {
  const rows = await db.designationPeriod.findMany({ where: { householdId }, orderBy: [{ startedOn: "asc" }, { createdAt: "asc" }] });
  return rows.map(toRow);
}

export type DesignationAt = { designation: Designation; monitoringType: MonitoringType | null; designatedOn: string };

/**
 * Of these households, the designation each had on `asOf` (a China date): a
 * period with started_on <= asOf and no end or an end after asOf.
 */
export async function findDesignationsAt(db: Db, householdIds: string[], asOf: string): Promise<Map<string, DesignationAt>> {
  if (!householdIds.length) return new Map();
  const rows = await db.$queryRaw<{ household_id: string; designation: Designation; monitoring_type: MonitoringType | null; started_on: Date }[]>`
    SELECT DISTINCT ON (p.household_id) p.household_id, p.designation::text AS designation, p.monitoring_type::text AS monitoring_type, p.started_on
    FROM designation_period p
    WHERE p.household_id = ANY(${householdIds}::uuid[])
      AND ${designatedOnSql(asOf)}
    ORDER BY p.household_id, p.started_on DESC`;
  return new Map(rows.map((r) => [r.household_id, { designation: r.designation, monitoringType: r.monitoring_type, designatedOn: isoOf(r.started_on) }]));
}

/** The SQL condition "period p covers the China date asOf", for the report queries. */
export function designatedOnSql(asOf: string): Prisma.Sql {
  return Prisma.sql`p.started_on <= ${dateOf(asOf)}::date AND (p.ended_on IS NULL OR p.ended_on > ${dateOf(asOf)}::date)`;
}

export type EndedPeriod = DesignationPeriodRow & {
  endedOn: string;
  householdNo: string;
  headName: string;
  villageName: string;
  townshipName: string;
  townshipCode: string;
  endCaseNo: string | null;
};

/**
 * Periods ended on or before `asOf` (and after `after`, when given) whose
 * village (where the household lived when it left) starts with `prefix`,
 * with the household's number, head, place and the ending case's number;
 * ordered by village, household number and end date.
 */
export async function findEndedPeriods(db: Db, prefix: string, asOf: string, after?: string): Promise<EndedPeriod[]> {
  const rows = await db.$queryRaw<{
    id: string; household_id: string; village_code: string; designation: Designation; monitoring_type: MonitoringType | null;
    started_on: Date; start_case_id: string | null; ended_on: Date; end_case_id: string | null; end_reason: string | null;
    household_no: string; head_name: string; village_name: string | null; township_name: string | null; township_code: string | null;
    case_no: string | null;
  }[]>`
    SELECT p.id, p.household_id, p.village_code, p.designation::text AS designation, p.monitoring_type::text AS monitoring_type,
      p.started_on, p.start_case_id, p.ended_on, p.end_case_id, p.end_reason,
      h.household_no, h.head_name, v.name AS village_name, t.name AS township_name, t.code AS township_code, c.case_no
    FROM designation_period p
    JOIN household h ON h.id = p.household_id
    LEFT JOIN area v ON v.code = p.village_code AND v.level = 'VILLAGE'
    LEFT JOIN area t ON t.id = v.parent_id
    LEFT JOIN "case" c ON c.id = p.end_case_id
    WHERE p.ended_on IS NOT NULL AND p.ended_on <= ${dateOf(asOf)}::date
      ${after ? Prisma.sql`AND p.ended_on > ${dateOf(after)}::date` : Prisma.empty}
      AND p.village_code LIKE ${`${prefix}%`}
    ORDER BY p.village_code, h.household_no, p.ended_on, p.started_on`;
  return rows.map((r) => ({
    id: r.id, householdId: r.household_id, villageCode: r.village_code, designation: r.designation, monitoringType: r.monitoring_type,
    startedOn: isoOf(r.started_on), startCaseId: r.start_case_id, endedOn: isoOf(r.ended_on), endCaseId: r.end_case_id, endReason: r.end_reason,
    householdNo: r.household_no, headName: r.head_name, villageName: r.village_name ?? "", townshipName: r.township_name ?? "",
    townshipCode: r.township_code ?? "", endCaseNo: r.case_no,
  }));
}

/** Of these households, the periods that ended after `after` and on or before `asOf` (the removals of a list's period). */
export async function findPeriodsEndedBetween(db: Db, householdIds: string[], after: string, asOf: string): Promise<DesignationPeriodRow[]> {
  if (!householdIds.length) return [];
  const rows = await db.designationPeriod.findMany({
    where: { householdId: { in: householdIds }, endedOn: { gt: dateOf(after), lte: dateOf(asOf) } },
    orderBy: [{ endedOn: "asc" }],
  });
  return rows.map(toRow);
}

/**
 * Households registered with a designation (the form or an import of an existing registry) get their
 * open designation period from the designation date, as if a procedure had designated them.
 */
export async function openMissingDesignationPeriods(tx: Db, householdIds: readonly string[]): Promise<void> {
  if (!householdIds.length) return;
  await tx.$executeRaw`
    INSERT INTO designation_period (id, household_id, village_code, designation, monitoring_type, started_on)
    SELECT gen_random_uuid(), h.id, h.village_code, h.designation, h.monitoring_type, COALESCE(h.designated_at, h.created_at::date)
    FROM household h
    WHERE h.id = ANY(${householdIds}::uuid[]) AND h.designation IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM designation_period p WHERE p.household_id = h.id AND p.ended_on IS NULL)`;
}
