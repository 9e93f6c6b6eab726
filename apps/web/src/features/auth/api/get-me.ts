import type { MeResponse } from "@fanpin/domain/auth-schemas";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";

export function getMe(signal?: AbortSignal): Promise<MeResponse> {
  return api.get<MeResponse>("/api/auth/me", undefined, signal);
}

export const ME_QUERY_KEY = ["auth", "me"] as const;

export const getMeQueryOptions = () =>
  queryOptions({
    queryKey: ME_QUERY_KEY,
    queryFn: ({ signal }) => getMe(signal),
    staleTime: 5 * 60_000,
    retry: false,
  });

/** The signed-in user, role and area. Routes under the protected layout can rely on it being loaded. */
export function useMe() {
  return useQuery(getMeQueryOptions());
}
