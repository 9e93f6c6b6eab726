import { Form, Input } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { ConsentRecord } from "@fanpin/domain/procedures/records";
import { isoDate, optionalText } from "../../utils/record-issues.ts";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";
import { RecordDateItem } from "./date-field.tsx";

type Values = { signedOn?: Dayjs | null; signedBy?: string; note?: string };

/** 农户授权承诺: the household's signed consent to the checks of its data, before verification (national model). */
export function ConsentForm(props: ActionFormProps) {
  const [form] = Form.useForm<Values>();
  // A returned case keeps its consent: the form opens with it, to be corrected.
  const earlier = (props.caseDetail.roundRecords as { consent?: ConsentRecord | null }).consent;
  return (
    <ActionFormShell<Values>
      {...props}
      form={form}
      name="consent"
      initialValues={earlier ? { ...earlier, signedOn: dayjs(earlier.signedOn) } : { signedBy: props.caseDetail.household.headName }}
      submitLabel="保存授权承诺"
      toSubmission={(v) => ({
        action: "RECORD_CONSENT",
        record: { signedOn: isoDate(v.signedOn), signedBy: optionalText(v.signedBy), note: optionalText(v.note) },
      })}
    >
      <RecordDateItem action="RECORD_CONSENT" caseDetail={props.caseDetail} label="签署日期" extra="农户签署授权承诺书（同意核查家庭经济状况）的日期" />
      <Form.Item label="签署人" name="signedBy" required>
        <Input maxLength={50} placeholder="户主或其委托的家庭成员" />
      </Form.Item>
      <Form.Item label="说明（选填）" name="note">
        <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
    </ActionFormShell>
  );
}
