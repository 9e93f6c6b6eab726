import { addCalendarDays } from "@fanpin/domain/calendar/working-days";
import { Alert, Form, Input } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { isoDate, optionalText } from "../../utils/record-issues.ts";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";
import { RecordDateItem } from "./date-field.tsx";
import { serverToday } from "@/lib/api-client.ts";

type Values = { postedOn?: Dayjs | null; place?: string };

/** The period a notice posted on `postedOn` runs (DOMAIN.md: posted on P, it runs P+1 … P+N). */
export function publicityPeriod(postedOn: string, days: number) {
  return { startsOn: addCalendarDays(postedOn, 1), endsOn: addCalendarDays(postedOn, days) };
}

/** 张贴公示: the posting date and place; the period follows from the rules and is shown, not entered. */
export function PublicityForm(props: ActionFormProps) {
  const [form] = Form.useForm<Values>();
  const { days, endsOnWorkingDay } = props.rules.publicity;
  const postedOn = Form.useWatch("postedOn", form);
  const period = postedOn ? publicityPeriod(postedOn.format("YYYY-MM-DD"), days) : null;
  const isOver = period ? period.endsOn < serverToday() : false;
  return (
    <ActionFormShell<Values>
      {...props}
      form={form}
      name="publicity"
      initialValues={{ place: "村委会公示栏" }}
      submitLabel="登记张贴公示"
      toSubmission={(v) => ({ action: "POST_PUBLICITY", record: { postedOn: isoDate(v.postedOn), place: optionalText(v.place) } })}
    >
      <RecordDateItem action="POST_PUBLICITY" caseDetail={props.caseDetail} label="公示张贴日期" extra={`公示 ${days} 天，自张贴次日起算${endsOnWorkingDay ? "，末日遇节假日顺延" : ""}`} />
      {period && (
        <Alert
          type={isOver ? "warning" : "info"}
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <span data-testid="publicity-period">
              公示期：{period.startsOn} 至 {period.endsOn}
              {endsOnWorkingDay ? "（末日遇节假日顺延）" : ""}
            </span>
          }
          description={isOver ? "公示期已结束：登记后案件直接进入“公示期满待确认”。" : undefined}
        />
      )}
      <Form.Item label="公示地点" name="place" required>
        <Input maxLength={200} placeholder="如：村委会公示栏" />
      </Form.Item>
    </ActionFormShell>
  );
}
