import { Form, Input, Radio, Select } from "antd";
import type { Dayjs } from "dayjs";
import { isoDate, optionalText } from "../../utils/record-issues.ts";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";
import { pastDaysFrom } from "./date-limits.ts";
import { DateField } from "./date-field.tsx";

type Values = { visitedOn?: Dayjs | null; verifiers?: string[]; findings?: string; riskConfirmed?: boolean | null };

/** 入户核实（采集）: the township's home visit. Recording it again replaces this round's record. */
export function VerificationForm(props: ActionFormProps) {
  const [form] = Form.useForm<Values>();
  return (
    <ActionFormShell<Values>
      {...props}
      form={form}
      name="verification"
      initialValues={{ verifiers: [] }}
      submitLabel="保存入户核实"
      toSubmission={(v) => ({
        action: "RECORD_VERIFICATION",
        record: {
          visitedOn: isoDate(v.visitedOn),
          verifiers: (v.verifiers ?? []).map((s) => s.trim()).filter(Boolean),
          findings: optionalText(v.findings),
          riskConfirmed: v.riskConfirmed ?? undefined,
        },
      })}
    >
      <Form.Item label="入户日期" name="visitedOn" required>
        <DateField disabledDate={pastDaysFrom(props.caseDetail.openedOn)} />
      </Form.Item>
      <Form.Item label="核实人员" name="verifiers" required extra="输入姓名后按回车，可填多人">
        <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={["，", ",", "、", " "]} placeholder="如：李专干" maxCount={10} />
      </Form.Item>
      <Form.Item label="核实情况" name="findings" required>
        <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} placeholder="家庭收支、风险发生情况、帮扶需求等" />
      </Form.Item>
      <Form.Item label="核实结论" name="riskConfirmed" required>
        <Radio.Group
          aria-label="核实结论"
          options={[
            { value: true, label: "风险属实" },
            { value: false, label: "风险不属实" },
          ]}
        />
      </Form.Item>
    </ActionFormShell>
  );
}
