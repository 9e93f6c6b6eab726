import { RECORD_DATES } from "@fanpin/domain/procedures/record-dates";
import type { CaseAction } from "@fanpin/domain/procedures/actions";
import type { CaseDetail } from "@fanpin/domain/case-schemas";
import type { FormItemProps } from "antd";
import { DateItem } from "@/components/date-field.tsx";
import { serverToday } from "@/lib/api-client.ts";

export { DateField } from "@/components/date-field.tsx";

/**
 * The date of an action's record (入户日期, 公示张贴日期 …): its field name,
 * its words and its range come from the domain's RECORD_DATES, which the API
 * checks with the same messages.
 */
export function RecordDateItem({
  action, caseDetail, label, ...item
}: Omit<FormItemProps, "children" | "rules" | "name"> & { action: CaseAction; caseDetail: CaseDetail }) {
  const spec = RECORD_DATES[action];
  if (!spec) throw new Error(`${action} records no date`);
  const range = spec.range({
    today: serverToday(),
    openedOn: caseDetail.openedOn,
    stageStartedOn: caseDetail.stageStartedOn,
    publicity: caseDetail.publicity,
  });
  return <DateItem name={spec.field} label={label ?? spec.what} what={spec.what} range={range} required {...item} />;
}
