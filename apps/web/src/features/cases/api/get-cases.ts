import type { CaseSummary, ZCaseListQuery } from "@fanpin/domain/case-schemas";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import { caseKeys } from "@/lib/query-keys.ts";

export type CaseListQuery = Partial<z.output<typeof ZCaseListQuery>>;
export type CasePage = { items: CaseSummary[]; total: number; page: number; pageSize: number };

export function getCases(query: CaseListQuery, signal?: AbortSignal): Promise<CasePage> {
  return api.get<CasePage>("/api/cases", query, signal);
}

export const getCasesQueryOptions = (query: CaseListQuery) =>
  queryOptions({
    queryKey: caseKeys.list(query),
    queryFn: ({ signal }) => getCases(query, signal),
    placeholderData: keepPreviousData,
  });

export function useCases(query: CaseListQuery, options: { enabled?: boolean } = {}) {
  return useQuery({ ...getCasesQueryOptions(query), ...options });
}
