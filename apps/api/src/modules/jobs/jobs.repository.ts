import type { Db } from "../../db/prisma.ts";

/** Cases in publicity whose period ended before `day` (YYYY-MM-DD), oldest end first, at most `take`. */
export function findCasesWithPublicityEndedBefore(db: Db, day: string, take: number) {
  return db.case.findMany({
    where: { stage: "PUBLICITY_RUNNING", publicityEndsOn: { lt: new Date(`${day}T00:00:00Z`) } },
    select: { id: true },
    orderBy: { publicityEndsOn: "asc" },
    take,
  });
}
