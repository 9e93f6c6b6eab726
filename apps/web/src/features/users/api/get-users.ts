import type { ZPage } from "@fanpin/domain/pagination";
import type { ZUser } from "@fanpin/domain/user-schemas";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import { userKeys } from "@/lib/query-keys.ts";

export type UserPage = z.infer<ReturnType<typeof ZPage<typeof ZUser>>>;
export type UserListQuery = { page: number; pageSize: number; q?: string };

export function getUsers(query: UserListQuery, signal?: AbortSignal): Promise<UserPage> {
  return api.get<UserPage>("/api/users", query, signal);
}

export const getUsersQueryOptions = (query: UserListQuery) =>
  queryOptions({
    queryKey: userKeys.list(query),
    queryFn: ({ signal }) => getUsers(query, signal),
    placeholderData: keepPreviousData,
  });

export function useUsers(query: UserListQuery) {
  return useQuery(getUsersQueryOptions(query));
}
