/**
 * 职级 (civil-service rank) order, lowest first, for rules that name a
 * minimum rank for the lead helper (Fuzhou: 副科级以上). Several spellings
 * of one rank share its level; a rank not on the list satisfies no minimum.
 */
export const RANK_LEVELS: readonly (readonly string[])[] = [
  ["办事员"],
  ["科员", "一级科员", "二级科员"],
  ["副科级", "副科", "副主任科员", "四级主任科员", "三级主任科员", "乡科级副职"],
  ["正科级", "正科", "主任科员", "二级主任科员", "一级主任科员", "乡科级正职"],
  ["副处级", "副处", "副调研员", "四级调研员", "三级调研员", "县处级副职"],
  ["正处级", "正处", "调研员", "二级调研员", "一级调研员", "县处级正职"],
  ["副厅级", "副厅", "副巡视员", "二级巡视员", "厅局级副职"],
  ["正厅级", "正厅", "巡视员", "一级巡视员", "厅局级正职"],
];

/** The ranks offered in forms, one per level. */
export const RANK_OPTIONS: readonly string[] = RANK_LEVELS.map((names) => names[0]!);

/** The level of a rank (0 = 办事员), or null when it is not a known rank. "副科级以上" reads as 副科级. */
export function rankLevel(rank: string | null | undefined): number | null {
  const r = (rank ?? "").trim().replace(/(以上|及以上)$/, "");
  if (!r) return null;
  const i = RANK_LEVELS.findIndex((names) => names.includes(r));
  return i < 0 ? null : i;
}

/** Whether `rank` satisfies the minimum (no minimum: always; unknown rank: never). */
export function rankSatisfies(rank: string | null | undefined, minimum: string | null | undefined): boolean {
  if (!minimum) return true;
  const min = rankLevel(minimum);
  const level = rankLevel(rank);
  if (min === null) return true;
  return level !== null && level >= min;
}
