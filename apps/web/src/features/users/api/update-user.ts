import type { User, ZUpdateUserRequest } from "@fanpin/domain/user-schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { userKeys } from "@/lib/query-keys.ts";

export type UpdateUserVariables = { id: string; body: z.input<typeof ZUpdateUserRequest> };

/** Name, phone, role and area (a changed role or area signs the user out), enable/disable, lift a lock-out. */
export function updateUser({ id, body }: UpdateUserVariables): Promise<User> {
  return api.patch<User>(`/api/users/${encodeURIComponent(id)}`, body);
}

export function useUpdateUser(config: MutationConfig<typeof updateUser> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: updateUser,
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: userKeys.lists() });
      return onSuccess?.(...args);
    },
  });
}
