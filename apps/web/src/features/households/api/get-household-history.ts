import type { ZAuditEntry } from "@fanpin/domain/audit-schemas";
import type { ZPage } from "@fanpin/domain/pagination";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import { householdKeys } from "@/lib/query-keys.ts";

export type HouseholdHistoryPage = z.infer<ReturnType<typeof ZPage<typeof ZAuditEntry>>>;

export function getHouseholdHistory(id: string, page: number, pageSize: number, signal?: AbortSignal): Promise<HouseholdHistoryPage> {
  return api.get<HouseholdHistoryPage>(`/api/households/${encodeURIComponent(id)}/history`, { page, pageSize }, signal);
}

export const getHouseholdHistoryQueryOptions = (id: string, page = 1, pageSize = 20) =>
  queryOptions({
    queryKey: householdKeys.history(id, { page, pageSize }),
    queryFn: ({ signal }) => getHouseholdHistory(id, page, pageSize, signal),
    placeholderData: keepPreviousData,
    // The trail grows with every read of an ID number: always fetch it fresh.
    staleTime: 0,
  });

export function useHouseholdHistory(id: string, page = 1, pageSize = 20) {
  return useQuery(getHouseholdHistoryQueryOptions(id, page, pageSize));
}
