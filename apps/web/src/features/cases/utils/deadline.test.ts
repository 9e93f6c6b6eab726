import { describe, expect, it } from "vitest";
import { describeDeadline } from "./deadline.ts";

describe("describeDeadline", () => {
  it("says plainly where a deadline in working days stands", () => {
    const w = (remainingDays: number) => describeDeadline({ remainingDays, unit: "WORKING_DAYS" });
    expect(w(-3)).toEqual({ text: "逾期 3 个工作日", tone: "overdue" });
    expect(w(0)).toEqual({ text: "今日到期", tone: "today" });
    expect(w(1)).toEqual({ text: "剩余 1 个工作日", tone: "soon" });
    expect(w(4)).toEqual({ text: "剩余 4 个工作日", tone: "later" });
  });

  it("counts a publicity in calendar days", () => {
    const c = (remainingDays: number) => describeDeadline({ remainingDays, unit: "CALENDAR_DAYS" });
    expect(c(-1)).toEqual({ text: "逾期 1 天", tone: "overdue" });
    expect(c(0)).toEqual({ text: "今日到期", tone: "today" });
    expect(c(1)).toEqual({ text: "剩余 1 天", tone: "soon" });
    expect(c(5)).toEqual({ text: "剩余 5 天", tone: "later" });
  });
});
