import type { ZChangePasswordRequest } from "@fanpin/domain/auth-schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { meKeys } from "@/lib/query-keys.ts";

export type ChangePasswordRequest = z.input<typeof ZChangePasswordRequest>;

export function changePassword(body: ChangePasswordRequest): Promise<{ ok: true }> {
  return api.post<{ ok: true }>("/api/auth/password", body);
}

export function useChangePassword(config: MutationConfig<typeof changePassword> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: changePassword,
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: meKeys.all });
      return onSuccess?.(...args);
    },
  });
}
