import { Form, Input } from "antd";
import type { Dayjs } from "dayjs";
import { isoDate, optionalText } from "../../utils/record-issues.ts";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";
import { RecordDateItem } from "./date-field.tsx";

type Values = { receivedOn?: Dayjs | null; content?: string; raisedBy?: string };

/** 登记公示异议: an objection received during publicity goes to the district for a decision. */
export function ObjectionForm(props: ActionFormProps) {
  const [form] = Form.useForm<Values>();
  const p = props.caseDetail.publicity;
  return (
    <ActionFormShell<Values>
      {...props}
      form={form}
      name="objection"
      submitLabel="登记异议并报区县裁定"
      toSubmission={(v) => ({
        action: "RAISE_OBJECTION",
        record: { receivedOn: isoDate(v.receivedOn), content: optionalText(v.content), raisedBy: optionalText(v.raisedBy) },
      })}
    >
      <RecordDateItem action="RAISE_OBJECTION" caseDetail={props.caseDetail} label="异议受理日期" extra={p ? `须在公示期内（${p.postedOn} 至 ${p.endsOn}）` : undefined} />
      <Form.Item label="异议内容" name="content" required>
        <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} />
      </Form.Item>
      <Form.Item label="提出人（选填）" name="raisedBy" extra="可匿名；不要填写身份证号、电话等个人信息">
        <Input maxLength={50} />
      </Form.Item>
    </ActionFormShell>
  );
}
