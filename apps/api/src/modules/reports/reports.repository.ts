import type { Designation, MonitoringType } from "@fanpin/domain/categories";
import type { CaseStage } from "@fanpin/domain/procedures/stages";
import type { SnapshotKind } from "@fanpin/domain/reports/report-calendar";
import type { Db } from "../../db/prisma.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { dataKeys } from "../../lib/data-crypto.ts";
import { ownString, scopeRange, stringPool } from "../../db/sql.ts";
import { designatedOnSql } from "../designations/designations.repository.ts";

/**
 * A household as the audit trail says it was at a moment: the shallow merge
 * of the `after` objects of its entries (household.create / household.update
 * carry the full snapshot, household.designate only category, designation and
 * designatedAt), in order. See docs/decisions/008-ledger-as-of-date.md.
 */
export type HouseholdState = {
  id: string;
  householdNo: string;
  category: string;
  /** As the trail says; the service replaces designation, designatedAt and monitoringType by the periods' (modules/designations). */
  designation: Designation | null;
  designatedAt: string | null;
  monitoringType: MonitoringType | null;
  villageId: number;
  riskCauses: string[];
  income: Record<string, number>;
  members: StateMember[];
};
export type StateMember = {
  id?: string; idNumberSealed?: string;
  name: string; gender: string; idType: string; idNumber: string; relation: string; health: string; schoolStatus: string;
};

/**
 * The state at `cutoff` (exclusive) of every household whose village code
 * starts with `prefix` now, or whose village lay there before the cutoff by
 * its trail (a household that moved out since still counts where it was then),
 * in one statement. Only the entries from each household's last full snapshot
 * on are read (earlier ones are overwritten by it anyway); households without
 * an entry before the cutoff did not exist then. The caller keeps those whose
 * village at the cutoff lies in the area.
 */
export async function findHouseholdStatesAt(
  db: Db, prefix: string, asOf: string, cutoff: Date, options: { reportedOnly?: boolean } = {},
): Promise<HouseholdState[]> {
  const areaVillages = Prisma.sql`SELECT v.id::text FROM area v WHERE v.level = 'VILLAGE' AND ${scopeRange("v.code", prefix)}`;
  // Reports list only households designated or rolled back at the cut-off (decision 011, third round): those are
  // found first, over the whole database (a few percent of the households), and only then is the area asked of
  // them: where they live now (an index-only probe), or, for one living elsewhere now that has entries since the
  // cut-off (it may have moved out since, and still counts where it was then), whether its trail put it in one of
  // the area's villages before the cut-off. Only those few read their trail here; finding the area's households
  // first read every household entry of the trail for moves (1,000,000 entries at 1,000,000 households).
  const scope = options.reportedOnly
    ? Prisma.sql`
          SELECT r.id FROM (
            SELECT p.household_id AS id FROM designation_period p WHERE ${designatedOnSql(asOf)}
            UNION
            SELECT c.household_id FROM "case" c JOIN case_event ce ON ce.case_id = c.id
            WHERE c.category = 'LIFTED_WITHOUT_POLICY' AND ce.to_stage = 'DESIGNATED' AND ce.at < ${cutoff}::timestamptz
          ) r
          -- LATERAL … LIMIT 1: one index probe per candidate, each asked only when the one before says so (as EXISTS,
          -- the planner may hash the whole area's households or the trail since the cut-off instead).
          LEFT JOIN LATERAL (
            SELECT true AS yes FROM household h WHERE h.id = r.id AND ${scopeRange("h.village_code", prefix)} LIMIT 1
          ) now_in ON true
          LEFT JOIN LATERAL (
            SELECT true AS yes FROM audit_entry s
            WHERE now_in.yes IS NULL AND s.household_id = r.id AND s.at >= ${cutoff}::timestamptz AND s.entity_type = 'household' LIMIT 1
          ) changed ON true
          LEFT JOIN LATERAL (
            SELECT true AS yes FROM audit_entry m
            WHERE changed.yes AND m.household_id = r.id AND m.at < ${cutoff}::timestamptz AND m.entity_type = 'household'
              AND m.after->>'villageId' IN (${areaVillages}) LIMIT 1
          ) was_in ON true
          WHERE now_in.yes OR was_in.yes`
    : Prisma.sql`
          SELECT h.id FROM household h WHERE ${scopeRange("h.village_code", prefix)}
          UNION
          SELECT m.household_id FROM audit_entry m
          WHERE m.entity_type = 'household' AND m.at < ${cutoff}::timestamptz
            AND m.after->>'villageId' IN (${areaVillages})`;
  // The households first (ids only), then their states 2,000 at a time: a city's 50,000 households' snapshots
  // parsed at once did not fit the API's 256 MB heap (decision 011, third round).
  const ids = (await db.$queryRaw<{ id: string }[]>`${scope}`).map((r) => r.id);
  const states: HouseholdState[] = [];
  for (let i = 0; i < ids.length; i += STATE_SLICE) {
    const slice = ids.slice(i, i + STATE_SLICE);
    const rows = await db.$queryRaw<{ household_id: string; after: Record<string, unknown> }[]>`
      WITH e AS (
        SELECT a.household_id, a.at, a.id, a.after, (a.after ? 'members') AS full_snapshot
        FROM audit_entry a
        WHERE a.entity_type = 'household'
          AND a.at < ${cutoff}::timestamptz
          AND jsonb_typeof(a.after) = 'object'
          AND a.household_id = ANY(${slice}::uuid[])
      ), last_full AS (
        SELECT DISTINCT ON (household_id) household_id, at, id
        FROM e WHERE full_snapshot
        ORDER BY household_id, at DESC, id DESC
      )
      SELECT e.household_id, e.after
      FROM e JOIN last_full f ON f.household_id = e.household_id
      WHERE (e.at, e.id) >= (f.at, f.id)
      ORDER BY e.household_id, e.at, e.id`;
    const folded = new Map<string, Record<string, unknown>>();
    for (const row of rows) {
      const state = folded.get(row.household_id) ?? {};
      folded.set(row.household_id, Object.assign(state, row.after));
    }
    const sliceStates = [...folded].map(([id, state]) => toState(id, state));
    await openIdNumbers(db, sliceStates.flatMap((s) => s.members));
    for (const st of sliceStates) states.push(st);
  }
  return states;
}

