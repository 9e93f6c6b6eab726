import type { ZQueueQuery, ZQueueResponse } from "@fanpin/domain/case-schemas";
import type { QueueName } from "@fanpin/domain/queues";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import { queueKeys } from "@/lib/query-keys.ts";

export type QueueQuery = z.output<typeof ZQueueQuery>;
export type QueueResponse = z.infer<typeof ZQueueResponse>;

export function getQueue(name: QueueName, query: QueueQuery, signal?: AbortSignal): Promise<QueueResponse> {
  return api.get<QueueResponse>(`/api/queues/${name}`, query, signal);
}

export const getQueueQueryOptions = (name: QueueName, query: QueueQuery) =>
  queryOptions({
    queryKey: queueKeys.queue(name, query),
    queryFn: ({ signal }) => getQueue(name, query, signal),
    placeholderData: keepPreviousData,
    // Deadlines move with the day and others' work: a queue is read fresh when shown again.
    staleTime: 0,
  });

export function useQueue(name: QueueName, query: QueueQuery, options: { enabled?: boolean } = {}) {
  return useQuery({ ...getQueueQueryOptions(name, query), ...options });
}
