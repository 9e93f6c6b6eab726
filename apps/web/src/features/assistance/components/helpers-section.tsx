/** 当前帮扶责任人、安排与调整（含历史）、风险类别、各项期限. (Filled in by V1; the file view composes the sections.) */
export function HelpersSection(_props: { householdId: string }) {
  return null;
}
