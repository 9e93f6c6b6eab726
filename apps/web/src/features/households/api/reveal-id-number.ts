import type { ZRevealIdResponse } from "@fanpin/domain/household-schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { householdKeys } from "@/lib/query-keys.ts";

export type RevealIdVariables = { householdId: string; memberId: string; reason?: string };
export type RevealIdResponse = z.infer<typeof ZRevealIdResponse>;

/**
 * The full ID number of one member. Each call is written to the audit trail,
 * so it is a mutation (never cached, never refetched on its own) and the
 * number lives only in the state of the screen that asked for it.
 */
export function revealIdNumber({ householdId, memberId, reason }: RevealIdVariables): Promise<RevealIdResponse> {
  return api.post<RevealIdResponse>(
    `/api/households/${encodeURIComponent(householdId)}/members/${encodeURIComponent(memberId)}/reveal-id-number`,
    reason ? { reason } : {},
  );
}

export function useRevealIdNumber(config: MutationConfig<typeof revealIdNumber> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: revealIdNumber,
    gcTime: 0,
    onSuccess: async (data, variables, ...args) => {
      await queryClient.invalidateQueries({ queryKey: householdKeys.histories(variables.householdId) });
      return onSuccess?.(data, variables, ...args);
    },
  });
}
