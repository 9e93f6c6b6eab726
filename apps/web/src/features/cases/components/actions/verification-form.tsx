import type { HouseholdCategory, MonitoringType } from "@fanpin/domain/categories";
import type { HouseholdDetail } from "@fanpin/domain/household-schemas";
import { Alert, Button, Card, Divider, Form, Input, Radio, Skeleton, Typography, type FormInstance } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useRef, useState } from "react";
import { IncomeFields } from "@/components/collection-form/income-fields.tsx";
import { MemberListFields } from "@/components/collection-form/member-list-fields.tsx";
import { RiskFields } from "@/components/collection-form/risk-fields.tsx";
import {
  collectionFormToRequest, householdToCollectionFormValues, missingIdNumberIssues, storedMembersOf, type CollectionFormValues,
} from "@/components/collection-form/values.ts";
import { describeError } from "@/lib/api-client.ts";
import { useHousehold } from "@/lib/get-household.ts";
import { isoDate, optionalText } from "../../utils/record-issues.ts";
import { ActionFormShell, type ActionFormProps } from "./action-form-shell.tsx";
import { RecordDateItem } from "./date-field.tsx";
import { PeopleInput } from "./people-input.tsx";

/** The record as the API returns it in `roundRecords` (records.ts ZVerificationRecord). */
type EarlierVerification = {
  visitedOn: string;
  verifiers: string[];
  findings: string;
  riskConfirmed: boolean;
  monitoringType?: MonitoringType;
};

type Values = {
  visitedOn?: Dayjs | null;
  verifiers?: string[];
  findings?: string;
  riskConfirmed?: boolean | null;
  monitoringType?: MonitoringType;
  collectionForm?: CollectionFormValues;
};

const MEMBERS: (string | number)[] = ["collectionForm", "members"];
const PREFIX: (string | number)[] = ["collectionForm"];

/** The paper form the township fills at the household, by procedure (DOMAIN.md "The three procedures"). */
const FORM_TITLES: Record<HouseholdCategory, string> = {
  ORDINARY: "即时帮扶人口信息采集表",
  LIFTED_WITH_POLICY: "脱贫监测户信息采集表",
  LIFTED_WITHOUT_POLICY: "家庭信息采集表",
};

// The case screen's column is narrower than the household form: three fields a row, the ID number wider.
const memberCol = { xs: 24, md: 12, xl: 8 } as const;
const memberIdCol = { xs: 24, md: 12, xl: 16 } as const;
const incomeCol = { xs: 24, md: 12, xl: 8 } as const;

/**
 * 入户核实（采集）: the township's home visit, and the household's collection
 * form as verified at home, edited in place (members, income, risks). On
 * every procedure the form is open and recorded with the visit, so the
 * district approves what it sees (members, income, risks); it becomes the
 * household's data (the API does both in one transaction). Recording the
 * visit again (after a return) replaces this round's record: the form opens
 * with the earlier record, to be corrected.
 */
