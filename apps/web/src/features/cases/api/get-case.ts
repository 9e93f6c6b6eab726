import type { CaseDetail } from "@fanpin/domain/case-schemas";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";
import { caseKeys } from "@/lib/query-keys.ts";

export function getCase(id: string, signal?: AbortSignal): Promise<CaseDetail> {
  return api.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`, undefined, signal);
}


export const getCaseQueryOptions = (id: string) =>
  queryOptions({
    queryKey: caseKeys.detail(id),
    queryFn: ({ signal }) => getCase(id, signal),
  });

export function useCase(id: string) {
  return useQuery(getCaseQueryOptions(id));
}
