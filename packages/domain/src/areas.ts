/**
 * Administrative areas: province › city › district › township › village ›
 * natural village. Codes are the 12-digit 统计用区划代码 (DOMAIN.md "Area
 * codes"): province 2, city 2, county 2, township 3, village 3 digits;
 * natural villages append a 3-digit group number. Because the code is
 * hierarchical, "lies within an area" is a prefix test on the significant
 * digits of the area's level.
 */
export const AREA_LEVELS = ["PROVINCE", "CITY", "DISTRICT", "TOWNSHIP", "VILLAGE", "NATURAL_VILLAGE"] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

export const AREA_LEVEL_LABELS: Record<AreaLevel, string> = {
  PROVINCE: "省",
  CITY: "市",
  DISTRICT: "区县",
  TOWNSHIP: "乡镇（街道）",
  VILLAGE: "村（社区）",
  NATURAL_VILLAGE: "自然村（村民小组）",
};

const SIGNIFICANT_DIGITS: Record<AreaLevel, number> = {
  PROVINCE: 2,
  CITY: 4,
  DISTRICT: 6,
  TOWNSHIP: 9,
  VILLAGE: 12,
  NATURAL_VILLAGE: 15,
};

export const CHILD_LEVEL: Record<AreaLevel, AreaLevel | null> = {
  PROVINCE: "CITY",
  CITY: "DISTRICT",
  DISTRICT: "TOWNSHIP",
  TOWNSHIP: "VILLAGE",
  VILLAGE: "NATURAL_VILLAGE",
  NATURAL_VILLAGE: null,
};

/** The code prefix shared by an area and everything below it. */
export function areaScopePrefix(level: AreaLevel, code: string): string {
  return code.slice(0, SIGNIFICANT_DIGITS[level]);
}

export function isWithinArea(scope: { level: AreaLevel; code: string }, targetCode: string): boolean {
  return targetCode.startsWith(areaScopePrefix(scope.level, scope.code));
}

/** Shape check of a code for its level (12 digits, natural villages 15). */
export function isWellFormedAreaCode(level: AreaLevel, code: string): boolean {
  return level === "NATURAL_VILLAGE" ? /^\d{15}$/.test(code) : /^\d{12}$/.test(code);
}
