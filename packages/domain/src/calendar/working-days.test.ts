import cd from "chinese-days";
import { describe, expect, it } from "vitest";
import chineseDaysTables from "chinese-days/dist/chinese-days.json" with { type: "json" };
import {
  OFFICIAL_DATA_SOURCE,
  OFFICIAL_YEARS,
  chineseHolidayName,
  createOfficialWorkingDayCalendar,
} from "./official-data.ts";
import {
  addCalendarDays,
  calendarDaysBetween,
  createWorkingDayCalendar,
  isIsoDate,
  todayInChina,
  type IsoDate,
  type YearData,
} from "./working-days.ts";

const official = createOfficialWorkingDayCalendar();

function eachDay(first: IsoDate, last: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = first; d <= last; d = addCalendarDays(d, 1)) days.push(d);
  return days;
}

function working(cal: { isWorkingDay(d: IsoDate): boolean }, first: IsoDate, last: IsoDate): IsoDate[] {
  return eachDay(first, last).filter((d) => cal.isWorkingDay(d));
}

describe("official data from chinese-days", () => {
  it("covers a contiguous range found in the data (2004–2026 in 1.5.7)", () => {
    const years = OFFICIAL_YEARS.map((y) => y.year);
    expect(OFFICIAL_DATA_SOURCE).toEqual({ package: "chinese-days", version: expect.stringMatching(/^1\.\d+\.\d+$/) });
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBeGreaterThanOrEqual(2026);
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2004 + i));
    expect(official.coveredYears()).toEqual(years);
    expect(official.isYearCovered(2026)).toBe(true);
    expect(official.isYearCovered(2003)).toBe(false);
  });

  it("uses every entry of the package's tables, with Chinese names", () => {
    const holidays = OFFICIAL_YEARS.flatMap((y) => y.holidays);
    const makeUps = OFFICIAL_YEARS.flatMap((y) => y.makeUpWorkdays);
    expect(holidays).toHaveLength(Object.keys(chineseDaysTables.holidays).length);
    expect(makeUps).toHaveLength(Object.keys(chineseDaysTables.workdays).length);
    const names = new Set([...holidays, ...makeUps].map((d) => d.name));
    const known = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节", "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"];
    for (const name of names) expect(known).toContain(name);
    for (const y of OFFICIAL_YEARS) {
      for (const d of [...y.holidays, ...y.makeUpWorkdays]) expect(d.date.startsWith(`${y.year}-`)).toBe(true);
      // make-up workdays are weekend days
      for (const d of y.makeUpWorkdays) expect([0, 6]).toContain(new Date(`${d.date}T00:00:00Z`).getUTCDay());
    }
    expect(chineseHolidayName("Mid-autumn Festival,中秋,1")).toBe("中秋节");
    expect(chineseHolidayName("Some New Day,新节日,1")).toBe("新节日");
  });

  it("agrees with the package's own API on every day of the covered years", () => {
    const years = official.coveredYears();
    for (const day of eachDay(`${years[0]}-01-01`, `${years.at(-1)}-12-31`)) {
      if (official.isWorkingDay(day) !== cd.getDayDetail(day).work) throw new Error(`mismatch on ${day}`);
    }
  });
});

describe("ordinary weeks", () => {
  it("Monday–Friday work, weekends off, names only for special days", () => {
    // 2025-11-10 is a Monday, no holidays that month
    expect(working(official, "2025-11-10", "2025-11-16")).toEqual([
      "2025-11-10",
      "2025-11-11",
      "2025-11-12",
      "2025-11-13",
      "2025-11-14",
    ]);
    expect(official.dayInfo("2025-11-15")).toEqual({ date: "2025-11-15", isWorkingDay: false, name: null, known: true });
    expect(official.dayInfo("2025-11-17")).toEqual({ date: "2025-11-17", isWorkingDay: true, name: null, known: true });
  });

  it("next and previous working day skip weekends", () => {
    expect(official.nextWorkingDay("2025-11-14")).toBe("2025-11-17");
    expect(official.nextWorkingDay("2025-11-15")).toBe("2025-11-17");
    expect(official.nextWorkingDay("2025-11-17")).toBe("2025-11-18");
    expect(official.previousWorkingDay("2025-11-17")).toBe("2025-11-14");
    expect(official.previousWorkingDay("2025-11-16")).toBe("2025-11-14");
  });

  it("rejects malformed dates and counts", () => {
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-1-01")).toBe(false);
    expect(() => official.isWorkingDay("2025-13-01")).toThrow(RangeError);
    expect(() => official.addWorkingDays("2025-11-14", -1)).toThrow(RangeError);
    expect(() => official.addWorkingDays("2025-11-14", 1.5)).toThrow(RangeError);
    expect(() => official.publicityPeriod("2025-11-14", 0)).toThrow(RangeError);
  });
});

