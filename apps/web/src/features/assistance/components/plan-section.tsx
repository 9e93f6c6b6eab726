/** 帮扶计划、措施（目录选择、状态流转）、享受政策一览. (Filled in by V2; the file view composes the sections.) */
export function PlanSection(_props: { householdId: string }) {
  return null;
}
