import { describe, expect, it } from "vitest";
import { createOfficialWorkingDayCalendar } from "../calendar/official-data.ts";
import {
  assignmentDeadline, nextVisitDue, previousQuarter, quarterBounds, quarterOf, reviewDeadline, reviewDue, type Quarter,
} from "./deadlines.ts";
import { DEFAULT_ASSISTANCE_RULES as RULES, FUZHOU_ASSISTANCE_RULES } from "./rules.ts";

// The official calendar (chinese-days): 2026 National Day runs 10-01..10-07, with 10-10 (Saturday) a make-up working day;
// 09-25 is the Mid-Autumn Festival. Years it does not cover count Monday to Friday.
const cal = createOfficialWorkingDayCalendar();

describe("assignmentDeadline (5 working days after the file opens)", () => {
  it("counts over a weekend", () => {
    // Friday 2026-11-20: Mon 23 … Fri 27.
    expect(assignmentDeadline("2026-11-20", RULES, cal)).toBe("2026-11-27");
    // Friday 2026-11-27: Mon 30 Nov … Fri 4 Dec.
    expect(assignmentDeadline("2026-11-27", RULES, cal)).toBe("2026-12-04");
  });

  it("skips the 2026 National Day holiday and counts its make-up Saturday", () => {
    // Tue 09-29: 09-30, 10-08, 10-09, 10-10 (调休上班), 10-12.
    expect(assignmentDeadline("2026-09-29", RULES, cal)).toBe("2026-10-12");
  });

  it("follows the rule's number of days", () => {
    expect(assignmentDeadline("2026-11-20", { ...FUZHOU_ASSISTANCE_RULES, assignWithinWorkingDays: 1 }, cal)).toBe("2026-11-23");
  });
});

describe("nextVisitDue", () => {
  it("is 30 days after the opening without a class, moved off a holiday to the next working day", () => {
    // 2026-09-01 + 30 = 10-01 (National Day) → 10-08.
    expect(nextVisitDue(null, "2026-09-01", null, RULES, cal)).toBe("2026-10-08");
    expect(nextVisitDue(null, "2026-09-01", null, { ...RULES, visitDueOnWorkingDay: false }, cal)).toBe("2026-10-01");
  });

  it("follows the class: A every 15 days, B and C every 30, from the last visit", () => {
    expect(nextVisitDue(null, "2026-09-01", "A", RULES, cal)).toBe("2026-09-16");
    expect(nextVisitDue("2026-11-02", "2026-09-01", "A", RULES, cal)).toBe("2026-11-17");
    expect(nextVisitDue("2026-11-02", "2026-09-01", "B", RULES, cal)).toBe("2026-12-02");
    expect(nextVisitDue("2026-11-02", "2026-09-01", "C", RULES, cal)).toBe("2026-12-02");
    // Saturday 2026-11-21 + 15 = Sunday 12-06 → Monday 12-07.
    expect(nextVisitDue("2026-11-21", "2026-09-01", "A", RULES, cal)).toBe("2026-12-07");
  });
});

describe("quarters", () => {
  it("quarterOf", () => {
    expect(quarterOf("2026-01-01")).toBe("2026-Q1");
    expect(quarterOf("2026-03-31")).toBe("2026-Q1");
    expect(quarterOf("2026-04-01")).toBe("2026-Q2");
    expect(quarterOf("2026-09-30")).toBe("2026-Q3");
    expect(quarterOf("2026-10-01")).toBe("2026-Q4");
    expect(quarterOf("2026-12-31")).toBe("2026-Q4");
  });

  it("quarterBounds, including February of a leap year", () => {
    expect(quarterBounds("2026-Q1")).toEqual({ firstDay: "2026-01-01", lastDay: "2026-03-31" });
    expect(quarterBounds("2026-Q2")).toEqual({ firstDay: "2026-04-01", lastDay: "2026-06-30" });
    expect(quarterBounds("2026-Q3")).toEqual({ firstDay: "2026-07-01", lastDay: "2026-09-30" });
    expect(quarterBounds("2026-Q4")).toEqual({ firstDay: "2026-10-01", lastDay: "2026-12-31" });
    expect(quarterBounds("2028-Q1").lastDay).toBe("2028-03-31");
  });

  it("previousQuarter crosses the year boundary", () => {
    expect(previousQuarter("2027-Q1")).toBe("2026-Q4");
    expect(previousQuarter("2026-Q4")).toBe("2026-Q3");
    expect(previousQuarter("2026-Q2")).toBe("2026-Q1");
  });
});

