import type {
  AssistanceFile, Helper, HelperAccount, ZAssignRequest, ZAssistanceQueueResponse, ZHelperInput, ZHelperList, ZHelperUpdate,
} from "@fanpin/domain/assistance-schemas";
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import { assistanceKeys, invalidateAssistanceQueues } from "@/lib/query-keys.ts";

/** Helper register, the file's header, assignment and the assistance queues. */

export type HelperList = z.infer<typeof ZHelperList>;
export type HelperListQuery = { page: number; pageSize: number; q?: string; areaId?: number; active?: "true" | "false" };

export const helpersQueryOptions = (query: HelperListQuery) =>
  queryOptions({
    queryKey: assistanceKeys.helperList(query),
    queryFn: ({ signal }) => api.get<HelperList>("/api/helpers", query, signal),
    placeholderData: keepPreviousData,
  });
export const useHelpers = (query: HelperListQuery, enabled = true) => useQuery({ ...helpersQueryOptions(query), enabled });

export const useHelperAccounts = (enabled = true) =>
  useQuery({
    queryKey: [...assistanceKeys.helpers(), "accounts"],
    queryFn: ({ signal }) => api.get<{ items: HelperAccount[] }>("/api/helpers/accounts", undefined, signal),
    enabled,
  });

export function useSaveHelper() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; body: z.input<typeof ZHelperUpdate> } | { id: null; body: z.input<typeof ZHelperInput> }) =>
      v.id ? api.patch<Helper>(`/api/helpers/${encodeURIComponent(v.id)}`, v.body) : api.post<Helper>("/api/helpers", v.body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: assistanceKeys.helpers() }),
  });
}

export const fileQueryOptions = (householdId: string) =>
  queryOptions({
    queryKey: assistanceKeys.file(householdId),
    queryFn: ({ signal }) => api.get<AssistanceFile>(`/api/assistance/${encodeURIComponent(householdId)}`, undefined, signal),
  });
export const useAssistanceFile = (householdId: string) => useQuery(fileQueryOptions(householdId));

export function useAssign(householdId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ZAssignRequest>) => api.post<AssistanceFile>(`/api/assistance/${encodeURIComponent(householdId)}/assignments`, body),
    onSuccess: async (file) => {
      queryClient.setQueryData(assistanceKeys.file(householdId), file);
      await Promise.all([
        invalidateAssistanceQueues(queryClient),
        queryClient.invalidateQueries({ queryKey: assistanceKeys.helpers() }),
      ]);
    },
  });
}

export type AssistanceQueueResponse = z.infer<typeof ZAssistanceQueueResponse>;
export type AssistanceQueueParams = { page?: number; pageSize?: number; bucket?: string; q?: string; areaId?: number };

export const useAssistanceQueue = (name: string, params: AssistanceQueueParams = {}) =>
  useQuery({
    queryKey: assistanceKeys.queue(name, params),
    queryFn: ({ signal }) => api.get<AssistanceQueueResponse>(`/api/assistance/queues/${encodeURIComponent(name)}`, params, signal),
    placeholderData: keepPreviousData,
  });
