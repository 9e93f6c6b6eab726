import { QueryClient, type DefaultOptions, type UseMutationOptions } from "@tanstack/react-query";
import { ApiError } from "./api-client.ts";

const queryConfig = {
  queries: {
    // Officials work on one screen at a time; refetching behind their back on focus only surprises them.
    refetchOnWindowFocus: false,
    staleTime: 30_000,
    // A refusal (4xx) will not change on retry; a network blip or a 5xx may.
    retry: (failureCount, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 1,
  },
  mutations: { retry: false },
} satisfies DefaultOptions;

export function createQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: queryConfig });
}

type AnyFn = (...args: never[]) => Promise<unknown>;

/** Extra options a caller may pass to a mutation hook (bulletproof-react's MutationConfig). */
export type MutationConfig<Fn extends AnyFn, Variables = Parameters<Fn>[0]> = Omit<
  UseMutationOptions<Awaited<ReturnType<Fn>>, ApiError, Variables>,
  "mutationFn"
>;
