import type { CaseDetail, ZOpenCaseRequest } from "@fanpin/domain/case-schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { caseKeys, invalidateAfterCaseChange } from "@/lib/query-keys.ts";

export type OpenCaseRequest = z.input<typeof ZOpenCaseRequest>;

/** 登记线索、立案: a new case for a household, in the township stage. */
export function openCase(body: OpenCaseRequest): Promise<CaseDetail> {
  return api.post<CaseDetail>("/api/cases", body);
}

export function useOpenCase(config: MutationConfig<typeof openCase> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: openCase,
    onSuccess: async (created, ...args) => {
      queryClient.setQueryData(caseKeys.detail(created.id), created);
      await invalidateAfterCaseChange(queryClient, created.household.id);
      return onSuccess?.(created, ...args);
    },
  });
}
