import { formatYuan } from "@fanpin/domain/money";
import { Alert, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Typography, theme } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { AssessmentRecord } from "@fanpin/domain/procedures/records";
import { TrackedNote } from "@/features/assistance/components/tracked-note.tsx";
import type { RulesResponse } from "@/lib/get-rules.ts";
import { isoDate, optionalText } from "../../utils/record-issues.ts";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";
import { RecordDateItem } from "./date-field.tsx";
import { PeopleInput } from "./people-input.tsx";
import { serverToday } from "@/lib/api-client.ts";

type Criterion = { met?: boolean | null; note?: string };
type CriterionKey = "rigidExpensesResolved" | "basicNeedsSecured" | "originalRiskGone" | "noNewRisk";
type Values = {
  visitedOn?: Dayjs | null;
  verifiers?: string[];
  income?: { year?: number | null; perCapitaYuan?: number | null; stableMonths?: number | null };
  noLabourCapacityCoveredBySocialSecurity?: boolean | null;
  findings?: string;
} & Partial<Record<CriterionKey, Criterion>>;

/** The criteria of risk elimination (DOMAIN.md "The national model"), each asked so that "是" means met. */
const CRITERIA: { key: CriterionKey; question: string }[] = [
  { key: "rigidExpensesResolved", question: "大额刚性支出是否已稳定解决" },
  { key: "basicNeedsSecured", question: "“两不愁三保障”及饮水安全是否有保障" },
  { key: "originalRiskGone", question: "识别时的风险是否已消除" },
  { key: "noNewRisk", question: "是否未出现新的风险" },
];

/** Months the income must have stayed above the line. */
const STABLE_MONTHS = 6;

const num = (v: number | null | undefined) => (typeof v === "number" ? v : undefined);

/** The rule set's monitoring line of a year (the latest earlier one when the year has none). */
export function monitoringLineOf(lines: RulesResponse["monitoringLines"], year: number | undefined) {
  if (!year) return undefined;
  const exact = lines.filter((l) => l.year === year);
  if (exact.length) return { line: exact[0]!, exact: true };
  const earlier = lines.filter((l) => l.year < year).sort((a, b) => b.year - a.year);
  return earlier.length ? { line: earlier[0]!, exact: false } : undefined;
}

/**
 * 风险消除入户核实评估: at least two people visit; the income against the
 * year's monitoring line (from the rule set) and each criterion answered 是/否
 * with a note. The rules decide at the submission; a household that does not
 * meet them is refused there ("暂不标注风险消除，持续跟踪监测"), shown on top.
 */
