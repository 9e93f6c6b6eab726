import { describe, expect, it } from "vitest";
import { LINYI_RULES, WEIHAI_RULES } from "../procedures/rules.ts";
import {
  isReportDay, LINYI_REPORT_CALENDAR as LINYI, nextReportDay, previousListAsOf, previousReportDay, reportAsOf, reportDaysBetween,
  reportDaysInMonth, WEIHAI_REPORT_CALENDAR as WEIHAI,
} from "./report-calendar.ts";

describe("report calendar", () => {
  it("Weihai: ledger on the 15th and 29th, lists on the 16th and 30th", () => {
    expect(reportDaysInMonth(WEIHAI, "LEDGER", 2026, 11)).toEqual(["2026-11-15", "2026-11-29"]);
    expect(reportDaysInMonth(WEIHAI, "DEPARTMENT_LIST", 2026, 11)).toEqual(["2026-11-16", "2026-11-30"]);
    expect(reportDaysInMonth(WEIHAI, "DEPARTMENT_LIST", 2026, 12)).toEqual(["2026-12-16", "2026-12-30"]);
  });

  it("Weihai in February: the 29th and the 30th fall on the last day of February, ledger and list on the same day", () => {
    expect(reportDaysInMonth(WEIHAI, "LEDGER", 2027, 2)).toEqual(["2027-02-15", "2027-02-28"]);
    expect(reportDaysInMonth(WEIHAI, "DEPARTMENT_LIST", 2027, 2)).toEqual(["2027-02-16", "2027-02-28"]);
    expect(isReportDay(WEIHAI, "LEDGER", "2027-02-28")).toBe(true);
    expect(isReportDay(WEIHAI, "DEPARTMENT_LIST", "2027-02-28")).toBe(true);
  });

  it("Weihai in a leap year (2028): the ledger on 29 February, the list too (no 30th)", () => {
    expect(reportDaysInMonth(WEIHAI, "LEDGER", 2028, 2)).toEqual(["2028-02-15", "2028-02-29"]);
    expect(reportDaysInMonth(WEIHAI, "DEPARTMENT_LIST", 2028, 2)).toEqual(["2028-02-16", "2028-02-29"]);
    expect(isReportDay(WEIHAI, "LEDGER", "2028-02-28")).toBe(false);
  });

  it("two days of one kind that land on the same date are one report", () => {
    const cal = { name: "t", days: { LEDGER: [29, 30, 31], DEPARTMENT_LIST: [1], MONTHLY_STATISTICS: [31] } };
    expect(reportDaysInMonth(cal, "LEDGER", 2027, 2)).toEqual(["2027-02-28"]);
    expect(reportDaysInMonth(cal, "LEDGER", 2027, 4)).toEqual(["2027-04-29", "2027-04-30"]);
  });

  it("Linyi: both on the 1st and 15th", () => {
    expect(reportDaysInMonth(LINYI, "LEDGER", 2027, 2)).toEqual(["2027-02-01", "2027-02-15"]);
    expect(reportDaysInMonth(LINYI, "DEPARTMENT_LIST", 2028, 2)).toEqual(["2028-02-01", "2028-02-15"]);
    expect(isReportDay(LINYI, "LEDGER", "2026-11-16")).toBe(false);
  });

  it("is part of the local rules a deployment chooses", () => {
    expect(WEIHAI_RULES.reportCalendar).toBe(WEIHAI);
    expect(LINYI_RULES.reportCalendar).toBe(LINYI);
  });

  it("finds report days over a range, across months and years", () => {
    expect(reportDaysBetween(WEIHAI, "LEDGER", "2026-12-20", "2027-01-31")).toEqual(["2026-12-29", "2027-01-15", "2027-01-29"]);
    expect(reportDaysBetween(LINYI, "DEPARTMENT_LIST", "2026-11-15", "2026-11-15")).toEqual(["2026-11-15"]);
    expect(reportDaysBetween(WEIHAI, "LEDGER", "2026-11-16", "2026-11-28")).toEqual([]);
  });

  it("previous and next report days", () => {
    expect(previousReportDay(WEIHAI, "DEPARTMENT_LIST", "2026-11-30")).toBe("2026-11-16");
    expect(previousReportDay(WEIHAI, "DEPARTMENT_LIST", "2026-11-16")).toBe("2026-10-30");
    expect(previousReportDay(WEIHAI, "DEPARTMENT_LIST", "2027-03-16")).toBe("2027-02-28");
    expect(previousReportDay(LINYI, "LEDGER", "2027-01-01")).toBe("2026-12-15");
    expect(nextReportDay(WEIHAI, "LEDGER", "2027-02-16")).toBe("2027-02-28");
    expect(nextReportDay(WEIHAI, "LEDGER", "2026-11-29")).toBe("2026-11-29");
  });

  it("a report carries the data at the end of the day before; the previous list's data date likewise", () => {
    expect(reportAsOf("2027-03-01")).toBe("2027-02-28");
    // The list sent on 30 Nov (data of the 29th) compares with the list sent on 16 Nov (data of the 15th).
    expect(previousListAsOf(WEIHAI, "2026-11-29")).toBe("2026-11-15");
    // Any date between: the last list sent on or before the next day.
    expect(previousListAsOf(WEIHAI, "2026-11-20")).toBe("2026-11-15");
    expect(previousListAsOf(WEIHAI, "2026-11-15")).toBe("2026-10-29");
    expect(previousListAsOf(LINYI, "2026-11-14")).toBe("2026-10-31");
  });
});