describe("reviewDeadline (10 working days after the quarter's last day)", () => {
  it("skips the National Day holiday for Q3", () => {
    // 09-30 → 10-08, 09, 10 (Sat, make-up), 12, 13, 14, 15, 16, 19, 20.
    expect(reviewDeadline("2026-Q3", RULES, cal)).toBe("2026-10-20");
  });
  it("counts into the next year for Q4", () => {
    // 2027 lies beyond the calendar data: Monday to Friday from 2027-01-01.
    expect(reviewDeadline("2026-Q4", RULES, cal)).toBe("2027-01-14");
  });
  it("Q2", () => {
    expect(reviewDeadline("2026-Q2", RULES, cal)).toBe("2026-07-14");
  });
});

describe("reviewDue", () => {
  it("is the last ended quarter's review while not recorded", () => {
    expect(reviewDue("2026-11-23", "2026-08-01", null, RULES, cal)).toEqual({ quarter: "2026-Q3", deadline: "2026-10-20" });
    expect(reviewDue("2026-11-23", "2026-08-01", "2026-Q2", RULES, cal)).toEqual({ quarter: "2026-Q3", deadline: "2026-10-20" });
  });

  it("is nothing once that quarter (or a later one) is reviewed", () => {
    expect(reviewDue("2026-11-23", "2026-08-01", "2026-Q3", RULES, cal)).toBeNull();
    expect(reviewDue("2026-11-23", "2026-08-01", "2026-Q4", RULES, cal)).toBeNull();
  });

  it("is due for a file opened in the quarter's last week, and not for one opened after it", () => {
    expect(reviewDue("2026-10-09", "2026-09-28", null, RULES, cal)).toEqual({ quarter: "2026-Q3", deadline: "2026-10-20" });
    expect(reviewDue("2026-10-09", "2026-09-30", null, RULES, cal)?.quarter).toBe("2026-Q3");
    expect(reviewDue("2026-10-09", "2026-10-01", null, RULES, cal)).toBeNull();
  });

  it("crosses the year boundary: in January the last year's Q4 is due", () => {
    expect(reviewDue("2027-01-05", "2026-12-25", null, RULES, cal)).toEqual({ quarter: "2026-Q4", deadline: "2027-01-14" });
    expect(reviewDue("2027-01-05", "2026-12-25", "2026-Q3", RULES, cal)?.quarter).toBe("2026-Q4");
    expect(reviewDue("2026-01-05", "2025-06-01", null, RULES, cal)?.quarter).toBe("2025-Q4" as Quarter);
  });
});

// Visit deadlines in detail (recorded with the visits).
describe("nextVisitDue in detail", () => {
  it("counts from the file's opening while nobody has visited, 30 days without a class", () => {
    expect(nextVisitDue(null, "2026-11-02", null, RULES, cal)).toBe("2026-12-02"); // Wednesday
  });

  it("follows the risk class: A every 15 days, B and C every 30", () => {
    expect(nextVisitDue("2026-11-02", "2026-06-01", "A", RULES, cal)).toBe("2026-11-17");
    expect(nextVisitDue("2026-11-02", "2026-06-01", "B", RULES, cal)).toBe("2026-12-02");
    expect(nextVisitDue("2026-11-02", "2026-06-01", "C", RULES, cal)).toBe("2026-12-02");
  });

  it("moves a due date on a weekend to the Monday", () => {
    // 2026-11-05 + 30 = Saturday 2026-12-05.
    expect(nextVisitDue("2026-11-05", "2026-06-01", null, RULES, cal)).toBe("2026-12-07");
    // Class A: 2026-11-06 + 15 = Saturday 2026-11-21.
    expect(nextVisitDue("2026-11-06", "2026-06-01", "A", RULES, cal)).toBe("2026-11-23");
  });

  it("moves a due date in the National Day holiday to the first working day after it", () => {
    // 2026-09-01 + 30 = 2026-10-01 (国庆节, holiday to 10-07).
    expect(cal.isWorkingDay("2026-10-01")).toBe(false);
    const due = nextVisitDue("2026-09-01", "2026-06-01", null, RULES, cal);
    expect(due).toBe(cal.nextWorkingDay("2026-10-07"));
    expect(due > "2026-10-07").toBe(true);
    expect(cal.isWorkingDay(due)).toBe(true);
    // Class A: 2026-09-16 + 15 = 2026-10-01 too.
    expect(nextVisitDue("2026-09-16", "2026-06-01", "A", RULES, cal)).toBe(due);
  });

  it("keeps a non-working due date when the rule does not move it", () => {
    expect(nextVisitDue("2026-11-05", "2026-06-01", null, { ...RULES, visitDueOnWorkingDay: false }, cal)).toBe("2026-12-05");
  });
});