describe("2025 National Day and Mid-Autumn (国办发明电〔2024〕12号)", () => {
  it("10-01…10-08 off, make-up Sunday 09-28 and Saturday 10-11", () => {
    for (const day of eachDay("2025-10-01", "2025-10-08")) expect(official.isWorkingDay(day)).toBe(false);
    expect(official.dayInfo("2025-10-01")).toMatchObject({ isWorkingDay: false, name: "国庆节", known: true });
    // the package labels the Mid-Autumn day inside the stretch as such
    expect(official.dayInfo("2025-10-06").name).toBe("中秋节");
    expect(official.dayInfo("2025-09-28")).toEqual({ date: "2025-09-28", isWorkingDay: true, name: "国庆节调休上班", known: true });
    expect(official.dayInfo("2025-10-11")).toEqual({ date: "2025-10-11", isWorkingDay: true, name: "国庆节调休上班", known: true });
    expect(working(official, "2025-09-27", "2025-10-12")).toEqual([
      "2025-09-28",
      "2025-09-29",
      "2025-09-30",
      "2025-10-09",
      "2025-10-10",
      "2025-10-11",
    ]);
  });

  it("addWorkingDays 3 and 5 from the Friday before", () => {
    // 09-27 Sat off, 09-28 Sun works (1), 09-29 (2), 09-30 (3), holiday, 10-09 (4), 10-10 (5)
    expect(official.addWorkingDays("2025-09-26", 3)).toEqual({ date: "2025-09-30", complete: true });
    expect(official.addWorkingDays("2025-09-26", 5)).toEqual({ date: "2025-10-10", complete: true });
    expect(official.addWorkingDays("2025-09-30", 1)).toEqual({ date: "2025-10-09", complete: true });
    // a start on a holiday: the next working days count
    expect(official.addWorkingDays("2025-10-03", 3)).toEqual({ date: "2025-10-11", complete: true });
  });

  it("n = 0 returns the start date itself", () => {
    expect(official.addWorkingDays("2025-10-03", 0)).toEqual({ date: "2025-10-03", complete: true });
    expect(official.addWorkingDays("2027-03-01", 0)).toEqual({ date: "2027-03-01", complete: true });
  });
});

describe("2026 (国办发明电〔2025〕7号)", () => {
  it("Spring Festival 02-15…02-23 off, Saturdays 02-14 and 02-28 work", () => {
    for (const day of eachDay("2026-02-15", "2026-02-23")) {
      expect(official.dayInfo(day)).toMatchObject({ isWorkingDay: false, name: "春节" });
    }
    expect(official.dayInfo("2026-02-14")).toMatchObject({ isWorkingDay: true, name: "春节调休上班" });
    expect(official.dayInfo("2026-02-28")).toMatchObject({ isWorkingDay: true, name: "春节调休上班" });
    expect(official.isWorkingDay("2026-02-13")).toBe(true);
    expect(official.isWorkingDay("2026-02-24")).toBe(true);
  });

  it("the other 2026 holidays and make-up days", () => {
    const y2026 = OFFICIAL_YEARS.find((y) => y.year === 2026);
    expect(y2026?.makeUpWorkdays).toEqual([
      { date: "2026-01-04", name: "元旦" },
      { date: "2026-02-14", name: "春节" },
      { date: "2026-02-28", name: "春节" },
      { date: "2026-05-09", name: "劳动节" },
      { date: "2026-09-20", name: "国庆节" },
      { date: "2026-10-10", name: "国庆节" },
    ]);
    const stretches: Array<[IsoDate, IsoDate, string]> = [
      ["2026-01-01", "2026-01-03", "元旦"],
      ["2026-04-04", "2026-04-06", "清明节"],
      ["2026-05-01", "2026-05-05", "劳动节"],
      ["2026-06-19", "2026-06-21", "端午节"],
      ["2026-09-25", "2026-09-27", "中秋节"],
      ["2026-10-01", "2026-10-07", "国庆节"],
    ];
    for (const [first, last, name] of stretches) {
      for (const day of eachDay(first, last)) expect(official.dayInfo(day)).toMatchObject({ isWorkingDay: false, name });
    }
    expect(y2026?.holidays).toHaveLength(9 + stretches.reduce((n, [a, b]) => n + eachDay(a, b).length, 0));
  });

  it("addWorkingDays from the Friday before Spring Festival", () => {
    // 02-14 Sat works (1), 02-15…23 off, 02-24 (2), 02-25 (3), 02-26 (4), 02-27 (5)
    expect(official.addWorkingDays("2026-02-13", 3)).toEqual({ date: "2026-02-25", complete: true });
    expect(official.addWorkingDays("2026-02-13", 5)).toEqual({ date: "2026-02-27", complete: true });
  });
});

