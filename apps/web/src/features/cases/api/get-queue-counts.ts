import type { QueueCounts, ZQueueCountsQuery } from "@fanpin/domain/queue-count-schemas";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import { queueKeys } from "@/lib/query-keys.ts";

export type QueueCountsQuery = z.output<typeof ZQueueCountsQuery>;

export function getQueueCounts(query: QueueCountsQuery, signal?: AbortSignal): Promise<QueueCounts> {
  return api.get<QueueCounts>("/api/queues/counts", query, signal);
}

/** Every queue tab of the role (case queues with the filters, assistance queues) with its total and overdue count: one call. */
export const getQueueCountsQueryOptions = (query: QueueCountsQuery) =>
  queryOptions({
    queryKey: queueKeys.counts(query),
    queryFn: ({ signal }) => getQueueCounts(query, signal),
    placeholderData: keepPreviousData,
    // Like the queues: deadlines move with the day and others' work.
    staleTime: 0,
  });

export function useQueueCounts(query: QueueCountsQuery = {}) {
  return useQuery(getQueueCountsQueryOptions(query));
}
