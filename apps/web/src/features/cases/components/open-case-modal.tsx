import type { CaseDetail } from "@fanpin/domain/case-schemas";
import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import { LEAD_SOURCES, ZLeadRecord } from "@fanpin/domain/procedures/records";
import { WEIHAI_RULES } from "@fanpin/domain/procedures/rules";
import { Alert, Form, Input, Modal, Select, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { ApiError } from "@/lib/api-client.ts";
import { clearChangedFieldErrors, showFormIssues } from "@/lib/form-errors.ts";
import { optionsOf } from "@/lib/format.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import { useOpenCase } from "../api/open-case.ts";
import { checkRecord, detailsWithin, isoDate, optionalText } from "../utils/record-issues.ts";
import { DateField } from "./actions/date-field.tsx";
import { pastDaysFrom } from "./actions/date-limits.ts";

export type RiskCause = (typeof RISK_CAUSE.codes)[number];
type Values = { source?: string; receivedOn?: Dayjs | null; riskCauses?: RiskCause[]; description?: string };

type OpenCaseModalProps = {
  open: boolean;
  householdId: string;
  householdName: string;
  /** The household's recorded risks, as a starting point. */
  riskCauses: RiskCause[];
  onOpened: (created: CaseDetail) => void;
  onClose: () => void;
};

/**
 * 登记线索、立案: where the lead came from, when it was received (the
 * township's 5 working days run from that day), the risks and what happened.
 */
export function OpenCaseModal({ open, householdId, householdName, riskCauses, onOpened, onClose }: OpenCaseModalProps) {
  const [form] = Form.useForm<Values>();
  const notifyError = useNotifyError();
  const openCase = useOpenCase();
  const [general, setGeneral] = useState<string[]>([]);

  async function submit() {
    setGeneral([]);
    const v = form.getFieldsValue(true) as Values;
    const lead = { source: v.source, receivedOn: isoDate(v.receivedOn), riskCauses: v.riskCauses ?? [], description: optionalText(v.description) };
    const checked = checkRecord(ZLeadRecord, lead);
    if (!checked.ok) {
      setGeneral(showFormIssues(form, checked.issues.map((i) => (typeof i.path !== "string" && i.path[0] === "riskCauses" ? { ...i, path: ["riskCauses"] } : i))));
      return;
    }
    try {
      const created = await openCase.mutateAsync({ householdId, lead: checked.record });
      onOpened(created);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 400 || error.status === 422) && error.details.length) {
        setGeneral(showFormIssues(form, detailsWithin(error.details, "lead")));
        return;
      }
      if (error instanceof ApiError && error.status === 409) {
        setGeneral([error.message]);
        return;
      }
      notifyError(error, "立案失败");
    }
  }

  return (
    <Modal
      open={open}
      title={`登记线索：${householdName} 户`}
      okText="登记并立案"
      cancelText="取消"
      confirmLoading={openCase.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">
        立案后由乡镇在线索接收之日起 {WEIHAI_RULES.townshipWorkingDays} 个工作日内完成核实。
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        name="lead"
        layout="vertical"
        preserve={false}
        initialValues={{ receivedOn: dayjs(), riskCauses }}
        onValuesChange={(changed) => clearChangedFieldErrors(form, changed)}
        onFinish={() => void submit()}
        disabled={openCase.isPending}
      >
        <Form.Item label="线索来源" name="source" required>
          <Select options={optionsOf(LEAD_SOURCES)} placeholder="请选择" />
        </Form.Item>
        <Form.Item label="线索接收日期" name="receivedOn" required>
          <DateField disabledDate={pastDaysFrom()} />
        </Form.Item>
        <Form.Item label="致贫（返贫）风险" name="riskCauses" required extra="最多选 3 项">
          <Select mode="multiple" options={optionsOf(RISK_CAUSE.labels)} maxCount={3} placeholder="请选择" allowClear />
        </Form.Item>
        <Form.Item label="风险情况描述" name="description" required>
          <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} placeholder="发生了什么、何时发生、家庭现状" />
        </Form.Item>
        {general.length > 0 && <Alert type="error" showIcon role="alert" title={general.join("；")} />}
        {/* Enter in a text field submits, as the button does. */}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