describe("2020: the Spring Festival extension as overrides", () => {
  // The schedule as announced in November 2019 (国办发明电〔2019〕16号).
  const range = (first: IsoDate, last: IsoDate, name: string) => eachDay(first, last).map((date) => ({ date, name }));
  const announced2020: YearData = {
    year: 2020,
    holidays: [
      ...range("2020-01-01", "2020-01-01", "元旦"),
      ...range("2020-01-24", "2020-01-30", "春节"),
      ...range("2020-04-04", "2020-04-06", "清明节"),
      ...range("2020-05-01", "2020-05-05", "劳动节"),
      ...range("2020-06-25", "2020-06-27", "端午节"),
      ...range("2020-10-01", "2020-10-08", "国庆节"),
    ],
    makeUpWorkdays: [
      { date: "2020-01-19", name: "春节" },
      { date: "2020-02-01", name: "春节" },
      { date: "2020-04-26", name: "劳动节" },
      { date: "2020-05-09", name: "劳动节" },
      { date: "2020-06-28", name: "端午节" },
      { date: "2020-09-27", name: "国庆节" },
      { date: "2020-10-10", name: "国庆节" },
    ],
  };
  // 国办发明电〔2020〕1号: Spring Festival extended to 2 February.
  const extension = ["2020-01-31", "2020-02-01", "2020-02-02"].map((date) => ({
    date,
    isWorkingDay: false,
    name: "春节（延长假期）",
  }));

  it("as announced: back to work on Friday 01-31 and Saturday 02-01", () => {
    const cal = createWorkingDayCalendar({ years: [announced2020] });
    expect(cal.dayInfo("2020-02-01")).toMatchObject({ isWorkingDay: true, name: "春节调休上班" });
    expect(cal.addWorkingDays("2020-01-23", 1).date).toBe("2020-01-31");
    expect(cal.addWorkingDays("2020-01-23", 2).date).toBe("2020-02-01");
  });

  it("with the extension: 01-31 and 02-01 are days off, work resumes Monday 02-03", () => {
    const cal = createWorkingDayCalendar({ years: [announced2020], overrides: extension });
    expect(cal.dayInfo("2020-01-31")).toEqual({ date: "2020-01-31", isWorkingDay: false, name: "春节（延长假期）", known: true });
    expect(cal.dayInfo("2020-02-01").isWorkingDay).toBe(false);
    expect(cal.addWorkingDays("2020-01-23", 1)).toEqual({ date: "2020-02-03", complete: true });
    expect(cal.addWorkingDays("2020-01-23", 5)).toEqual({ date: "2020-02-07", complete: true });
    // the result is what chinese-days already ships for 2020 (it includes the extension)
    const all2020 = eachDay("2020-01-01", "2020-12-31");
    expect(all2020.filter((d) => cal.isWorkingDay(d))).toEqual(all2020.filter((d) => official.isWorkingDay(d)));
    // applying the extension to the official data changes nothing but the names
    const withOverrides = createOfficialWorkingDayCalendar(extension);
    expect(all2020.filter((d) => withOverrides.isWorkingDay(d))).toEqual(all2020.filter((d) => official.isWorkingDay(d)));
  });
});

