import type { CaseStage } from "@fanpin/domain/procedures/stages";
import type { Db } from "../../db/prisma.ts";

/**
 * Notices are not stored: a notice is the cases of one village posted on one
 * day (publicity_posted_on), or those of a village still waiting to be posted.
 * Only what a notice may show is selected here — no member, phone or income.
 */
const noticeCaseSelect = {
  id: true,
  category: true,
  procedure: true,
  ruleSet: true,
  monitoringType: true,
  lead: true,
  publicityPostedOn: true,
  household: {
    select: {
      householdNo: true,
      headName: true,
      riskCauses: true,
      naturalVillage: { select: { code: true, name: true } },
    },
  },
} as const;

export const PENDING_STAGE: CaseStage = "PUBLICITY_PENDING";

/** Per village and posting day: how many households were posted together (newest first). */
export function groupPostedNotices(db: Db, scopePrefix: string) {
  return db.case.groupBy({
    by: ["villageCode", "publicityPostedOn"],
    where: { villageCode: { startsWith: scopePrefix }, publicityPostedOn: { not: null } },
    _count: { _all: true },
    orderBy: [{ publicityPostedOn: "desc" }, { villageCode: "asc" }],
  });
}

/** Per village: the households approved and waiting for the notice to be posted. */
export function groupPendingNotices(db: Db, scopePrefix: string) {
  return db.case.groupBy({
    by: ["villageCode"],
    where: { villageCode: { startsWith: scopePrefix }, stage: PENDING_STAGE },
    _count: { _all: true },
    orderBy: { villageCode: "asc" },
  });
}

export function findVillagesByCodes(db: Db, codes: string[]) {
  return db.area.findMany({
    where: { code: { in: codes }, level: "VILLAGE" },
    select: { id: true, code: true, name: true, parent: { select: { id: true, name: true, parent: { select: { name: true } } } } },
  });
}

export function findVillage(db: Db, id: number) {
  return db.area.findFirst({
    where: { id, level: "VILLAGE" },
    select: { id: true, code: true, name: true, parent: { select: { id: true, name: true, parent: { select: { name: true } } } } },
  });
}

/** The cases of one notice: posted on `postedOn` in the village, or (postedOn null) still pending there. */
export function findNoticeCases(db: Db, villageCode: string, postedOn: Date | null) {
  return db.case.findMany({
    where: postedOn ? { villageCode, publicityPostedOn: postedOn } : { villageCode, stage: PENDING_STAGE },
    select: noticeCaseSelect,
    orderBy: [{ household: { householdNo: "asc" } }],
  });
}
export type NoticeCase = Awaited<ReturnType<typeof findNoticeCases>>[number];

/** Where a posted notice hangs: the place of the posting record of any of its cases. */
export async function findPostingPlace(db: Db, caseIds: string[]): Promise<string | null> {
  const event = await db.caseEvent.findFirst({
    where: { caseId: { in: caseIds }, action: "POST_PUBLICITY" },
    orderBy: { at: "desc" },
    select: { record: true },
  });
  const record = event?.record as { place?: unknown } | null | undefined;
  return typeof record?.place === "string" ? record.place : null;
}
