import type { CreateHouseholdRequest, HouseholdDetail } from "@fanpin/domain/household-schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { householdKeys } from "@/lib/query-keys.ts";

export function createHousehold(body: CreateHouseholdRequest): Promise<HouseholdDetail> {
  return api.post<HouseholdDetail>("/api/households", body);
}

export function useCreateHousehold(config: MutationConfig<typeof createHousehold> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: createHousehold,
    onSuccess: async (created, ...args) => {
      queryClient.setQueryData(householdKeys.detail(created.id), created);
      await queryClient.invalidateQueries({ queryKey: householdKeys.lists() });
      return onSuccess?.(created, ...args);
    },
  });
}
