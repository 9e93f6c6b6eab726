import { CONDITION_KIND_CODES, trackedCriteria, type TrackedFacts } from "@fanpin/domain/assistance/conditions";
import { formatYuan } from "@fanpin/domain/money";
import { Alert } from "antd";
import { useConditions } from "../api/plan.ts";

/**
 * 已跟踪数据: what the household's tracked conditions, incomes and expenses
 * say about risk elimination's criteria. Where they say something, they
 * decide at the submission instead of the typed answer, so the official sees
 * them next to the fields.
 */
export function TrackedNote({ householdId, year }: { householdId: string; year: number | undefined }) {
  const conditions = useConditions(householdId);
  const data = conditions.data;
  if (!data) return null;
  const facts: TrackedFacts = {
    conditions: data.latest.map((c) => ({ kind: c.kind, value: c.value, observedOn: c.observedOn })),
    incomes: data.incomes.map((i) => ({ year: i.year, netYuan: i.netYuan, memberCount: i.memberCount })),
    expenses: data.expenses.map((e) => ({ year: e.year, totalYuan: e.totalYuan })),
  };
  const t = trackedCriteria(facts, year ?? 0);
  const lines: string[] = [];
  if (t.income) lines.push(`${year} 年人均纯收入 ${formatYuan(t.income.perCapitaYuan)} 元（收入台账，代替填写的人均纯收入）`);
  if (t.basicNeeds) {
    lines.push(t.basicNeeds.met ? "“两不愁三保障”及饮水安全：五项最近记录均有保障" : `“两不愁三保障”及饮水安全未保障：${t.basicNeeds.reasons.join("；")}`);
  } else if (data.latest.length) {
    lines.push(`保障情况已记录 ${data.latest.length}/${CONDITION_KIND_CODES.length} 项且有保障，其余按填写的评估判断`);
  }
  if (t.rigidExpenses) lines.push(t.rigidExpenses.met ? "大额刚性支出：最近年度未超过家庭纯收入" : `大额刚性支出：${t.rigidExpenses.reasons.join("；")}`);
  const unmet = (t.basicNeeds && !t.basicNeeds.met) || (t.rigidExpenses && !t.rigidExpenses.met);
  return (
    <Alert
      data-testid="tracked-note"
      type={unmet ? "warning" : "info"}
      showIcon
      style={{ marginBottom: 12 }}
      title="已跟踪数据（报送时以此为准）"
      description={lines.length ? lines.map((l) => <div key={l}>{l}</div>) : "该户尚无跟踪记录，按填写的评估判断"}
    />
  );
}
