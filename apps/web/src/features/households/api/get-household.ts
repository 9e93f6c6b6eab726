import type { HouseholdDetail } from "@fanpin/domain/household-schemas";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";

export function getHousehold(id: string, signal?: AbortSignal): Promise<HouseholdDetail> {
  return api.get<HouseholdDetail>(`/api/households/${encodeURIComponent(id)}`, undefined, signal);
}

export const getHouseholdQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ["households", "detail", id],
    queryFn: ({ signal }) => getHousehold(id, signal),
  });

export function useHousehold(id: string) {
  return useQuery(getHouseholdQueryOptions(id));
}
