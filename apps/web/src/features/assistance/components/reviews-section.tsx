/** 季度帮扶成效分析：待录入季度、录入表单、历史. (Filled in by V4; the file view composes the sections.) */
export function ReviewsSection(_props: { householdId: string }) {
  return null;
}
