import type { CaseDetail, ZOpenCaseRequest } from "@fanpin/domain/case-schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { caseQueryKey } from "./get-case.ts";

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
      queryClient.setQueryData(caseQueryKey(created.id), created);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["cases", "list"] }),
        queryClient.invalidateQueries({ queryKey: ["queues"] }),
        queryClient.invalidateQueries({ queryKey: ["households", "history", created.household.id] }),
      ]);
      return onSuccess?.(created, ...args);
    },
  });
}
