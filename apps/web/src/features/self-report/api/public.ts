import type {
  PublicArea, PublicVillage, SelfReportChallenge, SelfReportRequest, SelfReportStatus,
} from "@fanpin/domain/detection/self-report-schemas";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/api-client.ts";
import { selfReportKeys } from "@/lib/query-keys.ts";
import { solveChallenge } from "../utils/solve-challenge.ts";

/** The picker's next level: the top areas, or the children of `parentCode` (down to villages). */
export const publicAreasQueryOptions = (parentCode: string | null) =>
  queryOptions({
    queryKey: selfReportKeys.areas(parentCode),
    queryFn: ({ signal }) => api.get<{ areas: PublicArea[] }>("/api/public/villages", { parentCode: parentCode ?? undefined }, signal),
    staleTime: 60 * 60_000,
  });

export function usePublicAreas(parentCode: string | null, enabled = true) {
  return useQuery({ ...publicAreasQueryOptions(parentCode), enabled });
}

/** The village a QR code presets, with its name path. */
export function usePublicVillage(code: string | null) {
  return useQuery({
    queryKey: selfReportKeys.village(code ?? ""),
    queryFn: ({ signal }) => api.get<PublicVillage>(`/api/public/villages/${encodeURIComponent(code!)}`, undefined, signal),
    enabled: Boolean(code),
    staleTime: 60 * 60_000,
    retry: false,
  });
}

/**
 * Sends the report. When the API asks for the proof-of-work challenge (after a few reports from one address), the
 * page solves it and sends again: the villager only sees a short 正在验证 wait.
 */
export async function submitSelfReport(request: SelfReportRequest, onSolving: (solving: boolean) => void): Promise<{ reference: string }> {
  let body = request;
  for (let attempt = 0; ; attempt++) {
    try {
      return await api.post<{ reference: string }>("/api/public/self-reports", body);
    } catch (error) {
      const challenge = error instanceof ApiError && error.code === "SELF_REPORT_CHALLENGE" ? (error.body?.challenge as SelfReportChallenge | undefined) : undefined;
      if (!challenge || attempt >= 2) throw error;
      onSolving(true);
      try {
        body = { ...request, challenge: await solveChallenge(challenge) };
      } finally {
        onSolving(false);
      }
    }
  }
}

export function getSelfReportStatus(reference: string, phoneLast4: string): Promise<SelfReportStatus> {
  return api.get<SelfReportStatus>(`/api/public/self-reports/${encodeURIComponent(reference)}`, { phoneLast4 });
}
