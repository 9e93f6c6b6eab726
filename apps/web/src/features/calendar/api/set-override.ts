import type { ZCalendarOverrideInput } from "@fanpin/domain/calendar-schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client.ts";
import type { MutationConfig } from "@/lib/react-query.ts";
import type { CalendarOverride } from "./get-overrides.ts";
import { calendarKeys } from "@/lib/query-keys.ts";

export type SetOverrideVariables = { date: string; body: z.output<typeof ZCalendarOverrideInput> };

/** Sets a day to 上班 or 放假, over the data package (audited). */
export function setCalendarOverride({ date, body }: SetOverrideVariables): Promise<CalendarOverride> {
  return api.put<CalendarOverride>(`/api/calendar/overrides/${encodeURIComponent(date)}`, body);
}

export function useSetCalendarOverride(config: MutationConfig<typeof setCalendarOverride> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = config;
  return useMutation({
    ...rest,
    mutationFn: setCalendarOverride,
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: calendarKeys.all });
      return onSuccess?.(...args);
    },
  });
}
