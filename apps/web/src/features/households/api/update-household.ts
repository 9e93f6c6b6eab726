import type { HouseholdDetail, UpdateHouseholdRequest } from "@fanpin/domain/household-schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { householdKeys } from "@/lib/query-keys.ts";

export type UpdateHouseholdVariables = { id: string; body: UpdateHouseholdRequest };

export function updateHousehold({ id, body }: UpdateHouseholdVariables): Promise<HouseholdDetail> {
  return api.put<HouseholdDetail>(`/api/households/${encodeURIComponent(id)}`, body);
}

export function useUpdateHousehold(config: MutationConfig<typeof updateHousehold> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: updateHousehold,
    onSuccess: async (updated, ...args) => {
      queryClient.setQueryData(householdKeys.detail(updated.id), updated);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: householdKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: householdKeys.histories(updated.id) }),
      ]);
      return onSuccess?.(updated, ...args);
    },
  });
}
