import type { ZHouseholdListQuery, ZHouseholdSummary } from "@fanpin/domain/household-schemas";
import type { ZPage } from "@fanpin/domain/pagination";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import { householdKeys } from "@/lib/query-keys.ts";

export type HouseholdListQuery = z.output<typeof ZHouseholdListQuery>;
export type HouseholdPage = z.infer<ReturnType<typeof ZPage<typeof ZHouseholdSummary>>>;

export function getHouseholds(query: HouseholdListQuery, signal?: AbortSignal): Promise<HouseholdPage> {
  return api.get<HouseholdPage>("/api/households", query, signal);
}

export const getHouseholdsQueryOptions = (query: HouseholdListQuery) =>
  queryOptions({
    queryKey: householdKeys.list(query),
    queryFn: ({ signal }) => getHouseholds(query, signal),
    // Paging keeps the previous page on screen until the next one arrives.
    placeholderData: keepPreviousData,
  });

export function useHouseholds(query: HouseholdListQuery) {
  return useQuery(getHouseholdsQueryOptions(query));
}