describe("overrides beat the yearly data", () => {
  const cal = createOfficialWorkingDayCalendar([
    { date: "2026-10-07", isWorkingDay: true, name: "国庆节假期调整为上班" }, // data: holiday
    { date: "2026-10-10", isWorkingDay: false }, // data: make-up Saturday
    { date: "2026-11-16", isWorkingDay: false, name: "抗灾临时放假" }, // ordinary Monday
    { date: "2026-11-21", isWorkingDay: true }, // ordinary Saturday
    { date: "2026-11-23", isWorkingDay: false }, // ordinary Monday…
    { date: "2026-11-23", isWorkingDay: true }, // …later override for the same date wins
  ]);

  it("holiday → working day and make-up day → day off", () => {
    expect(official.isWorkingDay("2026-10-07")).toBe(false);
    expect(cal.dayInfo("2026-10-07")).toEqual({ date: "2026-10-07", isWorkingDay: true, name: "国庆节假期调整为上班", known: true });
    expect(official.isWorkingDay("2026-10-10")).toBe(true);
    // a Saturday off needs no name
    expect(cal.dayInfo("2026-10-10")).toEqual({ date: "2026-10-10", isWorkingDay: false, name: null, known: true });
  });

  it("ordinary days in both directions", () => {
    expect(cal.dayInfo("2026-11-16")).toMatchObject({ isWorkingDay: false, name: "抗灾临时放假" });
    expect(cal.dayInfo("2026-11-21")).toMatchObject({ isWorkingDay: true, name: "调整上班" });
    expect(cal.dayInfo("2026-11-23")).toMatchObject({ isWorkingDay: true, name: null });
    expect(cal.addWorkingDays("2026-11-13", 1)).toEqual({ date: "2026-11-17", complete: true });
    expect(cal.addWorkingDays("2026-11-19", 2)).toEqual({ date: "2026-11-21", complete: true });
  });

  it("an override in a year without data applies but leaves the year uncovered", () => {
    const c = createOfficialWorkingDayCalendar([{ date: "2027-01-01", isWorkingDay: false, name: "元旦" }]);
    expect(c.isYearCovered(2027)).toBe(false);
    expect(c.dayInfo("2027-01-01")).toEqual({ date: "2027-01-01", isWorkingDay: false, name: "元旦", known: false });
    expect(c.addWorkingDays("2026-12-31", 1)).toEqual({ date: "2027-01-04", complete: false });
  });

  it("rejects data listing a date both as holiday and make-up day", () => {
    expect(() =>
      createWorkingDayCalendar({
        years: [{ year: 2030, holidays: [{ date: "2030-02-02", name: "春节" }], makeUpWorkdays: [{ date: "2030-02-02", name: "春节" }] }],
      }),
    ).toThrow(/both/);
  });
});

describe("years without data", () => {
  it("a deadline crossing into 2027 falls back to Monday–Friday and is incomplete", () => {
    expect(official.dayInfo("2027-01-01")).toEqual({ date: "2027-01-01", isWorkingDay: true, name: null, known: false });
    // Mon 2026-12-28 + 5: 12-29, 12-30, 12-31, Fri 2027-01-01 (no data: counted), Mon 01-04
    expect(official.addWorkingDays("2026-12-28", 5)).toEqual({ date: "2027-01-04", complete: false });
    // Thu 2026-12-24 + 3 stays in 2026
    expect(official.addWorkingDays("2026-12-24", 3)).toEqual({ date: "2026-12-29", complete: true });
    expect(official.workingDaysUntil("2026-12-30", "2027-01-04")).toEqual({ days: 3, complete: false });
    expect(official.nextWorkingDay("2027-01-01")).toBe("2027-01-04");
  });

  it("yearsNeedingData warns ahead of the year end", () => {
    expect(official.yearsNeedingData("2026-06-01", 60)).toEqual([]);
    expect(official.yearsNeedingData("2026-11-01", 60)).toEqual([]); // up to 2026-12-31
    expect(official.yearsNeedingData("2026-11-02", 60)).toEqual([2027]);
    expect(official.yearsNeedingData("2027-03-01", 400)).toEqual([2027, 2028]);
    const empty = createWorkingDayCalendar({ years: [] });
    expect(empty.coveredYears()).toEqual([]);
    expect(empty.yearsNeedingData("2025-12-15", 30)).toEqual([2025, 2026]);
  });
});

