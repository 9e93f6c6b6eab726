import type { MeasureDepartment, MeasurePeriod, MeasureState, MeasureType } from "@fanpin/domain/assistance/rules";
import { fenToYuan, yuanToFen } from "@fanpin/domain/money";
import type { Db } from "../../db/prisma.ts";
import { stringPool } from "../../db/sql.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

/** The measures of the households' plans (一户一策, table assistance_measure). */

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const isoOrNull = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export type MeasureRow = Prisma.AssistanceMeasureGetPayload<object>;

export type MeasureView = {
  id: string; catalogueCode: string; name: string; type: MeasureType; department: MeasureDepartment;
  amountYuan: number | null; period: MeasurePeriod | null; startsOn: string | null; endsOn: string | null; memberName: string | null;
  state: MeasureState; deliveredOn: string | null; stoppedOn: string | null; stopReason: string | null; note: string | null;
  updatedAt: string; version: number;
};

export function toMeasure(r: MeasureRow): MeasureView {
  return {
    id: r.id, catalogueCode: r.catalogueCode, name: r.name, type: r.type as MeasureType, department: r.department as MeasureDepartment,
    amountYuan: r.amountFen === null ? null : fenToYuan(Number(r.amountFen)), period: r.period as MeasurePeriod | null,
    startsOn: isoOrNull(r.startsOn), endsOn: isoOrNull(r.endsOn), memberName: r.memberName, state: r.state as MeasureState,
    deliveredOn: isoOrNull(r.deliveredOn), stoppedOn: isoOrNull(r.stoppedOn), stopReason: r.stopReason, note: r.note,
    updatedAt: r.updatedAt.toISOString(), version: r.version,
  };
}

export async function listMeasures(db: Db, householdId: string): Promise<MeasureView[]> {
  const rows = await db.assistanceMeasure.findMany({ where: { householdId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toMeasure);
}

export async function findMeasure(db: Db, householdId: string, id: string): Promise<MeasureView | null> {
  const row = await db.assistanceMeasure.findFirst({ where: { id, householdId } });
  return row ? toMeasure(row) : null;
}

export type MeasureWrite = {
  householdId: string; villageCode: string; catalogueCode: string; name: string; type: MeasureType; department: MeasureDepartment;
  amountYuan: number | null; period: MeasurePeriod | null; startsOn: string | null; endsOn: string | null; memberName: string | null;
  note: string | null; createdById: string | null;
};

/** `at`: the application's clock (the department lists of a date read the measures created by then). */
export async function insertMeasure(db: Db, m: MeasureWrite, at: Date): Promise<MeasureView> {
  const { amountYuan, startsOn, endsOn, ...rest } = m;
  const row = await db.assistanceMeasure.create({
    data: {
      ...rest, createdAt: at, state: "PLANNED", amountFen: amountYuan === null ? null : BigInt(yuanToFen(amountYuan)),
      startsOn: startsOn ? dateOf(startsOn) : null, endsOn: endsOn ? dateOf(endsOn) : null,
    },
  });
  return toMeasure(row);
}

/** Moves a measure to a state if it is still at `version`; null on a version conflict. */
export async function updateMeasureState(
  db: Db, id: string, version: number,
  change: { state: MeasureState; deliveredOn?: string; stoppedOn?: string; stopReason?: string | null },
): Promise<MeasureView | null> {
  const result = await db.assistanceMeasure.updateMany({
    where: { id, version },
    data: {
      state: change.state, version: { increment: 1 },
      ...(change.deliveredOn ? { deliveredOn: dateOf(change.deliveredOn) } : {}),
      ...(change.stoppedOn ? { stoppedOn: dateOf(change.stoppedOn), stopReason: change.stopReason ?? null } : {}),
    },
  });
  if (result.count !== 1) return null;
  return toMeasure(await db.assistanceMeasure.findUniqueOrThrow({ where: { id } }));
}

export type ListMeasureFact = { householdId: string; name: string; type: MeasureType; department: MeasureDepartment; state: MeasureState };

/**
 * The measures each household had on a date (for the department lists):
 * created before `cutoff` and not stopped by `asOf`; the state on the date is
 * 已落实 once delivered by then, else 落实中 or 计划 as it stands now.
 */
export async function measuresAt(db: Db, householdIds: readonly string[], asOf: string, cutoff: Date): Promise<Map<string, ListMeasureFact[]>> {
  const out = new Map<string, ListMeasureFact[]>();
  if (!householdIds.length) return out;
  // One array parameter, not one per household (a city's ledger asks for ~50,000: beyond a statement's parameters).
  const rows = await db.$queryRaw<{ householdId: string; name: string; type: string; department: string; state: string; deliveredOn: Date | null }[]>`
    SELECT household_id AS "householdId", name, type, department, state, delivered_on AS "deliveredOn"
    FROM assistance_measure
    WHERE household_id = ANY(${[...householdIds]}::uuid[]) AND created_at < ${cutoff}::timestamptz
      AND (stopped_on IS NULL OR stopped_on > ${dateOf(asOf)}::date)
    ORDER BY household_id, created_at`;
  const same = stringPool();
  for (const r of rows) {
    const delivered = r.deliveredOn !== null && isoOrNull(r.deliveredOn)! <= asOf;
    const state: MeasureState = delivered ? "DELIVERED" : r.state === "PLANNED" ? "PLANNED" : "IN_PROGRESS";
    let list = out.get(r.householdId);
    if (!list) out.set(r.householdId, (list = []));
    const householdId = list.length ? list[0]!.householdId : r.householdId;
    list.push({ householdId, name: same(r.name), type: same(r.type) as MeasureType, department: same(r.department) as MeasureDepartment, state });
  }
  return out;
}
