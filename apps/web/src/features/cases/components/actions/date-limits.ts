import dayjs, { type Dayjs } from "dayjs";

/** Disables days after today and, when given, before `from` (YYYY-MM-DD): the API refuses those dates. */
export function pastDaysFrom(from?: string | null) {
  const first = from ? dayjs(from) : null;
  return (d: Dayjs) => d.isAfter(dayjs(), "day") || (first !== null && d.isBefore(first, "day"));
}
