import { describe, expect, it } from "vitest";
import { createOfficialWorkingDayCalendar } from "../calendar/official-data.ts";
import { DEFAULT_DETECTION_RULES } from "./detection-rules.ts";
import { leadDeadlines } from "./lead-deadlines.ts";

const calendar = createOfficialWorkingDayCalendar();

describe("leadDeadlines", () => {
  it("hands a Friday's clue over on Monday and wants it verified within that working week", () => {
    // 2026-12-04 is a Friday; Monday 7th is the hand-over, five working days later the 14th.
    expect(leadDeadlines("2026-12-04", DEFAULT_DETECTION_RULES, calendar)).toEqual({ handedOn: "2026-12-07", deadline: "2026-12-14", complete: true });
  });
  it("skips the National Day holiday", () => {
    // 2026-09-30 (Wed): the holiday runs 10-01..10-07, 10-10 (Sat) is a make-up working day.
    const r = leadDeadlines("2026-09-30", DEFAULT_DETECTION_RULES, calendar);
    expect(r.handedOn).toBe("2026-10-08");
  });
});
