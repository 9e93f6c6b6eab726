import type { PublicityNotice, PublicityNoticeSummary } from "@fanpin/domain/publicity-schemas";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client.ts";
import { publicityKeys } from "@/lib/query-keys.ts";

export function getNotices(signal?: AbortSignal): Promise<{ items: PublicityNoticeSummary[] }> {
  return api.get<{ items: PublicityNoticeSummary[] }>("/api/publicity-notices", undefined, signal);
}

export const getNoticesQueryOptions = () =>
  queryOptions({
    queryKey: publicityKeys.list(),
    queryFn: ({ signal }) => getNotices(signal),
    // Cases are posted and their periods end while the page is away.
    staleTime: 0,
  });

export function useNotices() {
  return useQuery(getNoticesQueryOptions());
}

export function getNotice(villageId: number, period: string, postedOn: string | undefined, signal?: AbortSignal): Promise<PublicityNotice> {
  return api.get<PublicityNotice>(`/api/publicity-notices/${villageId}/${encodeURIComponent(period)}`, { postedOn }, signal);
}

export const getNoticeQueryOptions = (villageId: number, period: string, postedOn?: string) =>
  queryOptions({
    queryKey: publicityKeys.notice(villageId, period, postedOn ?? null),
    queryFn: ({ signal }) => getNotice(villageId, period, postedOn, signal),
    staleTime: 0,
  });

export function useNotice(villageId: number, period: string, postedOn?: string) {
  return useQuery(getNoticeQueryOptions(villageId, period, postedOn));
}
