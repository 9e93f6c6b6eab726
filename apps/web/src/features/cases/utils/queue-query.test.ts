import { describe, expect, it } from "vitest";
import { filtersFromSearch, searchFromFilters } from "./queue-query.ts";

describe("queue filters in the URL", () => {
  it("round-trips the filters", () => {
    const search = new URLSearchParams("tab=township-returned&bucket=OVERDUE&areaId=12&category=ORDINARY&procedure=RISK_ELIMINATION&monitoringType=EDGE_AT_RISK&q=王&page=2&pageSize=50");
    const filters = filtersFromSearch(search);
    expect(filters).toEqual({
      tab: "township-returned", bucket: "OVERDUE", areaId: 12, category: "ORDINARY", procedure: "RISK_ELIMINATION", monitoringType: "EDGE_AT_RISK", stage: undefined, status: undefined, q: "王", page: 2, pageSize: 50,
    });
    expect(searchFromFilters(filters).toString()).toBe(search.toString());
  });

  it("ignores what the API would refuse", () => {
    expect(filtersFromSearch(new URLSearchParams("bucket=SOON&areaId=-1&category=X&procedure=CHANGE&monitoringType=Y&page=0&pageSize=7&stage=NOPE"))).toEqual({
      tab: undefined, bucket: undefined, areaId: undefined, category: undefined, procedure: undefined, monitoringType: undefined, stage: undefined, status: undefined, q: undefined, page: 1, pageSize: 20,
    });
  });
});
