import type { ZDistrictOverview } from "@fanpin/domain/case-schemas";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import { queueKeys } from "@/lib/query-keys.ts";

export type DistrictOverview = z.infer<typeof ZDistrictOverview>;

export function getDistrictOverview(signal?: AbortSignal): Promise<DistrictOverview> {
  return api.get<DistrictOverview>("/api/queues/district-overview", undefined, signal);
}

export const getDistrictOverviewQueryOptions = () =>
  queryOptions({
    queryKey: queueKeys.overview(),
    queryFn: ({ signal }) => getDistrictOverview(signal),
    staleTime: 0,
  });

export function useDistrictOverview() {
  return useQuery(getDistrictOverviewQueryOptions());
}
