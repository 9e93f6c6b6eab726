import type { CaseDetail } from "@fanpin/domain/case-schemas";
import { CASE_ACTIONS, type CaseAction } from "@fanpin/domain/procedures/actions";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { caseKeys, invalidateAfterCaseChange } from "@/lib/query-keys.ts";

/** The actions a person takes (END_PUBLICITY is the system's, when time passes). */
export type PersonAction = Exclude<CaseAction, "END_PUBLICITY">;

export type CaseActionVariables = {
  caseId: string;
  action: PersonAction;
  /** The version of the case the user saw; a stale one is refused with VERSION_CONFLICT. */
  version: number;
  /** Absent for actions without a record (报送). */
  record?: unknown;
};

export function performCaseAction({ caseId, action, version, record }: CaseActionVariables): Promise<CaseDetail> {
  return api.post<CaseDetail>(
    `/api/cases/${encodeURIComponent(caseId)}/${CASE_ACTIONS[action].path}`,
    record === undefined ? { version } : { version, record },
  );
}

export function usePerformCaseAction(config: MutationConfig<typeof performCaseAction> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: performCaseAction,
    onSuccess: async (updated, ...args) => {
      queryClient.setQueryData(caseKeys.detail(updated.id), updated);
      await invalidateAfterCaseChange(queryClient, updated.household.id);
      return onSuccess?.(updated, ...args);
    },
  });
}
