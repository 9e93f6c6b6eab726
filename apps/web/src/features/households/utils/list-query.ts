import { DESIGNATIONS, HOUSEHOLD_CATEGORIES } from "@fanpin/domain/categories";
import type { ZHouseholdListQuery } from "@fanpin/domain/household-schemas";
import type { z } from "zod";
import { DEFAULT_PAGE_SIZE, oneOf, pageSizeFrom, PAGE_SIZES, positiveInt } from "@/lib/search-params.ts";

/** The list query as the API reads it (page and pageSize always set). */
export type ListQuery = z.output<typeof ZHouseholdListQuery>;

export { DEFAULT_PAGE_SIZE };



/**
 * The list's filters live in the URL (shareable, survive a reload). Anything
 * unknown in a hand-edited URL is ignored rather than sent to the API.
 */
export function listQueryFromSearch(search: URLSearchParams): ListQuery {
  return {
    page: positiveInt(search.get("page")) ?? 1,
    pageSize: pageSizeFrom(search),
    areaId: positiveInt(search.get("areaId")),
    category: oneOf(HOUSEHOLD_CATEGORIES, search.get("category")),
    designation: oneOf([...DESIGNATIONS, "NONE"] as const, search.get("designation")),
    q: search.get("q")?.trim().slice(0, 50) || undefined,
  };
}

export function searchFromListQuery(query: ListQuery): URLSearchParams {
  const search = new URLSearchParams();
  if (query.areaId) search.set("areaId", String(query.areaId));
  if (query.category) search.set("category", query.category);
  if (query.designation) search.set("designation", query.designation);
  if (query.q) search.set("q", query.q);
  if (query.page && query.page !== 1) search.set("page", String(query.page));
  if (query.pageSize && query.pageSize !== DEFAULT_PAGE_SIZE) search.set("pageSize", String(query.pageSize));
  return search;
}

export { PAGE_SIZES };
