import { CheckCircleFilled, CloseCircleOutlined } from "@ant-design/icons";
import { ROLE_LABELS } from "@fanpin/domain/roles";
import { Form, Typography } from "antd";
import { RECORD_PANELS, type RoundRecords } from "../../utils/action-panels.ts";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";

type Json = Record<string, unknown> | null;

/** What a record says in one line next to its tick. */
function noteOf(kind: keyof typeof RECORD_PANELS, r: Json): string {
  if (!r) return "尚未登记";
  switch (kind) {
    case "VERIFICATION": return `${String(r.visitedOn ?? "")}${r.riskConfirmed === false ? "（风险不属实）" : ""}`;
    case "APPRAISAL": return `${String(r.heldOn ?? "")}${r.passed === false ? "（未通过）" : "（通过）"}`;
    case "CONSENT": return `${String(r.signedOn ?? "")} ${String(r.signedBy ?? "")}`.trim();
    case "ASSESSMENT": return String(r.visitedOn ?? "已登记");
  }
}

/** 报送: the records the step requires (by the rule set), whether each is there, and where the case goes next. */
export function SubmitForm(props: ActionFormProps) {
  const [form] = Form.useForm<object>();
  const { rules, procedure, step } = props;
  const records = props.caseDetail.roundRecords as RoundRecords;
  const items = (step?.records ?? []).map((kind) => {
    const r = records[RECORD_PANELS[kind].key] as Json;
    return { label: rules.recordKinds.find((k) => k.code === kind)?.label ?? kind, done: Boolean(r), note: noteOf(kind, r) };
  });
  const submit = step?.actions.find((a) => a.action === "SUBMIT");
  const next = submit ? procedure.steps.find((s) => s.code === submit.to) : undefined;
  return (
    <ActionFormShell<object>
      {...props}
      form={form}
      name="submit"
      submitLabel="确认报送"
      toSubmission={() => ({ action: "SUBMIT" })}
    >
      <Typography.Paragraph>
        {next
          ? `报送后进入“${next.label}”，由${ROLE_LABELS[next.role]}${next.deadline ? `在${next.deadline.text}` : ""}办理${next.crossCheck ? "（含信息比对）" : ""}。`
          : "报送后进入下一步。"}
        {items.length > 0 && "报送前须完成："}
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
