import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS } from "@fanpin/domain/categories";
import { ZCreateHouseholdRequest, ZUpdateHouseholdRequest } from "@fanpin/domain/household-schemas";
import { Alert, Button, Card, Col, DatePicker, Flex, Form, Input, InputNumber, Row, Select, Space, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { parseWith } from "@/lib/form-submit.ts";
import { optionsOf } from "@/lib/format.ts";
import { useAreas } from "@/lib/get-areas.ts";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
import { IncomeFields } from "@/components/collection-form/income-fields.tsx";
import { MemberListFields } from "@/components/collection-form/member-list-fields.tsx";
import { RiskFields } from "@/components/collection-form/risk-fields.tsx";
import { missingIdNumberIssues, type StoredMemberId } from "@/components/collection-form/values.ts";
import { toCreateRequest, toUpdateRequest, type HouseholdFormValues } from "../utils/form-values.ts";
import { serverToday } from "@/lib/api-client.ts";

type Issue = { path: string | readonly PropertyKey[]; message: string };

type HouseholdFormProps =
  | {
      mode: "create";
      initialValues: HouseholdFormValues;
      onSubmit: (request: ReturnType<typeof toCreateRequest>) => Promise<unknown>;
      onCancel: () => void;
    }
  | {
      mode: "edit";
      initialValues: HouseholdFormValues;
      version: number;
      /** The category when the editor opened the record: only an administrator may correct it, with a reason. */
      originalCategory: HouseholdFormValues["category"];
      /** Whether the editor is an administrator (the category is read-only for everyone else). */
      canCorrectCategory: boolean;
      /** The saved members' masked numbers by member id: kept unless replaced. */
      storedMembers: Record<string, StoredMemberId>;
      onSubmit: (request: ReturnType<typeof toUpdateRequest>) => Promise<unknown>;
      onCancel: () => void;
    };

const FORM_NAME = "household";
const categoryOptions = optionsOf(HOUSEHOLD_CATEGORY_LABELS);
/** The category is the procedures' outcome (decision: issue 12, item 4). */
const CATEGORY_HINT = "户类别只能通过回退程序变更，或由系统管理员更正";
const designationOptions = optionsOf(DESIGNATION_LABELS);

/** A list index in a path (members.1.idNumber) names the list field itself for risk causes, which is one select. */
function normalizeIssuePath(path: Issue["path"]): Issue["path"] {
  const parts = typeof path === "string" ? path.split(".") : path.map(String);
  if (parts[0] === "riskCauses") return ["riskCauses"];
  return parts;
}

/**
 * Create and edit form of a household and its members. The shared zod schema
 * checks the values before anything is sent; its messages and the server's
 * `details` land on the fields they name (members.1.idNumber → the ID field
 * of the second member). Messages that name no field show above the buttons.
 */
export function HouseholdForm(props: HouseholdFormProps) {
  const { mode, initialValues, onCancel } = props;
  const [form] = Form.useForm<HouseholdFormValues>();
  const [membersError, setMembersError] = useState<string[]>([]);

  const areas = useAreas("NATURAL_VILLAGE");
  const villageId = Form.useWatch("villageId", form);
  const category = Form.useWatch("category", form);
  const designation = Form.useWatch("designation", form);

  const { villageOptions, naturalVillageOptions } = useMemo(() => {
    const list = areas.data?.areas ?? [];
    const byId = new Map(list.map((a) => [a.id, a]));
    const villages = list.filter((a) => a.level === "VILLAGE").sort((a, b) => a.code.localeCompare(b.code));
    // Villages grouped by township, so that same-named villages of two townships stay apart.
    const groups = new Map<string, { label: string; options: { value: number; label: string }[] }>();
    for (const v of villages) {
      const township = v.parentId !== null ? byId.get(v.parentId) : undefined;
      const key = township ? String(township.id) : "";
      const group = groups.get(key) ?? { label: township?.name ?? "其他", options: [] };
      group.options.push({ value: v.id, label: v.name });
      groups.set(key, group);
    }
    const natural = list
      .filter((a) => a.level === "NATURAL_VILLAGE" && a.parentId === villageId)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((a) => ({ value: a.id, label: a.name }));
    return { villageOptions: [...groups.values()], naturalVillageOptions: natural };
  }, [areas.data, villageId]);

  const categoryChanged = mode === "edit" && Boolean(category) && category !== props.originalCategory;

  type Request = ReturnType<typeof toCreateRequest> | ReturnType<typeof toUpdateRequest>;
  const { submit, general: generalErrors, pending: isSubmitting, onValuesChange } = useFormSubmit<Request, unknown>(form, {
    failureTitle: "保存失败",
    // The whole store, with what no field shows (member ids, whether a number is being replaced).
    parse: () => {
      setMembersError([]);
      const values = form.getFieldsValue(true) as HouseholdFormValues;
      const issues: Issue[] = [];
      let request: Request;
      if (props.mode === "create") {
        const parsed = parseWith(ZCreateHouseholdRequest, toCreateRequest(values));
        if (!parsed.ok) return parsed;
        request = parsed.data as Request;
      } else {
        const parsed = parseWith(ZUpdateHouseholdRequest, toUpdateRequest(values, props.version));
        if (!parsed.ok) issues.push(...parsed.issues);
        request = (parsed.ok ? parsed.data : toUpdateRequest(values, props.version)) as Request;
        issues.push(...missingIdNumberIssues(values.members));
        if (values.category !== props.originalCategory && !values.categoryChangeReason?.trim()) {
          issues.push({ path: ["categoryChangeReason"], message: "更正户类别须填写更正原因" });
        }
      }
      return issues.length ? { ok: false, issues } : { ok: true, data: request };
    },
    send: (request) =>
      props.mode === "create" ? props.onSubmit(request as ReturnType<typeof toCreateRequest>) : props.onSubmit(request as ReturnType<typeof toUpdateRequest>),
    onDone: () => {},
    // A stale version names no field: its message (reload and redo) shows above the buttons.
    onApiError: (error) => (error.code === "VERSION_CONFLICT" ? error.message : undefined),
    // "members" as a whole (too many, no head) shows above the list; the rest on their fields.
    arrangeIssues: (issues) => {
      const isMembersLevel = (i: Issue) => (typeof i.path === "string" ? i.path === "members" : i.path.length === 1 && i.path[0] === "members");
      const memberLevel = issues.filter(isMembersLevel);
      const rest = issues.filter((i) => !isMembersLevel(i)).map((i) => ({ ...i, path: normalizeIssuePath(i.path) }));
      setMembersError(memberLevel.map((i) => i.message));
      if (memberLevel.length && rest.length === 0) document.getElementById("household-members")?.scrollIntoView({ block: "center" });
      return rest;
    },
  });

  return (
    <Form<HouseholdFormValues>
      form={form}
      name={FORM_NAME}
      layout="vertical"
      initialValues={initialValues}
      // The whole store, with what no field shows (member ids, whether a number is being replaced).
      onFinish={() => void submit()}
      disabled={isSubmitting}
      onValuesChange={(changed: Partial<HouseholdFormValues>) => {
        onValuesChange(changed);
        if ("villageId" in changed) form.setFieldValue("naturalVillageId", null);
        if ("members" in changed && membersError.length) setMembersError([]);
      }}
    >
      <Flex vertical gap={16}>
        <Card title="基本信息" size="small">
          <Row gutter={16}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item
                label="户类别"
                name="category"
                required
                extra={mode === "edit" ? CATEGORY_HINT : undefined}
              >
                <Select
                  options={categoryOptions}
                  placeholder="请选择户类别"
                  disabled={mode === "edit" && !props.canCorrectCategory}
                />
              </Form.Item>
            </Col>
            {mode === "create" && (
              <>
                <Col xs={24} md={12} xl={8}>
                  <Form.Item label="认定类型" name="designation" extra="登记已认定的家庭时选择；未认定则留空">
                    <Select options={designationOptions} placeholder="未认定" allowClear />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12} xl={8}>
                  <Form.Item label="认定日期" name="designatedAt" required={Boolean(designation)}>
                    <DatePicker
                      style={{ width: "100%" }}
                      disabled={!designation}
                      disabledDate={(d) => d.isAfter(dayjs(serverToday()), "day")}
                      placeholder="选择认定日期"
                    />
                  </Form.Item>
                </Col>
              </>
            )}
            <Col xs={24} md={12} xl={8}>
              <Form.Item label="村（社区）" name="villageId" required>
                <Select
                  options={villageOptions}
                  placeholder={areas.isLoading ? "加载中…" : "请选择村"}
                  showSearch={{ optionFilterProp: "label" }}
                  loading={areas.isLoading}
                  notFoundContent={areas.isError ? "行政区划加载失败" : "您的辖区内没有匹配的村"}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item label="自然村（村民小组）" name="naturalVillageId">
                <Select
                  options={naturalVillageOptions}
                  placeholder={villageId ? "请选择自然村" : "请先选择村"}
                  disabled={!villageId}
                  allowClear
                  showSearch={{ optionFilterProp: "label" }}
                />
              </Form.Item>
            </Col>
            {mode === "create" && (
              <Col xs={24} md={12} xl={8}>
                <Form.Item label="户编号" name="householdNo" extra="全国系统中的户编号（18 位数字）；不填则由本系统生成">
                  <Input maxLength={32} placeholder="选填" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12} xl={8}>
              <Form.Item label="联系电话" name="phone">
                <Input maxLength={20} placeholder="手机号码或带区号的固定电话" inputMode="tel" />
              </Form.Item>
            </Col>
            <Col xs={24} xl={16}>
              <Form.Item label="详细地址" name="addressDetail">
                <Input maxLength={200} showCount placeholder="门牌号等（选填）" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title="致贫（返贫）风险" size="small">
          <RiskFields />
        </Card>

        <Card title="家庭收入（元/年）" size="small">
          <IncomeFields form={form}>
            <Row gutter={16}>
              <Col xs={24} md={12} xl={6}>
                <Form.Item label="收入年度" name="incomeYear">
                  <InputNumber style={{ width: "100%" }} min={2000} max={2100} precision={0} placeholder="如 2025" />
                </Form.Item>
              </Col>
            </Row>
          </IncomeFields>
        </Card>

        <Card title="家庭成员" size="small" id="household-members">
          {membersError.length > 0 && (
            <Alert type="error" showIcon role="alert" title={membersError.join("；")} style={{ marginBottom: 12 }} />
          )}
          <MemberListFields form={form} storedMembers={mode === "edit" ? props.storedMembers : undefined} />
        </Card>

        {categoryChanged && (
          <Card title="更正户类别" size="small">
            <Form.Item
              label="更正原因"
              name="categoryChangeReason"
              required
              extra="系统管理员更正户类别须说明原因（将记入变更历史）；经程序变更户类别请办理回退"
            >
              <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 4 }} />
            </Form.Item>
          </Card>
        )}

        {generalErrors.length > 0 && (
          <Alert type="error" showIcon role="alert" title={generalErrors.join("；")} />
        )}

        <Card size="small" style={{ position: "sticky", bottom: 0, zIndex: 5 }}>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={isSubmitting}>
              {mode === "create" ? "保存登记" : "保存修改"}
            </Button>
            <Button onClick={onCancel} disabled={isSubmitting}>
              取消
            </Button>
            <Typography.Text type="secondary">带 * 的为必填项；金额单位为元，最多两位小数</Typography.Text>
          </Space>
        </Card>
      </Flex>
    </Form>
  );
}
