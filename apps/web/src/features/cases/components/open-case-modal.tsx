import type { CaseDetail } from "@fanpin/domain/case-schemas";
import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import { LEAD_SOURCES, ZLeadRecord, type LeadRecord } from "@fanpin/domain/procedures/records";
import { LEAD_DATE, leadDateRange } from "@fanpin/domain/procedures/record-dates";
import type { Designation, HouseholdCategory } from "@fanpin/domain/categories";
import { Alert, Form, Input, Modal, Radio, Select, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { DateItem } from "@/components/date-field.tsx";
import { parseWith } from "@/lib/form-submit.ts";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
import { optionsOf } from "@/lib/format.ts";

/** The sources a person types in; 监测预警规则 (EARLY_WARNING) is the system's own and comes only through a lead. */
const { EARLY_WARNING: _systemOnly, ...TYPED_LEAD_SOURCES } = LEAD_SOURCES;
import { useRules, type RulesProcedure, type RulesResponse } from "@/lib/get-rules.ts";
import { useOpenCase } from "../api/open-case.ts";
import { isoDate, optionalText } from "../utils/record-issues.ts";
import { serverToday } from "@/lib/api-client.ts";

export type RiskCause = (typeof RISK_CAUSE.codes)[number];
type Values = { procedure?: string; source?: string; receivedOn?: Dayjs | null; riskCauses?: RiskCause[]; description?: string };

/** The procedures of the rule set that apply to a household as it stands (category and designation). */
export function applicableProcedures(rules: RulesResponse, household: { category: HouseholdCategory; designation: Designation | null }): RulesProcedure[] {
  return rules.procedures.filter(
    (p) => p.appliesTo.categories.includes(household.category) && p.appliesTo.designations.includes(household.designation),
  );
}

/** What the first step asks of whom, and the overall limit, in one sentence. */
function timeText(p: RulesProcedure | undefined): string {
  const first = p?.steps[0];
  if (!p || !first) return "";
  return `立案后进入“${first.label}”${first.deadline ? `，自线索接收之日起${first.deadline.text}完成` : ""}${p.limit ? `；全程${p.limit.text}办结` : ""}。`;
}

type OpenCaseModalProps = {
  open: boolean;
  householdId: string;
  householdName: string;
  category: HouseholdCategory;
  designation: Designation | null;
  /** The procedure to start with (风险消除 from the household page); else the first that applies. */
  procedure?: string;
  /** The household's recorded risks, as a starting point. */
  riskCauses: RiskCause[];
  /** The household's recorded difficulty (采集表 困难情况), as the first draft of what happened. */
  difficultyDescription?: string | null;
  onOpened: (created: CaseDetail) => void;
  onClose: () => void;
};

/**
 * 登记线索、立案: where the lead came from, when it was received (the
 * township's 5 working days run from that day), the risks and what happened.
 */
export function OpenCaseModal({ open, householdId, householdName, category, designation, procedure, riskCauses, difficultyDescription, onOpened, onClose }: OpenCaseModalProps) {
  const [form] = Form.useForm<Values>();
  const rules = useRules();
  const options = rules.data ? applicableProcedures(rules.data, { category, designation }) : [];
  const chosenKind = Form.useWatch("procedure", form) ?? procedure ?? options[0]?.kind;
  const chosen = options.find((p) => p.kind === chosenKind);
  const openCase = useOpenCase();
  const { submit, general, onValuesChange } = useFormSubmit<{ procedure: RulesProcedure["kind"]; lead: LeadRecord }, CaseDetail>(form, {
    failureTitle: "立案失败",
    detailsPrefix: "lead",
    parse: () => {
      const v = form.getFieldsValue(true) as Values;
      if (!chosen) return { ok: false, issues: [{ path: "", message: "本地区规则中没有适用于该户的办理程序" }] };
      const lead = { source: v.source, receivedOn: isoDate(v.receivedOn), riskCauses: v.riskCauses ?? [], description: optionalText(v.description) };
      const checked = parseWith(ZLeadRecord, lead);
      if (checked.ok) return { ok: true, data: { procedure: chosen.kind, lead: checked.data } };
      // A bad entry of the multiple select belongs on the select.
      return { ok: false, issues: checked.issues.map((i) => (typeof i.path !== "string" && i.path[0] === "riskCauses" ? { ...i, path: ["riskCauses"] } : i)) };
    },
    send: ({ procedure, lead }) => openCase.mutateAsync({ householdId, procedure, lead }),
    onDone: (created) => onOpened(created),
  });

  return (
    <Modal
      open={open}
      title={chosen?.purpose === "ELIMINATION" ? `办理${chosen.label}：${householdName} 户` : `登记线索：${householdName} 户`}
      okText="登记并立案"
      cancelText="取消"
      confirmLoading={openCase.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      {rules.isError && <Alert type="error" showIcon title="未能载入本地区办理规则，请稍后重试" style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary" data-testid="open-case-time">
        {timeText(chosen)}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        name="lead"
        layout="vertical"
        preserve={false}
        initialValues={{ receivedOn: dayjs(serverToday()), riskCauses, description: difficultyDescription ?? undefined, procedure: procedure ?? options[0]?.kind }}
        onValuesChange={onValuesChange}
        onFinish={() => void submit()}
        disabled={openCase.isPending}
      >
        {options.length > 1 ? (
          <Form.Item label="办理程序" name="procedure" required>
            <Radio.Group aria-label="办理程序" options={options.map((p) => ({ value: p.kind, label: p.label }))} style={{ display: "flex", flexDirection: "column", gap: 4 }} />
          </Form.Item>
        ) : (
          chosen && <Typography.Paragraph>办理程序：{chosen.label}</Typography.Paragraph>
        )}
        <Form.Item label="线索来源" name="source" required>
          <Select options={optionsOf(TYPED_LEAD_SOURCES)} placeholder="请选择" />
        </Form.Item>
        <DateItem label="线索接收日期" name="receivedOn" required what={LEAD_DATE.what} range={leadDateRange(serverToday())} />
        <Form.Item label="致贫（返贫）风险" name="riskCauses" required extra="最多选 3 项">
          <Select mode="multiple" options={optionsOf(RISK_CAUSE.labels)} maxCount={3} placeholder="请选择" allowClear />
        </Form.Item>
        <Form.Item label="风险情况描述" name="description" required extra={difficultyDescription ? "已带入家庭档案中的困难情况，请按本次线索修改" : undefined}>
          <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} placeholder="发生了什么、何时发生、家庭现状" />
        </Form.Item>
        {general.length > 0 && <Alert type="error" showIcon role="alert" title={general.join("；")} />}
        {/* Enter in a text field submits, as the button does. */}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
