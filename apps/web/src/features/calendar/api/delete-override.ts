import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import { calendarKeys } from "@/lib/query-keys.ts";

/** Removes an administrator's setting: the day is again as the data package (or Monday–Friday) has it. */
export function deleteCalendarOverride(date: string): Promise<{ ok: true }> {
  return apiRequest<{ ok: true }>(`/api/calendar/overrides/${encodeURIComponent(date)}`, { method: "DELETE" });
}

export function useDeleteCalendarOverride(config: MutationConfig<typeof deleteCalendarOverride> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: deleteCalendarOverride,
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: calendarKeys.all });
      return onSuccess?.(...args);
    },
  });
}
