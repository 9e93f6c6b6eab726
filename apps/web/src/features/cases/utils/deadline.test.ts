import { describe, expect, it } from "vitest";
import { describeDeadline } from "./deadline.ts";

describe("describeDeadline", () => {
  it("says plainly where a deadline stands", () => {
    expect(describeDeadline({ remainingWorkingDays: -3 })).toEqual({ text: "逾期 3 个工作日", tone: "overdue" });
    expect(describeDeadline({ remainingWorkingDays: 0 })).toEqual({ text: "今日到期", tone: "today" });
    expect(describeDeadline({ remainingWorkingDays: 1 })).toEqual({ text: "剩余 1 个工作日", tone: "soon" });
    expect(describeDeadline({ remainingWorkingDays: 4 })).toEqual({ text: "剩余 4 个工作日", tone: "later" });
  });
});
