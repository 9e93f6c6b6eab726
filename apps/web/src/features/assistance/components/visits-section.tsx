/** 走访记录列表与“登记走访”入口. (Filled in by V3; the file view composes the sections.) */
export function VisitsSection(_props: { householdId: string }) {
  return null;
}
