import type { CaseDetail } from "@fanpin/domain/case-schemas";
import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import { ZDismissLeadRequest, ZOpenCaseFromLeadRequest, type LeadDetail } from "@fanpin/domain/detection/lead-schemas";
import { Alert, Form, Input, Modal, Radio, Select, Typography } from "antd";
import { parseWith } from "@/lib/form-submit.ts";
import { optionsOf } from "@/lib/format.ts";
import { useHousehold } from "@/lib/get-household.ts";
import { useRules, type RulesProcedure } from "@/lib/get-rules.ts";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
import { applicableProcedures } from "@/features/cases/components/open-case-modal.tsx";
import { optionalText } from "@/features/cases/utils/record-issues.ts";
import { useDismissLead, useOpenCaseFromLead, type DismissLeadRequest, type OpenCaseFromLeadRequest, type OpenedFromLead } from "../api/leads.ts";

type RiskCause = (typeof RISK_CAUSE.codes)[number];
const RISK_CODES = new Set<string>(RISK_CAUSE.codes);

type OpenValues = { procedure?: string; riskCauses?: RiskCause[]; description?: string };

/**
 * 立案 from a verified lead: the identification procedure that applies to the
 * household (from /api/rules), the risks and what happened, prefilled from the
 * lead. `householdId`: the lead's household, or the one just registered for it.
 */
export function OpenCaseFromLeadModal({ lead, householdId, onOpened, onClose }: {
  lead: LeadDetail;
  householdId: string;
  onOpened: (created: CaseDetail) => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<OpenValues>();
  const rules = useRules();
  const household = useHousehold(householdId);
  const options: RulesProcedure[] =
    rules.data && household.data ? applicableProcedures(rules.data, household.data).filter((p) => p.purpose === "IDENTIFICATION") : [];
  const chosenKind = Form.useWatch("procedure", form) ?? options[0]?.kind;
  const chosen = options.find((p) => p.kind === chosenKind);
  const open = useOpenCaseFromLead();
  const { submit, general, onValuesChange } = useFormSubmit<OpenCaseFromLeadRequest, OpenedFromLead>(form, {
    failureTitle: "立案失败",
    parse: () => {
      const v = form.getFieldsValue(true) as OpenValues;
      if (!chosen) return { ok: false, issues: [{ path: "", message: "本地区规则中没有适用于该户的识别认定程序" }] };
      const request = {
        version: lead.version,
        householdId: lead.household ? undefined : householdId,
        procedure: chosen.kind,
        riskCauses: v.riskCauses ?? [],
        description: optionalText(v.description),
      };
      const parsed = parseWith(ZOpenCaseFromLeadRequest, request);
      if (!parsed.ok) return { ok: false, issues: parsed.issues.map((i) => (typeof i.path !== "string" && i.path[0] === "riskCauses" ? { ...i, path: ["riskCauses"] } : i)) };
      return { ok: true, data: request as OpenCaseFromLeadRequest };
    },
    send: (request) => open.mutateAsync({ id: lead.id, ...request }),
    onDone: (opened) => onOpened(opened.case),
  });
  const name = household.data?.headName ?? lead.household?.headName ?? lead.personName;

  return (
    <Modal
      open
      title={`立案：${name} 户`}
      okText="立案"
      cancelText="取消"
      confirmLoading={open.isPending}
      okButtonProps={{ disabled: !chosen }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      {(rules.isError || household.isError) && <Alert type="error" showIcon title="未能载入本地区办理规则或家庭档案，请稍后重试" style={{ marginBottom: 12 }} />}
      {rules.data && household.data && options.length === 0 && (
        <Alert type="warning" showIcon title="本地区规则中没有适用于该户的识别认定程序（该户可能已认定）" style={{ marginBottom: 12 }} />
      )}
      <Typography.Paragraph type="secondary">
        立案后进入识别认定程序，期限自线索接收之日（{lead.firstClueOn}）起算。
      </Typography.Paragraph>
      <Form<OpenValues>
        form={form}
        name="lead-open-case"
        layout="vertical"
        preserve={false}
        initialValues={{ riskCauses: lead.riskCauses.filter((c): c is RiskCause => RISK_CODES.has(c)).slice(0, 3), description: lead.description }}
        onValuesChange={onValuesChange}
        onFinish={() => void submit()}
        disabled={open.isPending}
      >
        {options.length > 1 ? (
          <Form.Item label="办理程序" name="procedure" required initialValue={options[0]?.kind}>
            <Radio.Group aria-label="办理程序" options={options.map((p) => ({ value: p.kind, label: p.label }))} style={{ display: "flex", flexDirection: "column", gap: 4 }} />
          </Form.Item>
        ) : (
          chosen && <Typography.Paragraph>办理程序：{chosen.label}</Typography.Paragraph>
        )}
        <Form.Item label="致贫（返贫）风险" name="riskCauses" required extra="最多选 3 项">
          <Select aria-label="致贫（返贫）风险" mode="multiple" options={optionsOf(RISK_CAUSE.labels)} maxCount={3} placeholder="请选择" allowClear />
        </Form.Item>
        <Form.Item label="风险情况描述" name="description" required>
          <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        {general.length > 0 && <Alert type="error" showIcon role="alert" title={general.join("；")} />}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

/** 排除: the lead ends without a case; the reason is required and shown on the lead. */
export function DismissLeadModal({ lead, onDismissed, onClose }: { lead: LeadDetail; onDismissed: () => void; onClose: () => void }) {
  const [form] = Form.useForm<{ reason?: string }>();
  const dismiss = useDismissLead();
  const { submit, general, onValuesChange } = useFormSubmit<DismissLeadRequest, LeadDetail>(form, {
    failureTitle: "排除线索失败",
    parse: () => {
      const request = { version: lead.version, reason: optionalText(form.getFieldValue("reason") as string | undefined) };
      const parsed = parseWith(ZDismissLeadRequest, request);
      return parsed.ok ? { ok: true, data: request as DismissLeadRequest } : parsed;
    },
    send: (request) => dismiss.mutateAsync({ id: lead.id, ...request }),
    onDone: () => onDismissed(),
  });
  return (
    <Modal
      open
      title={`排除线索 ${lead.leadNo}`}
      okText="确认排除"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={dismiss.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} name="lead-dismiss" layout="vertical" preserve={false} onValuesChange={onValuesChange} onFinish={() => void submit()} disabled={dismiss.isPending}>
        <Form.Item label="排除理由" name="reason" required extra="如：经入户核实，家庭收入稳定、无返贫致贫风险">
          <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
        </Form.Item>
        {general.length > 0 && <Alert type="error" showIcon role="alert" title={general.join("；")} />}
      </Form>
    </Modal>
  );
}
