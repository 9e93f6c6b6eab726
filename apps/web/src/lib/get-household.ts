import type { HouseholdDetail } from "@fanpin/domain/household-schemas";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "./api-client.ts";
import { householdKeys } from "@/lib/query-keys.ts";

/**
 * One household (members with masked ID numbers). Shared by the household
 * screens and the case screen's verification form, which edits the
 * household's collection-form data in place; both read and refresh the same
 * cache entry.
 */
export function getHousehold(id: string, signal?: AbortSignal): Promise<HouseholdDetail> {
  return api.get<HouseholdDetail>(`/api/households/${encodeURIComponent(id)}`, undefined, signal);
}


export const getHouseholdQueryOptions = (id: string) =>
  queryOptions({
    queryKey: householdKeys.detail(id),
    queryFn: ({ signal }) => getHousehold(id, signal),
  });

export function useHousehold(id: string) {
  return useQuery(getHouseholdQueryOptions(id));
}
