import type { ZResetPasswordRequest } from "@fanpin/domain/user-schemas";
import { useMutation } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";

export type ResetPasswordVariables = { id: string; body: z.input<typeof ZResetPasswordRequest> };

/** Sets a new initial password; the user must change it at the next sign-in and loses all sessions. */
export function resetPassword({ id, body }: ResetPasswordVariables): Promise<{ ok: true }> {
  return api.post<{ ok: true }>(`/api/users/${encodeURIComponent(id)}/reset-password`, body);
}

export function useResetPassword(config: MutationConfig<typeof resetPassword> = {}) {
  return useMutation({ ...config, mutationFn: resetPassword });
}
