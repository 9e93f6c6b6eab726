import { describe, expect, it } from "vitest";
import { stageOptions, tabsFor } from "./rule-options.ts";
import { ELIMINATION, IDENTIFICATION, ROLLBACK } from "./rules-fixture.test-helpers.ts";

describe("stageOptions", () => {
  const rules = { procedures: [IDENTIFICATION, ROLLBACK, ELIMINATION] };

  it("names each stage as the procedures do, joining different names", () => {
    const options = stageOptions(rules, undefined);
    expect(options.find((o) => o.value === "TOWNSHIP_VERIFICATION")?.label).toBe("入户核实与民主评议／村级民主评议／入户核实评估与民主评议");
    expect(options.find((o) => o.value === "ELIMINATED")?.label).toBe("已标注风险消除");
  });

  it("offers only the stages of the chosen procedure", () => {
    const options = stageOptions(rules, "ROLLBACK").map((o) => o.value);
    expect(options).toContain("DISTRICT_REVIEW");
    expect(options).not.toContain("TOWNSHIP_REVIEW");
    expect(options).not.toContain("ELIMINATED");
  });
});

describe("tabsFor", () => {
  it("gives a role its queues from the rule set, in its order", () => {
    const queues = [
      { name: "district-review", label: "待审核", role: "DISTRICT_REVIEWER" },
      { name: "township-review", label: "待乡镇审核", role: "TOWNSHIP_STAFF" },
      { name: "district-outcome", label: "公示期满待录入", role: "DISTRICT_REVIEWER" },
    ] as const;
    expect(tabsFor([...queues], "DISTRICT_REVIEWER")).toEqual([
      { key: "district-review", label: "待审核", empty: "没有待审核的案件" },
      { key: "district-outcome", label: "公示期满待录入", empty: "没有公示期满待录入认定的案件" },
    ]);
    expect(tabsFor([...queues], "CITY_SUPERVISOR")).toEqual([]);
  });
});
