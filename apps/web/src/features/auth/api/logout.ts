import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { forgetOfflineMe } from "./get-me.ts";

export function logout(): Promise<{ ok: true }> {
  forgetOfflineMe();
  return api.post<{ ok: true }>("/api/auth/logout");
}

/** Ends the session on the server. The caller leaves the signed-in pages first, then clears the cache. */
export function useLogout(config: MutationConfig<typeof logout, void> = {}) {
  return useMutation({ ...config, mutationFn: logout });
}
