import type { CaseDetail } from "@fanpin/domain/case-schemas";
import type {
  LeadBacklog, LeadDetail, LeadFigures, LeadPage, ZReceiveLeadRequest, ZDismissLeadRequest, ZLeadFiguresQuery, ZLeadListQuery,
  ZOpenCaseFromLeadRequest, ZReceivedLead,
} from "@fanpin/domain/detection/lead-schemas";
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { caseKeys, invalidateAfterCaseChange, invalidateAfterLeadChange, leadKeys } from "@/lib/query-keys.ts";

export type LeadListQuery = z.output<typeof ZLeadListQuery> | Omit<z.output<typeof ZLeadListQuery>, "status"> & { status?: "open" | "closed" | "all" };
export type LeadFiguresQuery = Partial<z.output<typeof ZLeadFiguresQuery>>;
export type ReceiveLeadRequest = z.input<typeof ZReceiveLeadRequest>;
export type ReceivedLead = z.infer<typeof ZReceivedLead>;
export type DismissLeadRequest = z.input<typeof ZDismissLeadRequest>;
export type OpenCaseFromLeadRequest = z.input<typeof ZOpenCaseFromLeadRequest>;

const leadPath = (id: string) => `/api/leads/${encodeURIComponent(id)}`;

export function getLeads(query: LeadListQuery, signal?: AbortSignal): Promise<LeadPage> {
  return api.get<LeadPage>("/api/leads", query, signal);
}

export function useLeads(query: LeadListQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    ...queryOptions({
      queryKey: leadKeys.list(query),
      queryFn: ({ signal }) => getLeads(query, signal),
      placeholderData: keepPreviousData,
      // Deadlines move with the day and others' work, as a case queue's.
      staleTime: 0,
    }),
    ...options,
  });
}

export const getLeadQueryOptions = (id: string) =>
  queryOptions({
    queryKey: leadKeys.detail(id),
    queryFn: ({ signal }) => api.get<LeadDetail>(leadPath(id), undefined, signal),
  });

export function useLead(id: string) {
  return useQuery(getLeadQueryOptions(id));
}

export function useLeadBacklog(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: leadKeys.backlog(),
    queryFn: ({ signal }) => api.get<LeadBacklog>("/api/leads/backlog", undefined, signal),
    staleTime: 0,
    ...options,
  });
}

export function useLeadFigures(query: LeadFiguresQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: leadKeys.figures(query),
    queryFn: ({ signal }) => api.get<LeadFigures>("/api/leads/figures", query, signal),
    placeholderData: keepPreviousData,
    ...options,
  });
}

/** 登记线索: a staff member's clue; the answer says whether it merged into an open lead. */
export function receiveLead(body: ReceiveLeadRequest): Promise<ReceivedLead> {
  return api.post<ReceivedLead>("/api/leads", body);
}

export function useReceiveLead(config: MutationConfig<typeof receiveLead> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: receiveLead,
    onSuccess: async (received, ...args) => {
      await invalidateAfterLeadChange(queryClient);
      return onSuccess?.(received, ...args);
    },
  });
}

export function dismissLead({ id, ...body }: DismissLeadRequest & { id: string }): Promise<LeadDetail> {
  return api.post<LeadDetail>(`${leadPath(id)}/dismiss`, body);
}

export function useDismissLead(config: MutationConfig<typeof dismissLead> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: dismissLead,
    onSuccess: async (lead, variables, ...args) => {
      queryClient.setQueryData(leadKeys.detail(lead.id), lead);
      await invalidateAfterLeadChange(queryClient);
      return onSuccess?.(lead, variables, ...args);
    },
  });
}

export type OpenedFromLead = { lead: LeadDetail; case: CaseDetail };

/** 立案: the verified lead opens the identification case; the answer is the lead as closed and the new case. */
export function openCaseFromLead({ id, ...body }: OpenCaseFromLeadRequest & { id: string }): Promise<OpenedFromLead> {
  return api.post<OpenedFromLead>(`${leadPath(id)}/open-case`, body);
}

export function useOpenCaseFromLead(config: MutationConfig<typeof openCaseFromLead> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: openCaseFromLead,
    onSuccess: async (opened, ...args) => {
      queryClient.setQueryData(caseKeys.detail(opened.case.id), opened.case);
      await Promise.all([invalidateAfterLeadChange(queryClient), invalidateAfterCaseChange(queryClient, opened.case.household.id)]);
      return onSuccess?.(opened, ...args);
    },
  });
}
