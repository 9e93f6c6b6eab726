/** ISO calendar date, YYYY-MM-DD, in China's time zone. */
export type IsoDate = string;

/** What the procedures need of the working-day calendar (calendar/working-days.ts provides it). */
export type CalendarPort = {
  addWorkingDays(from: IsoDate, n: number): { date: IsoDate; complete: boolean };
  publicityPeriod(postedOn: IsoDate, days: number, rule: { extendEndToWorkingDay: boolean }): { startsOn: IsoDate; endsOn: IsoDate; complete?: boolean };
};
