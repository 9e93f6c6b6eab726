import { z } from "zod";
import { zLine, zMultiline } from "./text.ts";
import "./zod-zh.ts";

const ZIsoDate = z.iso.date("日期格式应为 YYYY-MM-DD");

export const ZWorkingDaysQuery = z.object({
  from: ZIsoDate,
  days: z.coerce.number().int("工作日数须为整数").min(0, "工作日数不能为负").max(366, "工作日数最多 366"),
});
export const ZWorkingDaysResponse = z.object({ date: z.string(), complete: z.boolean() });
export const ZDayResponse = z.object({ date: z.string(), isWorkingDay: z.boolean(), name: z.string().nullable(), known: z.boolean() });

export const ZCalendarCoverage = z.object({
  coveredYears: z.array(z.number().int()),
  /** Years entered by administrators (as overrides) rather than by the data package. */
  administratorYears: z.array(z.object({ year: z.number().int(), source: z.string() })),
  dataSource: z.string(),
  today: z.string(),
  /** Years within the warning horizon that have no data: enter the State Council notice before they arrive. */
  yearsNeedingData: z.array(z.number().int()),
  warning: z.string().nullable(),
});

export const ZCalendarOverrideInput = z.object({
  isWorkingDay: z.boolean({ error: "请选择上班或放假" }),
  name: zLine().max(50).optional(),
  note: zMultiline().max(500).optional(),
});
export const ZCalendarOverride = z.object({
  date: z.string(),
  isWorkingDay: z.boolean(),
  name: z.string().nullable(),
  note: z.string().nullable(),
});
export const ZCalendarYearInput = z.object({
  year: z.number().int().min(2000).max(2100),
  source: zLine().min(1, "请填写依据（如国务院办公厅通知文号）").max(200),
});
