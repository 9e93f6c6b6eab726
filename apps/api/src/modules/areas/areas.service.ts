import { AREA_LEVELS, isWithinArea, type AreaLevel } from "@fanpin/domain/areas";
import type { Actor } from "../../lib/actor.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Db } from "../../db/prisma.ts";
import * as repo from "./areas.repository.ts";

/** An area the actor may see, or AREA_NOT_FOUND (areas outside the scope are not revealed). */
export async function getAreaInScope(db: Db, actor: Actor, areaId: number) {
  const area = await repo.findAreaById(db, areaId);
  if (!area || !isWithinArea(actor.area, area.code)) throw new AppError("AREA_NOT_FOUND");
  return area;
}

export async function listAreas(db: Db, actor: Actor, maxLevel: AreaLevel = "NATURAL_VILLAGE") {
  // Never list above the actor's own area.
  const floor = Math.max(AREA_LEVELS.indexOf(maxLevel), AREA_LEVELS.indexOf(actor.area.level));
  return repo.listAreasWithin(db, actor.area, AREA_LEVELS[floor]!);
}
