import { AREA_LEVELS, areaScopePrefix, type AreaLevel } from "@fanpin/domain/areas";
import type { Db } from "../../db/prisma.ts";

const areaRef = { id: true, code: true, name: true, level: true } as const;

export function findAreaById(db: Db, id: number) {
  return db.area.findUnique({ where: { id }, select: { ...areaRef, parentId: true } });
}

/** Ancestors from the top down to and including the area itself. */
export async function listAreaPath(db: Db, areaId: number) {
  const rows = await db.$queryRaw<{ id: number; code: string; name: string; level: AreaLevel; depth: number }[]>`
    WITH RECURSIVE up AS (
      SELECT id, code, name, level, parent_id, 0 AS depth FROM area WHERE id = ${areaId}
      UNION ALL
      SELECT a.id, a.code, a.name, a.level, a.parent_id, up.depth + 1 FROM area a JOIN up ON a.id = up.parent_id
    )
    SELECT id, code, name, level::text AS level, depth FROM up ORDER BY depth DESC`;
  return rows.map(({ id, code, name, level }) => ({ id, code, name, level }));
}

/** Every area below `scope` (and `scope` itself) down to `maxLevel`, ordered by code. */
export function listAreasWithin(db: Db, scope: { level: AreaLevel; code: string }, maxLevel: AreaLevel) {
  const levels = AREA_LEVELS.slice(0, AREA_LEVELS.indexOf(maxLevel) + 1);
  return db.area.findMany({
    where: { code: { startsWith: areaScopePrefix(scope.level, scope.code) }, level: { in: [...levels] } },
    select: { ...areaRef, parentId: true },
    orderBy: { code: "asc" },
  });
}
