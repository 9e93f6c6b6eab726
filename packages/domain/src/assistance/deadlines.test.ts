import { describe, expect, it } from "vitest";
import { createOfficialWorkingDayCalendar } from "../calendar/official-data.ts";
import { nextVisitDue } from "./deadlines.ts";
import { DEFAULT_ASSISTANCE_RULES } from "./rules.ts";

const cal = createOfficialWorkingDayCalendar();
const rules = DEFAULT_ASSISTANCE_RULES;

describe("nextVisitDue", () => {
  it("counts from the file's opening while nobody has visited, 30 days without a class", () => {
    expect(nextVisitDue(null, "2026-11-02", null, rules, cal)).toBe("2026-12-02"); // Wednesday
  });

  it("follows the risk class: A every 15 days, B and C every 30", () => {
    expect(nextVisitDue("2026-11-02", "2026-06-01", "A", rules, cal)).toBe("2026-11-17");
    expect(nextVisitDue("2026-11-02", "2026-06-01", "B", rules, cal)).toBe("2026-12-02");
    expect(nextVisitDue("2026-11-02", "2026-06-01", "C", rules, cal)).toBe("2026-12-02");
  });

  it("moves a due date on a weekend to the Monday", () => {
    // 2026-11-05 + 30 = Saturday 2026-12-05.
    expect(nextVisitDue("2026-11-05", "2026-06-01", null, rules, cal)).toBe("2026-12-07");
    // Class A: 2026-11-06 + 15 = Saturday 2026-11-21.
    expect(nextVisitDue("2026-11-06", "2026-06-01", "A", rules, cal)).toBe("2026-11-23");
  });

  it("moves a due date in the National Day holiday to the first working day after it", () => {
    // 2026-09-01 + 30 = 2026-10-01 (国庆节, holiday to 10-07).
    expect(cal.isWorkingDay("2026-10-01")).toBe(false);
    const due = nextVisitDue("2026-09-01", "2026-06-01", null, rules, cal);
    expect(due).toBe(cal.nextWorkingDay("2026-10-07"));
    expect(due > "2026-10-07").toBe(true);
    expect(cal.isWorkingDay(due)).toBe(true);
    // Class A: 2026-09-16 + 15 = 2026-10-01 too.
    expect(nextVisitDue("2026-09-16", "2026-06-01", "A", rules, cal)).toBe(due);
  });

  it("keeps a non-working due date when the rule does not move it", () => {
    expect(nextVisitDue("2026-11-05", "2026-06-01", null, { ...rules, visitDueOnWorkingDay: false }, cal)).toBe("2026-12-05");
  });
});