/** Households whose state is read in one statement. */
const STATE_SLICE = 2_000;

/**
 * The trail keeps members' ID numbers masked, with the number encrypted beside
 * it (idNumberSealed, decision 015). Entries written before that carry the
 * masked number only: for them the member's current number is taken, found by
 * the member's id; a member deleted since keeps the masked one.
 */
async function openIdNumbers(db: Db, members: StateMember[]): Promise<void> {
  const keys = dataKeys();
  const missing = new Map<string, StateMember[]>();
  for (const m of members) {
    if (typeof m.idNumberSealed === "string") m.idNumber = keys.decryptText(Buffer.from(m.idNumberSealed, "base64"));
    else if (typeof m.id === "string") missing.set(m.id, [...(missing.get(m.id) ?? []), m]);
    delete m.idNumberSealed;
  }
  if (!missing.size) return;
  const rows = await db.member.findMany({ where: { id: { in: [...missing.keys()] } }, select: { id: true, idNumberEnc: true, disabilitySuffix: true } });
  for (const r of rows) {
    for (const m of missing.get(r.id) ?? []) m.idNumber = keys.decryptText(r.idNumberEnc) + (r.disabilitySuffix ?? "");
  }
}

function toState(id: string, s: Record<string, unknown>): HouseholdState {
  return {
    id,
    householdNo: own(String(s.householdNo ?? "")),
    category: code(String(s.category ?? "")),
    designation: (s.designation as HouseholdState["designation"]) ?? null,
    designatedAt: typeof s.designatedAt === "string" ? own(s.designatedAt) : null,
    monitoringType: (s.monitoringType as MonitoringType | null) ?? null,
    villageId: Number(s.villageId),
    riskCauses: Array.isArray(s.riskCauses) ? (s.riskCauses as string[]).map(code) : [],
    income: (s.income as Record<string, number>) ?? {},
    // Only the fields of StateMember: the trail's snapshots carry every field of the form, and a city's ledger holds
    // 170,000 members at once within the API's 256 MB heap.
    members: Array.isArray(s.members) ? (s.members as Record<string, unknown>[]).map(toStateMember) : [],
  };
}

const codes = stringPool();
const code = (v: unknown) => (typeof v === "string" ? codes(v) : (v as string));
/** Strings kept from the trail's JSON are copies (see ownString). */
const own = (v: unknown) => (typeof v === "string" ? ownString(v) : (v as string));

function toStateMember(m: Record<string, unknown>): StateMember {
  const out: StateMember = {
    name: own(m.name), gender: code(m.gender), idType: code(m.idType), idNumber: own(m.idNumber),
    relation: code(m.relation), health: code(m.health), schoolStatus: code(m.schoolStatus),
  };
  if (m.id !== undefined) out.id = own(m.id);
  if (m.idNumberSealed !== undefined) out.idNumberSealed = m.idNumberSealed as string;
  return out;
}

/**
 * For each of the households, the stage at `cutoff` of its latest case that
 * had begun by then: the target stage of that case's last event before the
 * cutoff. A case opened after the cutoff has no such event and is not seen.
 */
export async function findCaseStagesAt(db: Db, householdIds: string[], cutoff: Date): Promise<Map<string, CaseStage>> {
  if (!householdIds.length) return new Map();
  const rows = await db.$queryRaw<{ household_id: string; stage: CaseStage }[]>`
    SELECT DISTINCT ON (c.household_id) c.household_id, ev.to_stage::text AS stage
    FROM "case" c
    JOIN LATERAL (
      SELECT e.to_stage FROM case_event e
      WHERE e.case_id = c.id AND e.at < ${cutoff}::timestamptz
      ORDER BY e.seq DESC LIMIT 1
    ) ev ON true
    WHERE c.household_id = ANY(${householdIds}::uuid[])
    ORDER BY c.household_id, c.opened_on DESC, c.created_at DESC`;
  return new Map(rows.map((r) => [r.household_id, r.stage]));
}

