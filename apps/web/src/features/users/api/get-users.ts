import type { ZPage } from "@fanpin/domain/pagination";
import type { USER_STATES, ZUser } from "@fanpin/domain/user-schemas";
import type { Role } from "@fanpin/domain/roles";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import { userKeys } from "@/lib/query-keys.ts";

export type UserPage = z.infer<ReturnType<typeof ZPage<typeof ZUser>>>;
/** Paged; searched by name, username or the whole phone number; filtered by role, area (with its subtree) and state. */
export type UserListQuery = {
  page: number; pageSize: number; q?: string; role?: Role; areaId?: number; state?: (typeof USER_STATES)[number];
};

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
