import type { CalendarPort, IsoDate } from "../procedures/calendar-port.ts";
import type { DetectionRules } from "./detection-rules.ts";

/**
 * 日汇总、周核实 (seed 003): a clue gathered on a day is handed to the township
 * on the next working day and verified within the rule set's time from then.
 */
export function leadDeadlines(receivedOn: IsoDate, rules: DetectionRules, calendar: CalendarPort): { handedOn: IsoDate; deadline: IsoDate; complete: boolean } {
  const handed = calendar.addWorkingDays(receivedOn, 1);
  const rule = rules.verifyWithin;
  const deadline = rule.unit === "WORKING_DAYS"
    ? calendar.addWorkingDays(handed.date, rule.days)
    : { date: new Date(Date.parse(`${handed.date}T00:00:00Z`) + rule.days * 86_400_000).toISOString().slice(0, 10), complete: true };
  return { handedOn: handed.date, deadline: deadline.date, complete: handed.complete && deadline.complete };
}
