import type { AssistanceFile, Review, ZReviewInput, ZRiskClassRequest } from "@fanpin/domain/assistance-schemas";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api, ApiError } from "@/lib/api-client.ts";
import { assistanceKeys, invalidateAssistanceQueues, notificationKeys } from "@/lib/query-keys.ts";

/** The household's assistance file (GET /api/assistance/:householdId); null when the household has none reachable. */
export const assistanceFileQueryOptions = (householdId: string) =>
  queryOptions({
    queryKey: assistanceKeys.file(householdId),
    queryFn: async ({ signal }) => {
      try {
        return await api.get<AssistanceFile>(`/api/assistance/${encodeURIComponent(householdId)}`, undefined, signal);
      } catch (error) {
        if (error instanceof ApiError && error.isNotFound) return null;
        throw error;
      }
    },
  });

export function useAssistanceFile(householdId: string) {
  return useQuery(assistanceFileQueryOptions(householdId));
}

export const reviewsQueryOptions = (householdId: string) =>
  queryOptions({
    queryKey: assistanceKeys.reviews(householdId),
    queryFn: ({ signal }) => api.get<Review[]>(`/api/assistance/${encodeURIComponent(householdId)}/reviews`, undefined, signal),
  });

export function useReviews(householdId: string) {
  return useQuery(reviewsQueryOptions(householdId));
}

export type RiskClassResult = { householdId: string; riskClass: string | null; riskClassOn: string | null; nextVisitDue: string; version: number };

/** Both change the file (class, next visit, last quarter reviewed): the household's whole assistance data is reloaded. */
function useHouseholdMutation<I, O>(householdId: string, fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: assistanceKeys.household(householdId) });
      await invalidateAssistanceQueues(queryClient);
      await queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
}

export function useSetRiskClass(householdId: string) {
  return useHouseholdMutation(householdId, (input: z.input<typeof ZRiskClassRequest>) =>
    api.post<RiskClassResult>(`/api/assistance/${encodeURIComponent(householdId)}/risk-class`, input));
}

export function useRecordReview(householdId: string) {
  return useHouseholdMutation(householdId, (input: z.input<typeof ZReviewInput>) =>
    api.post<Review>(`/api/assistance/${encodeURIComponent(householdId)}/reviews`, input));
}
