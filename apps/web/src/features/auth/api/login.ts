import type { LoginRequest, MeResponse } from "@fanpin/domain/auth-schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { meKeys } from "@/lib/query-keys.ts";

export function login(body: LoginRequest): Promise<MeResponse> {
  return api.post<MeResponse>("/api/auth/login", body);
}

export function useLogin(config: MutationConfig<typeof login> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: login,
    onSuccess: (me, ...args) => {
      // A new user on this browser: nothing of the previous one may remain in the cache.
      queryClient.clear();
      queryClient.setQueryData(meKeys.all, me);
      return onSuccess?.(me, ...args);
    },
  });
}