describe("workingDaysUntil (queue buckets)", () => {
  it("today, next working day, later, overdue on a working day", () => {
    expect(official.workingDaysUntil("2025-11-12", "2025-11-12")).toEqual({ days: 0, complete: true });
    expect(official.workingDaysUntil("2025-11-12", "2025-11-13").days).toBe(1);
    expect(official.workingDaysUntil("2025-11-12", "2025-11-19").days).toBe(5);
    expect(official.workingDaysUntil("2025-11-12", "2025-11-11").days).toBe(-1);
    expect(official.workingDaysUntil("2025-11-17", "2025-11-14").days).toBe(-1); // Friday, seen on Monday
    expect(official.workingDaysUntil("2025-11-18", "2025-11-14").days).toBe(-2);
  });

  it("when today is a weekend", () => {
    // Saturday 2025-11-15
    expect(official.workingDaysUntil("2025-11-15", "2025-11-15").days).toBe(0);
    expect(official.workingDaysUntil("2025-11-15", "2025-11-17").days).toBe(1);
    expect(official.workingDaysUntil("2025-11-15", "2025-11-14").days).toBe(-1);
    expect(official.workingDaysUntil("2025-11-16", "2025-11-13").days).toBe(-1); // only Friday has passed
    // non-working deadlines (e.g. a publicity end) never read as "today"
    expect(official.workingDaysUntil("2025-11-15", "2025-11-16").days).toBe(1);
    expect(official.workingDaysUntil("2025-11-17", "2025-11-15").days).toBe(-1);
  });

  it("when today is a holiday or a make-up Saturday", () => {
    expect(official.workingDaysUntil("2025-10-03", "2025-10-09").days).toBe(1);
    expect(official.workingDaysUntil("2025-10-03", "2025-10-10").days).toBe(2);
    expect(official.workingDaysUntil("2025-10-03", "2025-09-30").days).toBe(-1);
    expect(official.workingDaysUntil("2025-10-03", "2025-09-29").days).toBe(-1); // only 09-30 has passed
    expect(official.workingDaysUntil("2025-10-09", "2025-09-30").days).toBe(-1);
    expect(official.workingDaysUntil("2025-10-11", "2025-10-10").days).toBe(-1); // make-up Saturday
    expect(official.workingDaysUntil("2025-10-10", "2025-10-11").days).toBe(1);
  });

  it("overdue counts the working days after the deadline, today only when it is one (issue 12)", () => {
    // Deadline Tue 2026-12-01: 12-02, 12-03, 12-04 have passed by the weekend.
    expect(official.workingDaysUntil("2026-12-02", "2026-12-01").days).toBe(-1);
    expect(official.workingDaysUntil("2026-12-04", "2026-12-01").days).toBe(-3);
    expect(official.workingDaysUntil("2026-12-05", "2026-12-01")).toEqual({ days: -3, complete: true });
    expect(official.workingDaysUntil("2026-12-06", "2026-12-01")).toEqual({ days: -3, complete: true });
    expect(official.workingDaysUntil("2026-12-07", "2026-12-01").days).toBe(-4);
    // Friday deadline: the weekend after it is overdue by 1 (never 0), Monday too, Tuesday by 2.
    expect(official.workingDaysUntil("2026-12-05", "2026-12-04").days).toBe(-1);
    expect(official.workingDaysUntil("2026-12-06", "2026-12-04").days).toBe(-1);
    expect(official.workingDaysUntil("2026-12-07", "2026-12-04").days).toBe(-1);
    expect(official.workingDaysUntil("2026-12-08", "2026-12-04").days).toBe(-2);
  });

  it("remaining days seen on a weekend count from the next working day, today never counted", () => {
    expect(official.workingDaysUntil("2026-12-05", "2026-12-07").days).toBe(1); // Sat → Mon
    expect(official.workingDaysUntil("2026-12-06", "2026-12-07").days).toBe(1); // Sun → Mon
    expect(official.workingDaysUntil("2026-12-05", "2026-12-08").days).toBe(2); // Sat → Tue: Mon, Tue
    expect(official.workingDaysUntil("2026-12-04", "2026-12-08").days).toBe(2); // Fri → Tue: Mon, Tue
    expect(official.workingDaysUntil("2026-12-04", "2026-12-11").days).toBe(5);
  });

  it("across the 2026 National Day holiday (10-01…10-07 off, Sun 09-20 and Sat 10-10 worked)", () => {
    // Deadline Wed 09-30: nothing has passed during the holiday, then 10-08, 10-09 and the make-up Saturday 10-10.
    expect(official.workingDaysUntil("2026-10-01", "2026-09-30").days).toBe(-1);
    expect(official.workingDaysUntil("2026-10-05", "2026-09-30").days).toBe(-1);
    expect(official.workingDaysUntil("2026-10-07", "2026-09-30").days).toBe(-1);
    expect(official.workingDaysUntil("2026-10-08", "2026-09-30").days).toBe(-1);
    expect(official.workingDaysUntil("2026-10-09", "2026-09-30").days).toBe(-2);
    expect(official.workingDaysUntil("2026-10-10", "2026-09-30").days).toBe(-3);
    expect(official.workingDaysUntil("2026-10-11", "2026-09-30").days).toBe(-3);
    expect(official.workingDaysUntil("2026-10-12", "2026-09-30").days).toBe(-4);
    // Deadline Tue 09-29 seen during the holiday: only 09-30 has passed.
    expect(official.workingDaysUntil("2026-10-04", "2026-09-29").days).toBe(-1);
    // Remaining: Mon 09-28 → Fri 10-09 is 09-29, 09-30, 10-08, 10-09; from the holiday only 10-08, 10-09.
    expect(official.workingDaysUntil("2026-09-28", "2026-10-09").days).toBe(4);
    expect(official.workingDaysUntil("2026-10-03", "2026-10-09").days).toBe(2);
    expect(official.workingDaysUntil("2026-10-03", "2026-10-08").days).toBe(1);
  });

  it("across the 2026 Spring Festival (02-15…02-23 off, Sat 02-14 and Sat 02-28 worked)", () => {
    // Deadline Fri 02-13: 02-14 (make-up), then nothing until 02-24 … 02-27, and the make-up Saturday 02-28.
    expect(official.workingDaysUntil("2026-02-14", "2026-02-13").days).toBe(-1);
    expect(official.workingDaysUntil("2026-02-21", "2026-02-13").days).toBe(-1);
    expect(official.workingDaysUntil("2026-02-24", "2026-02-13").days).toBe(-2);
    expect(official.workingDaysUntil("2026-02-27", "2026-02-13").days).toBe(-5);
    expect(official.workingDaysUntil("2026-02-28", "2026-02-13").days).toBe(-6);
    expect(official.workingDaysUntil("2026-03-01", "2026-02-13").days).toBe(-6);
    expect(official.workingDaysUntil("2026-03-02", "2026-02-13").days).toBe(-7);
    // Remaining, from a holiday and from the make-up day.
    expect(official.workingDaysUntil("2026-02-13", "2026-02-24").days).toBe(2); // 02-14, 02-24
    expect(official.workingDaysUntil("2026-02-18", "2026-02-24").days).toBe(1);
    expect(official.workingDaysUntil("2026-02-18", "2026-02-28").days).toBe(5);
  });

  it("when today is a make-up working day, today counts as passed", () => {
    // Sun 2026-09-20 is worked (National Day): a deadline of Fri 09-18 is 1 behind (Sat 09-19 is off), of Thu 09-17 2.
    expect(official.workingDaysUntil("2026-09-20", "2026-09-18").days).toBe(-1);
    expect(official.workingDaysUntil("2026-09-20", "2026-09-17").days).toBe(-2);
    expect(official.workingDaysUntil("2026-09-21", "2026-09-18").days).toBe(-2);
    // Sat 2026-02-14 is worked: a deadline of Wed 02-11 is behind by 02-12, 02-13 and 02-14.
    expect(official.workingDaysUntil("2026-02-14", "2026-02-11").days).toBe(-3);
    // …and today itself is never counted towards what remains.
    expect(official.workingDaysUntil("2026-09-20", "2026-09-21").days).toBe(1);
    expect(official.workingDaysUntil("2026-02-14", "2026-02-24").days).toBe(1);
  });

  it("is antisymmetric: the same interval counted either way", () => {
    for (const a of eachDay("2026-09-15", "2026-10-15")) {
      for (const b of eachDay("2026-09-15", "2026-10-15")) {
        expect(official.workingDaysUntil(a, b).days).toBe(-official.workingDaysUntil(b, a).days || 0);
      }
    }
  });

  it("is consistent with addWorkingDays, nextWorkingDay and previousWorkingDay", () => {
    for (const today of eachDay("2025-09-20", "2025-10-20")) {
      for (let n = 1; n <= 10; n++) {
        expect(official.workingDaysUntil(today, official.addWorkingDays(today, n).date).days).toBe(n);
        // n working days after a deadline (a working day) it is overdue by n
        const deadline = official.previousWorkingDay(addCalendarDays(today, 1));
        expect(official.workingDaysUntil(official.addWorkingDays(deadline, n).date, deadline).days).toBe(-n);
      }
      expect(official.workingDaysUntil(today, official.nextWorkingDay(today)).days).toBe(1);
      expect(official.workingDaysUntil(today, official.previousWorkingDay(today)).days).toBe(-1);
    }
  });
});

