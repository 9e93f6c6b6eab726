import { describe, expect, it } from "vitest";
import { leadDeadlineReason, leadFiltersFromSearch, searchFromLeadFilters } from "./lead-query.ts";

describe("lead filters in the URL", () => {
  it("round-trips the filters and drops what the API would refuse", () => {
    const f = leadFiltersFromSearch(new URLSearchParams("view=backlog&bucket=OVERDUE&source=HOTLINE&areaId=7&q=%20张%20&page=2&state=NOPE"));
    expect(f).toMatchObject({ view: "backlog", bucket: "OVERDUE", source: "HOTLINE", areaId: 7, q: "张", page: 2, state: undefined });
    expect(searchFromLeadFilters(f).toString()).toBe("view=backlog&bucket=OVERDUE&source=HOTLINE&areaId=7&q=%E5%BC%A0&page=2");
  });

  it("says the deadline with its reason", () => {
    expect(leadDeadlineReason({ deadline: "2026-12-04", remainingDays: -2, unit: "WORKING_DAYS" })).toBe("应于 2026-12-04 前核实，已逾期 2 个工作日");
    expect(leadDeadlineReason({ deadline: "2026-12-10", remainingDays: 0, unit: "WORKING_DAYS" })).toBe("核实期限 2026-12-10，今日到期");
    expect(leadDeadlineReason(null)).toBeNull();
  });
});