/** Of these households, those rolled back (a LIFTED_WITHOUT_POLICY case reached DESIGNATED) before `cutoff`. */
export async function findRolledBackAt(db: Db, householdIds: string[], cutoff: Date): Promise<Set<string>> {
  if (!householdIds.length) return new Set();
  const rows = await db.$queryRaw<{ household_id: string }[]>`
    SELECT DISTINCT c.household_id
    FROM "case" c JOIN case_event e ON e.case_id = c.id
    WHERE c.category = 'LIFTED_WITHOUT_POLICY'
      AND c.procedure = 'ROLLBACK' -- a national identification of such a household designates it without rolling it back
      AND e.to_stage = 'DESIGNATED'
      AND e.at < ${cutoff}::timestamptz
      AND c.household_id = ANY(${householdIds}::uuid[])`;
  return new Set(rows.map((r) => r.household_id));
}

/** Villages of the scope with their township, for names and ordering. */
export async function findVillagesInScope(db: Db, prefix: string) {
  return db.area.findMany({
    where: { level: "VILLAGE", code: { startsWith: prefix } },
    select: { id: true, code: true, name: true, parent: { select: { name: true, code: true } } },
  });
}

// ---------------------------------------------------------------- snapshots

/**
 * The exit ledger is stored as a LEDGER with this in the department column
 * (the ledger's is ""): the unique key (kind, department, area, report day)
 * then holds both ledgers of a report day without a new value of the
 * database's ReportKind. Only the two functions below know it.
 */
export const EXIT_LEDGER_DEPARTMENT = "EXITS";

/** The stored rows of a snapshot kind. */
export function snapshotKindWhere(kind: SnapshotKind): Prisma.ReportSnapshotWhereInput {
  if (kind === "EXIT_LEDGER") return { kind: "LEDGER", department: EXIT_LEDGER_DEPARTMENT };
  if (kind === "LEDGER") return { kind: "LEDGER", department: "" };
  return { kind };
}

/** A stored row's snapshot kind and department (null for the ledgers). */
export function snapshotKindOf(row: { kind: Prisma.ReportSnapshotGetPayload<object>["kind"]; department: string }): { kind: SnapshotKind; department: string | null } {
  if (row.kind !== "LEDGER" && row.kind !== "DEPARTMENT_LIST") return { kind: row.kind, department: null };
  if (row.kind === "LEDGER") return { kind: row.department === EXIT_LEDGER_DEPARTMENT ? "EXIT_LEDGER" : "LEDGER", department: null };
  return { kind: row.kind, department: row.department || null };
}

export const snapshotListSelect = {
  id: true, kind: true, department: true, areaCode: true, reportDate: true, asOf: true, fileName: true, sha256: true,
  byteSize: true, rowCount: true, createdAt: true,
} satisfies Prisma.ReportSnapshotSelect;

export async function findSnapshotPage(db: Db, where: Prisma.ReportSnapshotWhereInput, skip: number, take: number) {
  const [items, total] = await Promise.all([
    db.reportSnapshot.findMany({
      where, select: snapshotListSelect, skip, take,
      orderBy: [{ reportDate: "desc" }, { kind: "asc" }, { areaCode: "asc" }, { department: "asc" }],
    }),
    db.reportSnapshot.count({ where }),
  ]);
  return { items, total };
}

export async function findSnapshotKeys(db: Db, reportDates: Date[]) {
  return db.reportSnapshot.findMany({
    where: { reportDate: { in: reportDates } },
    select: { kind: true, department: true, areaCode: true, reportDate: true },
  });
}

export async function findDistricts(db: Db) {
  return db.area.findMany({ where: { level: "DISTRICT" }, select: { code: true, name: true, level: true }, orderBy: { code: "asc" } });
}

export async function findAreaNames(db: Db, codes: string[]) {
  return db.area.findMany({ where: { code: { in: codes } }, select: { code: true, name: true } });
}

/** Stores snapshots; one already stored under the same key (a concurrent run) is skipped. Returns how many were stored. */
export async function insertSnapshots(db: Db, data: Prisma.ReportSnapshotCreateManyInput[]): Promise<number> {
  const { count } = await db.reportSnapshot.createMany({ data, skipDuplicates: true });
  return count;
}

export async function findSnapshotFileInScope(db: Db, id: string, prefix: string) {
  return db.reportSnapshot.findFirst({
    where: { id, areaCode: { startsWith: prefix } },
    select: { id: true, kind: true, department: true, areaCode: true, reportDate: true, fileName: true, content: true, sha256: true },
  });
}