describe("publicityPeriod (5 days, first day not counted)", () => {
  it("ordinary: posted Tuesday, runs Wednesday…Sunday", () => {
    expect(official.publicityPeriod("2025-11-11", 5)).toEqual({ startsOn: "2025-11-12", endsOn: "2025-11-16", complete: true });
    expect(official.publicityPeriod("2025-11-11", 5, { extendEndToWorkingDay: true })).toEqual({
      startsOn: "2025-11-12",
      endsOn: "2025-11-17",
      complete: true,
    });
  });

  it("over the 2025 National Day holiday, with both settings", () => {
    // posted Tue 09-30: runs 10-01…10-05 (a holiday)
    expect(official.publicityPeriod("2025-09-30", 5)).toEqual({ startsOn: "2025-10-01", endsOn: "2025-10-05", complete: true });
    expect(official.publicityPeriod("2025-09-30", 5, { extendEndToWorkingDay: false }).endsOn).toBe("2025-10-05");
    expect(official.publicityPeriod("2025-09-30", 5, { extendEndToWorkingDay: true })).toEqual({
      startsOn: "2025-10-01",
      endsOn: "2025-10-09",
      complete: true,
    });
    // ending on the make-up Sunday 09-28: a working day, nothing moves
    expect(official.publicityPeriod("2025-09-23", 5, { extendEndToWorkingDay: true }).endsOn).toBe("2025-09-28");
  });

  it("an extension checked against a year without data is incomplete", () => {
    // posted Sat 2026-12-26: ends Thu 2026-12-31, a working day in the data
    expect(official.publicityPeriod("2026-12-26", 5, { extendEndToWorkingDay: true })).toEqual({
      startsOn: "2026-12-27",
      endsOn: "2026-12-31",
      complete: true,
    });
    // posted Mon 2026-12-28: ends Sat 2027-01-02 → Mon 2027-01-04 by the fallback
    expect(official.publicityPeriod("2026-12-28", 5, { extendEndToWorkingDay: true })).toEqual({
      startsOn: "2026-12-29",
      endsOn: "2027-01-04",
      complete: false,
    });
    expect(official.publicityPeriod("2026-12-28", 5).complete).toBe(true);
  });
});

describe("calendar dates", () => {
  it("addCalendarDays crosses months, leap days and years", () => {
    expect(addCalendarDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addCalendarDays("2025-02-28", 1)).toBe("2025-03-01");
    expect(addCalendarDays("2026-12-30", 5)).toBe("2027-01-04");
    expect(addCalendarDays("2026-01-01", -1)).toBe("2025-12-31");
  });

  it("calendarDaysBetween is signed and crosses months and years", () => {
    expect(calendarDaysBetween("2026-12-06", "2026-12-06")).toBe(0);
    expect(calendarDaysBetween("2026-12-06", "2026-12-01")).toBe(-5);
    expect(calendarDaysBetween("2026-12-29", "2027-01-03")).toBe(5);
    expect(calendarDaysBetween("2024-02-28", "2024-03-01")).toBe(2);
  });

  it("todayInChina is UTC+8", () => {
    expect(todayInChina(new Date("2026-11-20T16:30:00Z"))).toBe("2026-11-21");
    expect(todayInChina(new Date("2026-11-20T15:59:59Z"))).toBe("2026-11-20");
    expect(todayInChina(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01");
    expect(() => todayInChina(new Date("nonsense"))).toThrow(RangeError);
  });
});
