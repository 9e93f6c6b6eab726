import type { CreateUserRequest, User } from "@fanpin/domain/user-schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { userKeys } from "@/lib/query-keys.ts";

export function createUser(body: CreateUserRequest): Promise<User> {
  return api.post<User>("/api/users", body);
}

export function useCreateUser(config: MutationConfig<typeof createUser> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: createUser,
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: userKeys.lists() });
      return onSuccess?.(...args);
    },
  });
}