export function AssessmentForm(props: ActionFormProps) {
  const [form] = Form.useForm<Values>();
  // A returned case keeps its assessment: the form opens with it, to be corrected.
  const earlier = (props.caseDetail.roundRecords as { assessment?: AssessmentRecord | null }).assessment;
  const { token } = theme.useToken();
  const income = Form.useWatch("income", form);
  const noLabour = Form.useWatch("noLabourCapacityCoveredBySocialSecurity", form);
  const found = monitoringLineOf(props.rules.monitoringLines, num(income?.year));
  const perCapita = num(income?.perCapitaYuan);
  const months = num(income?.stableMonths);
  const above = found && perCapita !== undefined ? perCapita > found.line.perCapitaYuan : undefined;

  return (
    <ActionFormShell<Values>
      {...props}
      form={form}
      name="assessment"
      initialValues={earlier ? { ...earlier, visitedOn: dayjs(earlier.visitedOn) } : { verifiers: [], income: { year: Number(serverToday().slice(0, 4)) - 1 } }}
      submitLabel="保存入户核实评估"
      toSubmission={(v) => ({
        action: "RECORD_ASSESSMENT",
        record: {
          visitedOn: isoDate(v.visitedOn),
          verifiers: (v.verifiers ?? []).map((s) => s.trim()).filter(Boolean),
          income: { year: num(v.income?.year), perCapitaYuan: num(v.income?.perCapitaYuan), stableMonths: num(v.income?.stableMonths) },
          ...Object.fromEntries(CRITERIA.map(({ key }) => [key, { met: v[key]?.met ?? undefined, note: optionalText(v[key]?.note) }])),
          noLabourCapacityCoveredBySocialSecurity: v.noLabourCapacityCoveredBySocialSecurity ?? undefined,
          findings: optionalText(v.findings),
        },
      })}
    >
      <RecordDateItem action="RECORD_ASSESSMENT" caseDetail={props.caseDetail} label="入户日期" />
      <Form.Item label="核实人员" name="verifiers" required extra="风险消除须至少两人入户核实；每人输入姓名后按回车（或逗号），姓名中可含空格">
        <PeopleInput placeholder="如：李专干、张村 陈书记" />
      </Form.Item>

      <Card size="small" type="inner" title="收入情况" style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item label="收入年度" name={["income", "year"]} required>
              <InputNumber<number> min={2015} max={2100} precision={0} style={{ width: "100%" }} suffix="年" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item label="人均纯收入" name={["income", "perCapitaYuan"]} required>
              <InputNumber<number> min={0} max={10_000_000} precision={2} style={{ width: "100%" }} suffix="元" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item label="收入稳定高于监测线" name={["income", "stableMonths"]} required>
              <InputNumber<number> min={0} max={120} precision={0} style={{ width: "100%" }} suffix="个月" />
            </Form.Item>
          </Col>
        </Row>
        <div data-testid="monitoring-line">
          {found ? (
            <Alert
              type={above === false || (months !== undefined && months < STABLE_MONTHS) ? "warning" : "info"}
              showIcon
              title={`${found.line.year} 年监测线：人均 ${formatYuan(found.line.perCapitaYuan)} 元${found.exact ? "" : `（${num(income?.year)} 年尚无监测线，按 ${found.line.year} 年）`}`}
              description={
                <>
                  <div>{found.line.source}</div>
                  {above === false && <div>人均纯收入未高于监测线。</div>}
                  {months !== undefined && months < STABLE_MONTHS && <div>收入须稳定高于监测线至少 {STABLE_MONTHS} 个月。</div>}
                </>
              }
            />
          ) : (
            <Typography.Text type="secondary">本地区规则中没有该年度的监测线，请核对收入年度。</Typography.Text>
          )}
        </div>
      </Card>

      <TrackedNote householdId={props.caseDetail.household.id} year={num(income?.year)} />
      <Card size="small" type="inner" title="风险消除条件评估" style={{ marginBottom: 12 }}>
        {CRITERIA.map(({ key, question }) => (
          <div key={key} role="group" aria-label={question} style={{ borderTop: `1px solid ${token.colorBorderSecondary}`, paddingTop: 8 }}>
            <Form.Item label={question} name={[key, "met"]} required style={{ marginBottom: 8 }}>
              <Radio.Group
                aria-label={question}
                options={[
                  { value: true, label: "是" },
                  { value: false, label: "否" },
                ]}
              />
            </Form.Item>
            <Form.Item label="说明" name={[key, "note"]} style={{ marginBottom: 8 }}>
              <Input maxLength={500} placeholder="依据或具体情况（选填）" aria-label={`${question}说明`} />
            </Form.Item>
          </div>
        ))}
      </Card>

      <Form.Item
        label="是否为无劳动能力、由社会保障兜底的家庭"
        name="noLabourCapacityCoveredBySocialSecurity"
        required
        extra={noLabour === true ? "此类家庭暂不标注风险消除，持续跟踪监测" : undefined}
      >
        <Radio.Group
          aria-label="是否为无劳动能力、由社会保障兜底的家庭"
          options={[
            { value: false, label: "否" },
            { value: true, label: "是" },
          ]}
        />
      </Form.Item>
      <Form.Item label="核实情况" name="findings" required>
        <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} placeholder="家庭收支、帮扶成效、风险变化等" />
      </Form.Item>
    </ActionFormShell>
  );
}
