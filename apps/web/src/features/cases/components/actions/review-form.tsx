import { CASE_ACTIONS } from "@fanpin/domain/procedures/actions";
import type { MonitoringType } from "@fanpin/domain/categories";
import { Button, Card, Form, Input, Radio, Typography, theme } from "antd";
import { useEffect } from "react";
import { summarizeReviewIssues } from "../../utils/review-issues.ts";
import { optionalText } from "../../utils/record-issues.ts";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";

type Decision = "APPROVE" | "RETURN" | "REJECT";
type CheckValue = { result?: "CLEAR" | "HIT"; note?: string };
type Values = {
  crossChecks?: Partial<Record<string, CheckValue>>;
  exclusions?: Partial<Record<string, boolean>>;
  decision?: Decision;
  monitoringType?: MonitoringType;
  announcement?: string;
  note?: string;
  reason?: string;
};

const DECISION_HINTS: Record<"IDENTIFICATION" | "ELIMINATION", Record<Decision, string>> = {
  IDENTIFICATION: { APPROVE: "", RETURN: "退回后乡镇重新核实，期限重新计算", REJECT: "不予纳入，案件结束，家庭类别不变" },
  ELIMINATION: { APPROVE: "", RETURN: "退回后乡镇重新核实评估，期限重新计算", REJECT: "不予标注风险消除，案件结束，该户继续监测帮扶" },
};

/**
 * 乡镇审核 / 区县审核: where the step has the cross-check (by the rule set,
 * GET /api/rules), the information cross-check (信息比对) and the exclusions
 * (十不纳入) of the rule set, each answered; the monitoring type where the
 * district settles a 监测对象's; the announcement where the step requires one
 * (risk elimination's district decision); then approve / return with what to
 * correct / reject with the reason.
 */
