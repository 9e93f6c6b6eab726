import type { NotificationList } from "@fanpin/domain/notification-schemas";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";
import { notificationKeys } from "@/lib/query-keys.ts";

export function getNotifications(query: { page?: number; pageSize?: number; unreadOnly?: boolean }, signal?: AbortSignal): Promise<NotificationList> {
  return api.get<NotificationList>(
    "/api/notifications",
    { page: query.page, pageSize: query.pageSize, unreadOnly: query.unreadOnly ? "true" : undefined },
    signal,
  );
}

export const getNotificationsQueryOptions = (pageSize = 10) =>
  queryOptions({
    queryKey: notificationKeys.list({ pageSize }),
    queryFn: ({ signal }) => getNotifications({ pageSize }, signal),
    // Notices are written by a job in the background: look again now and then while the app is open.
    refetchInterval: 5 * 60_000,
    refetchIntervalInBackground: false,
    staleTime: 60_000,
  });

export function useNotifications(pageSize = 10) {
  return useQuery(getNotificationsQueryOptions(pageSize));
}
