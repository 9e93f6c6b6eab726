/** 两不愁三保障及饮水安全、年度收入与刚性支出（历史）. (Filled in by V2; the file view composes the sections.) */
export function ConditionsSection(_props: { householdId: string }) {
  return null;
}