export function VerificationForm(props: ActionFormProps) {
  const household = useHousehold(props.caseDetail.household.id);
  // The household as it was when the form opened: a refetch in the background must not change it under the user's hands.
  const [base, setBase] = useState<HouseholdDetail | null>(null);
  if (!base && household.data) setBase(household.data);

  if (household.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  return (
    <VerificationFields
      {...props}
      household={base}
      householdError={base ? null : describeError(household.error)}
      onRetryHousehold={() => void household.refetch()}
    />
  );
}

type FieldsProps = ActionFormProps & {
  /** Null when it could not be loaded: the visit can still be recorded, without the collection form. */
  household: HouseholdDetail | null;
  householdError: string | null;
  onRetryHousehold: () => void;
};

function VerificationFields({ household, householdError, onRetryHousehold, ...props }: FieldsProps) {
  const [form] = Form.useForm<Values>();
  const category = props.caseDetail.category;
  // The earlier record of this round (a returned case keeps it): the form opens with it.
  const earlier = (props.caseDetail.roundRecords as { verification?: EarlierVerification | null }).verification ?? null;
  // Procedures that designate a 监测对象 propose its type here (required before the submission); the rule set lists the types.
  const { rules, procedure } = props;
  const withMonitoringType = procedure.outcome.type === "DESIGNATE" && procedure.outcome.designation === "MONITORING_TARGET" && rules.monitoringTypes.length > 0;
  // Loaded after a failed first attempt: the form is already there, its collection form is filled now.
  const filled = useRef(household !== null);
  useEffect(() => {
    if (household && !filled.current) {
      filled.current = true;
      form.setFieldsValue({ collectionForm: householdToCollectionFormValues(household) });
    }
  }, [household, form]);

  return (
    <ActionFormShell<Values>
      {...props}
      form={form}
      name="verification"
      initialValues={{
        verifiers: earlier?.verifiers ?? [],
        monitoringType: earlier?.monitoringType ?? props.caseDetail.monitoringType ?? undefined,
        ...(earlier
          ? { visitedOn: dayjs(earlier.visitedOn), findings: earlier.findings, riskConfirmed: earlier.riskConfirmed }
          : {}),
        // The household's file holds what the earlier verification recorded (it became the file).
        ...(household ? { collectionForm: householdToCollectionFormValues(household) } : {}),
      }}
      submitLabel="保存入户核实"
      toSubmission={(v) => {
        const sendsForm = household !== null;
        return {
          action: "RECORD_VERIFICATION",
          record: {
            visitedOn: isoDate(v.visitedOn),
            verifiers: (v.verifiers ?? []).map((s) => s.trim()).filter(Boolean),
            findings: optionalText(v.findings),
            riskConfirmed: v.riskConfirmed ?? undefined,
            ...(withMonitoringType && v.monitoringType ? { monitoringType: v.monitoringType } : {}),
            ...(sendsForm ? { collectionForm: { ...collectionFormToRequest(v.collectionForm ?? {}), householdVersion: household.version } } : {}),
          },
          issues: sendsForm ? missingIdNumberIssues(v.collectionForm?.members, MEMBERS) : [],
        };
      }}
    >
      <RecordDateItem action="RECORD_VERIFICATION" caseDetail={props.caseDetail} label="入户日期" />
      <Form.Item label="核实人员" name="verifiers" required extra="每人输入姓名后按回车（或逗号）；姓名中可含空格，如“张村 陈书记”">
        <PeopleInput placeholder="如：李专干、张村 陈书记" />
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
      {withMonitoringType && (
        <Form.Item label="监测对象类型" name="monitoringType" required extra="报送前须选择；由区县审定时确认">
          <Radio.Group aria-label="监测对象类型" options={rules.monitoringTypes.map((t) => ({ value: t.code, label: t.label }))} />
        </Form.Item>
      )}

      <section aria-label={`${FORM_TITLES[category]}（入户核实）`}>
        <Card size="small" title={`${FORM_TITLES[category]}（入户核实）`} style={{ marginBottom: 16 }}>
          {householdError !== null ? (
            <Alert
              type="warning"
              showIcon
              title={`家庭信息载入失败（${householdError}），暂不能在此核对采集表；入户核实可照常保存。`}
              action={
                <Button size="small" onClick={onRetryHousehold}>
                  重试
                </Button>
              }
            />
          ) : (
            household && <CollectionFormSection form={form} household={household} />
          )}
        </Card>
      </section>
    </ActionFormShell>
  );
}

function CollectionFormSection({ form, household }: { form: FormInstance<Values>; household: HouseholdDetail }) {
  const storedMembers = storedMembersOf(household);
  const restore = () => {
    const fields = form.getFieldsError().filter((f) => f.name[0] === "collectionForm" && f.errors.length);
    (form as FormInstance).setFields(fields.map((f) => ({ name: f.name, errors: [] })));
    form.setFieldsValue({ collectionForm: householdToCollectionFormValues(household) });
  };

  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        以下为家庭档案中的信息，请按入户采集的结果逐项核对、更正，随入户核实一并报送区县审核。保存后家庭档案即更新为核实后的信息（记入变更历史）；证件号码不变的成员无需重新录入。
      </Typography.Paragraph>
      <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
        家庭成员
      </Divider>
      <MemberListFields form={form} name={MEMBERS} storedMembers={storedMembers} col={memberCol} idCol={memberIdCol} />
      <Divider titlePlacement="start" plain>
        家庭收入（元/年{household.incomeYear ? `，${household.incomeYear} 年度` : ""}）
      </Divider>
      <IncomeFields form={form} prefix={PREFIX} col={incomeCol} />
      <Divider titlePlacement="start" plain>
        致贫（返贫）风险
      </Divider>
      <RiskFields prefix={PREFIX} causesCol={{ xs: 24, xl: 10 }} descriptionCol={{ xs: 24, xl: 14 }} />
      <Button size="small" onClick={restore}>
        恢复为档案中的信息
      </Button>
    </>
  );
}