export function ReviewForm(props: ActionFormProps & { decisions: Decision[] }) {
  const [form] = Form.useForm<Values>();
  const { token } = theme.useToken();
  const { rules, procedure, step } = props;
  const withChecks = Boolean(step?.crossCheck);
  const crossCheckKeys = rules.crossChecks.map((c) => c.code);
  const exclusionKeys = rules.exclusions.map((e) => e.code);
  const crossCheckLabels: Record<string, string> = Object.fromEntries(rules.crossChecks.map((c) => [c.code, c.label]));
  const exclusionLabels: Record<string, string> = Object.fromEntries(rules.exclusions.map((e) => [e.code, e.label]));
  const approve = step?.actions.find((a) => a.action === "APPROVE");
  // The district settles the type when its approval designates a 监测对象.
  const withMonitoringType =
    Boolean(approve?.completes) && procedure.outcome.type === "DESIGNATE" && procedure.outcome.designation === "MONITORING_TARGET" && rules.monitoringTypes.length > 0;
  const withAnnouncement = Boolean(step?.announcement);
  const decision = Form.useWatch("decision", form);
  const crossChecks = Form.useWatch("crossChecks", form);
  const exclusions = Form.useWatch("exclusions", form);
  const applying = exclusionKeys.filter((k) => exclusions?.[k] === true);
  const applyingText = applying.map((k) => exclusionLabels[k]).join("；");

  // An exclusion that applies rules out approval: a chosen 审核通过 is withdrawn (the option is disabled below).
  useEffect(() => {
    if (applying.length > 0 && form.getFieldValue("decision") === "APPROVE") form.setFieldValue("decision", undefined);
  }, [applying.length, form]);

  /** 全部无异常 / 均不存在: answers every row at once (one can still be changed afterwards); their old messages go. */
  function answerAll(list: "crossChecks" | "exclusions") {
    const names = list === "crossChecks" ? crossCheckKeys.map((k) => ["crossChecks", k, "result"]) : exclusionKeys.map((k) => ["exclusions", k]);
    form.setFields(names.map((name) => ({ name: name as never, value: list === "crossChecks" ? "CLEAR" : false, errors: [] })));
  }

  function toRecordChecks(v: Values) {
    if (!withChecks) return {};
    const anyCheck = crossCheckKeys.some((k) => v.crossChecks?.[k]?.result);
    const anyExclusion = exclusionKeys.some((k) => typeof v.exclusions?.[k] === "boolean");
    // Approving needs both complete; a return or rejection carries them when the reviewer began them.
    const sendChecks = v.decision === "APPROVE" || anyCheck;
    const sendExclusions = v.decision === "APPROVE" || anyExclusion;
    return {
      ...(sendChecks
        ? {
            crossChecks: Object.fromEntries(
              crossCheckKeys.map((k) => {
                const c = v.crossChecks?.[k];
                return [k, { result: c?.result, ...(c?.result === "HIT" && optionalText(c.note) ? { note: optionalText(c.note) } : {}) }];
              }),
            ),
          }
        : {}),
      ...(sendExclusions ? { exclusions: Object.fromEntries(exclusionKeys.map((k) => [k, v.exclusions?.[k]])) } : {}),
    };
  }

  return (
    <ActionFormShell<Values>
      {...props}
      form={form}
      name="review"
      initialValues={{
        decision: props.decisions.length === 1 ? props.decisions[0] : undefined,
        monitoringType: props.caseDetail.monitoringType ?? undefined,
      }}
      submitLabel={decision ? `确认${CASE_ACTIONS[decision].label}` : "提交审核结果"}
      danger={decision === "REJECT"}
      arrangeIssues={summarizeReviewIssues}
      toSubmission={(v) => {
        // Without a decision the approve schema runs, so that the checks are reported; the decision itself is asked for below.
        const action = v.decision ?? "APPROVE";
        const issues = v.decision ? [] : [{ path: ["decision"], message: "请选择审核结果" }];
        const checks = toRecordChecks(v);
        if (action === "APPROVE") {
          if (withMonitoringType && !v.monitoringType) issues.push({ path: ["monitoringType"], message: "请选择监测对象类型" });
          if (withAnnouncement && !optionalText(v.announcement)) issues.push({ path: ["announcement"], message: "请填写公告内容" });
          return {
            action,
            record: {
              ...checks,
              note: optionalText(v.note),
              ...(withMonitoringType ? { monitoringType: v.monitoringType } : {}),
              ...(withAnnouncement ? { announcement: optionalText(v.announcement) } : {}),
            },
            issues,
          };
        }
        return { action, record: { ...checks, reason: optionalText(v.reason) }, issues };
      }}
    >
      {withChecks && (
        <>
          <Card
            size="small"
            type="inner"
            title="信息比对"
            style={{ marginBottom: 12 }}
            extra={<Button size="small" onClick={() => answerAll("crossChecks")}>全部无异常</Button>}
          >
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
              与{rules.crossChecks.map((c) => c.label).join("、")}信息逐项比对，有疑点的请说明。
            </Typography.Paragraph>
            {crossCheckKeys.map((k) => (
              <div key={k} role="group" aria-label={`${crossCheckLabels[k]}比对`} style={{ borderTop: `1px solid ${token.colorBorderSecondary}`, paddingTop: 8 }}>
                <Form.Item label={crossCheckLabels[k]} name={["crossChecks", k, "result"]} required style={{ marginBottom: 8 }}>
                  <Radio.Group
                    aria-label={`${crossCheckLabels[k]}比对结果`}
                    options={[
                      { value: "CLEAR", label: "无异常" },
                      { value: "HIT", label: "有疑点" },
                    ]}
                  />
                </Form.Item>
                {crossChecks?.[k]?.result === "HIT" && (
                  <Form.Item label={`${crossCheckLabels[k]}疑点说明`} name={["crossChecks", k, "note"]} required style={{ marginBottom: 8 }}>
                    <Input maxLength={500} placeholder="比对发现的情况及核实结果" />
                  </Form.Item>
                )}
              </div>
            ))}
          </Card>
          <Card
            size="small"
            type="inner"
            title="不予纳入情形"
            style={{ marginBottom: 12 }}
            extra={<Button size="small" onClick={() => answerAll("exclusions")}>均不存在</Button>}
          >
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
              逐项核对该户是否存在下列情形；存在任一情形的，不能审核通过。
            </Typography.Paragraph>
            {exclusionKeys.map((k, i) => (
              <Form.Item
                key={k}
                label={`${i + 1}. ${exclusionLabels[k]}`}
                name={["exclusions", k]}
                required
                layout="horizontal"
                labelCol={{ flex: "1 1 0" }}
                wrapperCol={{ flex: "0 0 auto" }}
                labelAlign="left"
                colon={false}
                style={{ marginBottom: 4, borderTop: `1px solid ${token.colorBorderSecondary}`, paddingTop: 4 }}
              >
                <Radio.Group
                  aria-label={exclusionLabels[k]}
                  options={[
                    { value: false, label: "否" },
                    { value: true, label: "是" },
                  ]}
                />
              </Form.Item>
            ))}
          </Card>
        </>
      )}
      <Form.Item
        label="审核结果"
        name="decision"
        required
        extra={
          applying.length > 0 && props.decisions.includes("APPROVE") ? (
            <span data-testid="approve-blocked">存在不予纳入情形（{applyingText}），不能{CASE_ACTIONS.APPROVE.label}</span>
          ) : decision ? (
            DECISION_HINTS[procedure.purpose][decision]
          ) : undefined
        }
      >
        <Radio.Group
          aria-label="审核结果"
          options={props.decisions.map((d) => ({ value: d, label: CASE_ACTIONS[d].label, disabled: d === "APPROVE" && applying.length > 0 }))}
        />
      </Form.Item>
      {decision === "APPROVE" && withMonitoringType && (
        <Form.Item label="监测对象类型" name="monitoringType" required extra={props.caseDetail.monitoringType ? "入户核实时建议的类型，可按审定结果调整" : undefined}>
          <Radio.Group aria-label="监测对象类型" options={rules.monitoringTypes.map((t) => ({ value: t.code, label: t.label }))} />
        </Form.Item>
      )}
      {decision === "APPROVE" && withAnnouncement && (
        <Form.Item label="公告内容" name="announcement" required extra="审定结果向社会公告的内容">
          <Input.TextArea maxLength={1000} showCount autoSize={{ minRows: 2, maxRows: 6 }} placeholder="如：经县级审定，该户风险已消除，予以公告" />
        </Form.Item>
      )}
      {decision === "APPROVE" && (
        <Form.Item label="审核意见（选填）" name="note">
          <Input.TextArea maxLength={1000} showCount autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      )}
      {(decision === "RETURN" || decision === "REJECT") && (
        <Form.Item label={decision === "RETURN" ? "需要更正的内容" : procedure.purpose === "ELIMINATION" ? "不予通过的理由" : "不予纳入的理由"} name="reason" required>
          <Input.TextArea maxLength={1000} showCount autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      )}
    </ActionFormShell>
  );
}
