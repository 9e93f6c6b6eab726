import { CheckCircleFilled, CloseCircleOutlined } from "@ant-design/icons";
import { WEIHAI_RULES } from "@fanpin/domain/procedures/rules";
import { Form, Typography } from "antd";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";

type RoundRecords = { verification: { visitedOn?: string; riskConfirmed?: boolean } | null; appraisal: { heldOn?: string; passed?: boolean } | null };

/** 报送区县审核: what the township round needs (by the local rules), and whether it is there. */
export function SubmitForm(props: ActionFormProps) {
  const [form] = Form.useForm<object>();
  const rules = WEIHAI_RULES.procedures[props.caseDetail.category];
  const records = props.caseDetail.roundRecords as RoundRecords;
  const items = rules.townshipRecords.map((kind) => {
    if (kind === "VERIFICATION") {
      const r = records.verification;
      return { label: "入户核实", done: Boolean(r), note: r ? `${r.visitedOn ?? ""} ${r.riskConfirmed === false ? "（风险不属实）" : ""}` : "尚未登记" };
    }
    const r = records.appraisal;
    return { label: "民主评议", done: Boolean(r), note: r ? `${r.heldOn ?? ""} ${r.passed === false ? "（未通过）" : "（通过）"}` : "尚未登记" };
  });
  return (
    <ActionFormShell<object>
      {...props}
      form={form}
      name="submit"
      submitLabel="确认报送"
      toSubmission={() => ({ action: "SUBMIT" })}
    >
      <Typography.Paragraph>
        报送后由区县在 {WEIHAI_RULES.districtWorkingDays} 个工作日内审核{rules.crossCheck ? "并进行信息比对" : ""}。报送前须完成：
      </Typography.Paragraph>
      <ul style={{ listStyle: "none", paddingInlineStart: 0, margin: "0 0 12px" }}>
        {items.map((item) => (
          <li key={item.label} style={{ padding: "4px 0" }}>
            {item.done ? (
              <CheckCircleFilled style={{ color: "#52c41a" }} aria-label="已完成" role="img" />
            ) : (
              <CloseCircleOutlined style={{ color: "#ff4d4f" }} aria-label="未完成" role="img" />
            )}{" "}
            {item.label}：{item.note}
          </li>
        ))}
      </ul>
    </ActionFormShell>
  );
}
