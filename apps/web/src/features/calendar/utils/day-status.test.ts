import { describe, expect, it } from "vitest";
import { dayStatus, weekdayOf, yearRanges } from "./day-status.ts";

describe("dayStatus", () => {
  it("marks a weekday off as 休 with its name", () => {
    const s = dayStatus({ date: "2026-10-01", isWorkingDay: false, name: "国庆节", known: true }, undefined);
    expect(s).toMatchObject({ kind: "holiday", badge: "休", name: "国庆节" });
    expect(s.description).toBe("2026-10-01 放假：国庆节");
  });

  it("marks a weekend inside a holiday stretch as 休, a plain weekend as nothing", () => {
    expect(dayStatus({ date: "2026-10-03", isWorkingDay: false, name: "国庆节", known: true }, undefined).badge).toBe("休");
    expect(dayStatus({ date: "2026-11-21", isWorkingDay: false, name: null, known: true }, undefined)).toMatchObject({ kind: "weekend", badge: null });
  });

  it("marks a working Saturday or Sunday as 班", () => {
    expect(dayStatus({ date: "2026-09-27", isWorkingDay: true, name: "国庆节调休上班", known: true }, undefined)).toMatchObject({
      kind: "makeUp",
      badge: "班",
    });
  });

  it("says when a day is an administrator's setting and when its year has no data", () => {
    const s = dayStatus({ date: "2027-01-01", isWorkingDay: false, name: "元旦", known: false }, { isWorkingDay: false, name: "元旦" });
    expect(s.description).toBe("2027-01-01 放假：元旦（管理员调整）（该年节假日未录入，按周一至周五）");
    expect(dayStatus({ date: "2027-01-04", isWorkingDay: true, name: null, known: false }, undefined)).toMatchObject({ kind: "workday", badge: null });
  });
});

describe("weekdayOf / yearRanges", () => {
  it("reads the weekday without a time zone", () => {
    expect(weekdayOf("2026-11-23")).toBe(1);
    expect(weekdayOf("2027-01-01")).toBe(5);
  });

  it("joins consecutive years", () => {
    expect(yearRanges([2004, 2005, 2006, 2027, 2029])).toBe("2004–2006、2027、2029");
    expect(yearRanges([])).toBe("");
  });
});
