import { INCOME_ITEMS, INCOME_ITEM_KEYS, summarizeIncome, type Income } from "@fanpin/domain/collection-form";
import { formatYuan } from "@fanpin/domain/money";
import { Col, Flex, Form, InputNumber, Row, Statistic, type ColProps, type FormInstance } from "antd";
import type { ReactNode } from "react";
import type { IncomeFormValues, ListName } from "./values.ts";

const DEFAULT_COL: ColProps = { xs: 24, md: 12, xl: 6 };

type IncomeFieldsProps = {
  form: FormInstance;
  /** Where the collection form lives in the form: [] (household form) or ["collectionForm"]. */
  prefix?: ListName;
  col?: ColProps;
  /** Fields shown before the items (the household form's 收入年度). */
  children?: ReactNode;
};

/**
 * Section 四 of the collection form: A28–A32 in yuan, with the household's
 * net and per-capita net income computed as the user types (the members are
 * counted from the member list beside it).
 */
export function IncomeFields({ form, prefix = [], col = DEFAULT_COL, children }: IncomeFieldsProps) {
  const income = Form.useWatch([...prefix, "income"], form) as IncomeFormValues | undefined;
  const members = Form.useWatch([...prefix, "members"], { form, preserve: true }) as unknown[] | undefined;
  const memberCount = members?.length ?? 0;
  const values = Object.fromEntries(INCOME_ITEM_KEYS.map((k) => [k, Number(income?.[k] ?? 0) || 0])) as Income;
  const summary = summarizeIncome(values, memberCount);

  return (
    <>
      {children}
      <Row gutter={16}>
        {INCOME_ITEM_KEYS.map((key) => (
          <Col {...col} key={key}>
            <Form.Item label={INCOME_ITEMS[key]} name={[...prefix, "income", key]}>
              <InputNumber<number> style={{ width: "100%" }} min={0} max={10_000_000} precision={2} step={100} suffix="元" />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Flex wrap gap={32}>
        <Statistic title="家庭纯收入" value={formatYuan(summary.net)} suffix="元" />
        <Statistic title={`人均纯收入（${memberCount} 人）`} value={formatYuan(summary.perCapita)} suffix="元" />
      </Flex>
    </>
  );
}
