import type { CaseDetail } from "@fanpin/domain/case-schemas";
import type { z } from "zod";
import { CASE_ACTIONS } from "@fanpin/domain/procedures/actions";
import { Alert, App, Button, Flex, Form, Space, type FormInstance } from "antd";
import { useRef, useState, type ReactNode } from "react";
import type { RulesProcedure, RulesResponse, RulesStep } from "@/lib/get-rules.ts";
import { clearChangedFieldErrors, registeredFields } from "@/lib/form-errors.ts";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
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
  /** Regroups the issues before they are shown (the review: one message per unanswered list). */
  arrangeIssues?: (issues: Issue[]) => Issue[];
  children?: ReactNode;
};

/**
 * One action's form: checks the record with the action's shared schema (the
 * API checks the same), sends it with the version the user saw, and puts
 * the API's `details` (record.xxx) on the fields. A stale version or a case
 * that moved on is handed to the case page, which offers to reload.
 */
export function ActionFormShell<V>({
  caseDetail, version, onDone, onCancel, onOutdated, form, name, initialValues, toSubmission, submitLabel, danger, arrangeIssues, children,
}: ShellProps<V>) {
  const { message } = App.useApp();
  const perform = usePerformCaseAction();
  // A refusal by the rules (e.g. "暂不标注风险消除，持续跟踪监测") is the answer to the whole form: shown on top.
  const formTop = useRef<HTMLDivElement>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  const { submit, general: generalErrors } = useFormSubmit<{ action: PersonAction; record: unknown }, CaseDetail>(form, {
    failureTitle: (data) => (data ? `${CASE_ACTIONS[data.action].label}失败` : "提交失败"),
    detailsPrefix: "record",
    parse: () => {
      setRefusal(null);
      const { action, record, issues: formIssues = [] } = toSubmission(form.getFieldsValue(true) as V);
      const schema: z.ZodType | null = CASE_ACTIONS[action].record;
      const issues = [...formIssues];
      let checked: unknown = undefined;
      if (schema) {
        const result = checkRecord(schema, record ?? {});
        if (result.ok) checked = result.record;
        else issues.unshift(...result.issues);
      }
      return issues.length ? { ok: false, issues } : { ok: true, data: { action, record: checked } };
    },
    send: ({ action, record }) => perform.mutateAsync({ caseId: caseDetail.id, action, version, record }),
    onDone: (updated, { action }) => {
      void message.success(`已${CASE_ACTIONS[action].label}`);
      onDone(updated);
    },
    arrangeIssues: (issues) => {
      const shown = onShownFields(issues, registeredFields(form));
      return arrangeIssues ? arrangeIssues(shown) : shown;
    },
    onApiError: (error) => {
      if (error.code === "VERSION_CONFLICT") {
        onOutdated({ kind: "conflict", message: error.message });
        return "handled";
      }
      if (error.code === "CASE_WRONG_STAGE" || error.code === "CASE_ACTION_NOT_ALLOWED") {
        onOutdated({ kind: "stage", message: error.message });
        return "handled";
      }
      if (error.code === "CASE_RULE_VIOLATION") {
        const isField = registeredFields(form);
        const issues = detailsWithin(error.details, "record");
        const onFields = onShownFields(issues, isField).some((i) => i.path !== "" && isField(typeof i.path === "string" ? i.path.split(".") : i.path.map(String)));
        if (onFields) return issues;
        setRefusal(error.message);
        formTop.current?.scrollIntoView({ block: "start" });
        return "handled";
      }
      return undefined;
    },
  });

  return (
    <Form<V>
      form={form}
      name={name}
      layout="vertical"
      initialValues={initialValues}
      onFinish={() => void submit()}
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
