/**
 * The State Council holiday schedules as published in the npm package
 * `chinese-days`, as `YearData` for `createWorkingDayCalendar`.
 *
 * The package's JavaScript API does not expose its tables, so this reads the
 * JSON file it publishes for exactly that purpose (`dist/chinese-days.json`,
 * documented in its README; the same tables its functions use — a test checks
 * every covered day against `getDayDetail`). Parsing and grouping take well
 * under a millisecond at import time.
 *
 * Labels there read "English,中文,N" (N = the statutory number of days of that
 * holiday in that year, unused here), e.g. "National Day,国庆节,3". Holidays
 * include weekend days inside a stretch; make-up workdays carry the name of
 * the holiday they belong to. Entries are grouped by the date's own year (the
 * package files e.g. 2018-12-29…31, which belong to the 2019 New Year, under
 * 2018 — they are 2018 dates either way).
 *
 * A year counts as covered when it has Spring Festival holidays (every annual
 * notice has them); the range is taken from the data, not hard-coded. Note
 * that a covered year's last days may still be changed by the next year's
 * notice (New Year stretches reaching back into December); apply such
 * changes as overrides.
 */
import chineseDaysPackage from "chinese-days/package.json" with { type: "json" };
import chineseDaysTables from "chinese-days/dist/chinese-days.json" with { type: "json" };
import {
  createWorkingDayCalendar,
  type CalendarOverride,
  type NamedDate,
  type WorkingDayCalendar,
  type YearData,
} from "./working-days.ts";

interface ChineseDaysTables {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const tables: ChineseDaysTables = chineseDaysTables;

export const OFFICIAL_DATA_SOURCE: { package: "chinese-days"; version: string } = {
  package: "chinese-days",
  version: chineseDaysPackage.version,
};

/** Chinese names by the package's English key. */
const HOLIDAY_NAMES: Record<string, string> = {
  "New Year's Day": "元旦",
  "Spring Festival": "春节",
  "Tomb-sweeping Day": "清明节",
  "Labour Day": "劳动节",
  "Dragon Boat Festival": "端午节",
  "Mid-autumn Festival": "中秋节",
  "National Day": "国庆节",
  // 2015-09-03/04: the 70th anniversary of the victory in the War of Resistance.
  "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
};

/** "National Day,国庆节,3" → "国庆节"; an unknown key falls back to the package's Chinese text. */
export function chineseHolidayName(label: string): string {
  const [english = "", chinese] = label.split(",");
  return HOLIDAY_NAMES[english] ?? chinese ?? label;
}

function buildYears(): YearData[] {
  const byYear = new Map<number, { holidays: NamedDate[]; makeUpWorkdays: NamedDate[] }>();
  const bucket = (date: string) => {
    const year = Number(date.slice(0, 4));
    let entry = byYear.get(year);
    if (!entry) byYear.set(year, (entry = { holidays: [], makeUpWorkdays: [] }));
    return entry;
  };
  for (const [date, label] of Object.entries(tables.holidays)) {
    bucket(date).holidays.push({ date, name: chineseHolidayName(label) });
  }
  for (const [date, label] of Object.entries(tables.workdays)) {
    bucket(date).makeUpWorkdays.push({ date, name: chineseHolidayName(label) });
  }

  const byDate = (a: NamedDate, b: NamedDate) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
  return [...byYear.entries()]
    .filter(([, data]) => data.holidays.some((h) => h.name === "春节"))
    .sort(([a], [b]) => a - b)
    .map(([year, data]) => ({
      year,
      holidays: data.holidays.sort(byDate),
      makeUpWorkdays: data.makeUpWorkdays.sort(byDate),
    }));
}

/** Every year the package covers (2004–2026 in chinese-days 1.5.7), ascending. */
export const OFFICIAL_YEARS: readonly YearData[] = Object.freeze(buildYears());

/** The official calendar with a deployment's overrides applied on top. */
export function createOfficialWorkingDayCalendar(
  overrides: readonly CalendarOverride[] = [],
): WorkingDayCalendar {
  return createWorkingDayCalendar({ years: OFFICIAL_YEARS, overrides });
}
