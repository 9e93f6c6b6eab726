import type { CaseDetail } from "@fanpin/domain/case-schemas";
import type { z } from "zod";
import { CASE_ACTIONS } from "@fanpin/domain/procedures/actions";
import { Alert, App, Button, Flex, Form, Space, type FormInstance } from "antd";
import { useRef, useState, type ReactNode } from "react";
import { ApiError } from "@/lib/api-client.ts";
import type { RulesProcedure, RulesResponse, RulesStep } from "@/lib/get-rules.ts";
import { clearChangedFieldErrors, registeredFields, showFormIssues } from "@/lib/form-errors.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import { usePerformCaseAction, type PersonAction } from "../../api/perform-case-action.ts";
import { checkRecord, detailsWithin, onShownFields, type Issue } from "../../utils/record-issues.ts";

/**
 * What a form hands in: the action (a review decides between three), its
 * record, and problems the record's schema cannot see (a decision not made).
 */
export type Submission = { action: PersonAction; record?: unknown; issues?: Issue[] };

/** The case became something else while the user was filling the form. */
export type OutdatedReason = { kind: "conflict" | "stage"; message: string };

export type ActionFormProps = {
  caseDetail: CaseDetail;
  /** The deployment's rule set (GET /api/rules), the case's procedure in it and the step the case is in. */
  rules: RulesResponse;
  procedure: RulesProcedure;
  step: RulesStep | undefined;
  /** The version the user saw when opening the form; sent with the action. */
  version: number;
  onDone: (updated: CaseDetail) => void;
  onCancel: () => void;
  onOutdated: (reason: OutdatedReason) => void;
};

type ShellProps<V> = ActionFormProps & {
  form: FormInstance<V>;
  /** Form name: field ids become `${name}_${field}` (labels stay unique on the page). */
  name: string;
  initialValues?: Partial<V>;
  toSubmission: (values: V) => Submission;
  submitLabel: string;
  danger?: boolean;
  children?: ReactNode;
};

/**
 * One action's form: checks the record with the action's shared schema (the
 * API checks the same), sends it with the version the user saw, and puts
 * the API's `details` (record.xxx) on the fields. A stale version or a case
 * that moved on is handed to the case page, which offers to reload.
 */
export function ActionFormShell<V>({
  caseDetail, version, onDone, onCancel, onOutdated, form, name, initialValues, toSubmission, submitLabel, danger, children,
}: ShellProps<V>) {
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const perform = usePerformCaseAction();
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);
  // A refusal by the rules (e.g. "暂不标注风险消除，持续跟踪监测") is the answer to the whole form: shown on top.
  const formTop = useRef<HTMLDivElement>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  function showIssues(issues: Issue[]) {
    setGeneralErrors(showFormIssues(form, onShownFields(issues, registeredFields(form))));
    const first = form.getFieldsError().find((f) => f.errors.length)?.name;
    if (first) form.scrollToField(first, { block: "center", focus: true });
  }

  async function handleFinish() {
    setGeneralErrors([]);
    setRefusal(null);
    const { action, record, issues: formIssues = [] } = toSubmission(form.getFieldsValue(true) as V);
    const schema: z.ZodType | null = CASE_ACTIONS[action].record;
    let checked: unknown = record;
    const issues = [...formIssues];
    if (schema) {
      const result = checkRecord(schema, record ?? {});
      if (result.ok) checked = result.record;
      else issues.unshift(...result.issues);
    }
    if (issues.length) {
      showIssues(issues);
      return;
    }
    try {
      const updated = await perform.mutateAsync({ caseId: caseDetail.id, action, version, record: schema ? checked : undefined });
      void message.success(`已${CASE_ACTIONS[action].label}`);
      onDone(updated);
    } catch (error) {
      if (!(error instanceof ApiError)) return notifyError(error);
      if (error.code === "VERSION_CONFLICT") return onOutdated({ kind: "conflict", message: error.message });
      if (error.code === "CASE_WRONG_STAGE" || error.code === "CASE_ACTION_NOT_ALLOWED") {
        return onOutdated({ kind: "stage", message: error.message });
      }
      if (error.code === "CASE_RULE_VIOLATION") {
        const isField = registeredFields(form);
        const onFields = onShownFields(detailsWithin(error.details, "record"), isField).some((i) => i.path !== "" && isField(typeof i.path === "string" ? i.path.split(".") : i.path.map(String)));
        if (onFields) {
          showIssues(detailsWithin(error.details, "record"));
          return;
        }
        setRefusal(error.message);
        formTop.current?.scrollIntoView({ block: "start" });
        return;
      }
      // 409 ID_NUMBER_TAKEN names the member whose number belongs to another household.
      if (error.status === 400 || error.status === 422 || (error.status === 409 && error.details.length > 0)) {
        const issues = detailsWithin(error.details, "record");
        showIssues(issues.length ? issues : [{ path: "", message: error.message }]);
        return;
      }
      notifyError(error, `${CASE_ACTIONS[action].label}失败`);
    }
  }

  return (
    <Form<V>
      form={form}
      name={name}
      layout="vertical"
      initialValues={initialValues}
      onFinish={() => void handleFinish()}
      onValuesChange={(changed) => clearChangedFieldErrors(form, changed)}
      disabled={perform.isPending}
      scrollToFirstError
    >
      <Flex vertical gap={4} ref={formTop}>
        {refusal && <Alert type="error" showIcon role="alert" title={refusal} style={{ marginBottom: 12 }} data-testid="rule-refusal" />}
        {children}
        {generalErrors.length > 0 && (
          <Alert type="error" showIcon role="alert" title={generalErrors.join("；")} style={{ marginBottom: 12 }} />
        )}
        <Space wrap>
          <Button type="primary" danger={danger} htmlType="submit" loading={perform.isPending}>
            {submitLabel}
          </Button>
          <Button onClick={onCancel} disabled={perform.isPending}>
            取消
          </Button>
        </Space>
      </Flex>
    </Form>
  );
}
