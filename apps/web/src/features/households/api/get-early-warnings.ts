import type { HouseholdEarlyWarning } from "@fanpin/domain/detection/early-warning-rules";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";
import { householdKeys } from "@/lib/query-keys.ts";

export function getEarlyWarnings(id: string, signal?: AbortSignal): Promise<{ items: HouseholdEarlyWarning[] }> {
  return api.get<{ items: HouseholdEarlyWarning[] }>(`/api/households/${encodeURIComponent(id)}/early-warnings`, undefined, signal);
}

export const getEarlyWarningsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: householdKeys.earlyWarnings(id),
    queryFn: ({ signal }) => getEarlyWarnings(id, signal),
    // The rules run after changes made elsewhere (incomes, expenses, department lists) and nightly: fetch it fresh.
    staleTime: 0,
  });

export function useEarlyWarnings(id: string) {
  return useQuery(getEarlyWarningsQueryOptions(id));
}
