import { describe, expect, it } from "vitest";
import { listQueryFromSearch, searchFromListQuery } from "./list-query.ts";

describe("list query in the URL", () => {
  it("reads filters and falls back to page 1 of 20", () => {
    expect(listQueryFromSearch(new URLSearchParams("areaId=5&category=ORDINARY&designation=NONE&q=张"))).toEqual({
      page: 1,
      pageSize: 20,
      areaId: 5,
      category: "ORDINARY",
      designation: "NONE",
      q: "张",
    });
  });

  it("ignores what a hand-edited URL gets wrong", () => {
    const q = listQueryFromSearch(new URLSearchParams("page=-2&pageSize=7&areaId=abc&category=RICH&designation=x"));
    expect(q).toEqual({ page: 1, pageSize: 20, areaId: undefined, category: undefined, designation: undefined, q: undefined });
  });

  it("writes only what differs from the defaults, and reads back the same", () => {
    const query = { page: 3, pageSize: 50, areaId: 7, category: "LIFTED_WITH_POLICY" as const, q: "1234" };
    const search = searchFromListQuery(query);
    expect(search.toString()).toBe("areaId=7&category=LIFTED_WITH_POLICY&q=1234&page=3&pageSize=50");
    expect(listQueryFromSearch(search)).toEqual({ ...query, designation: undefined });
    expect(searchFromListQuery({ page: 1, pageSize: 20 }).toString()).toBe("");
  });
});
