import type { AreaLevel } from "@fanpin/domain/areas";
import type { ZAreaTreeResponse } from "@fanpin/domain/area-schemas";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "./api-client.ts";
import { areaKeys } from "@/lib/query-keys.ts";

export type AreaTreeResponse = z.infer<typeof ZAreaTreeResponse>;

/** The user's area and everything below it, down to `maxLevel`. Shared by the household and user screens. */
export function getAreas(maxLevel: AreaLevel, signal?: AbortSignal): Promise<AreaTreeResponse> {
  return api.get<AreaTreeResponse>("/api/areas", { maxLevel }, signal);
}

export const getAreasQueryOptions = (maxLevel: AreaLevel = "NATURAL_VILLAGE") =>
  queryOptions({
    queryKey: areaKeys.tree(maxLevel),
    queryFn: ({ signal }) => getAreas(maxLevel, signal),
    // Areas change a few times a year.
    staleTime: 10 * 60_000,
  });

export function useAreas(maxLevel: AreaLevel = "NATURAL_VILLAGE") {
  return useQuery(getAreasQueryOptions(maxLevel));
}
