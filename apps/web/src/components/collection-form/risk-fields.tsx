import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import { Col, Form, Input, Row, Select, type ColProps } from "antd";
import { optionsOf } from "@/lib/format.ts";
import type { ListName } from "./values.ts";

const riskCauseOptions = optionsOf(RISK_CAUSE.labels);

type RiskFieldsProps = {
  /** Where the collection form lives in the form: [] (household form) or ["collectionForm"]. */
  prefix?: ListName;
  causesCol?: ColProps;
  descriptionCol?: ColProps;
};

/** A52a–c 致贫（返贫）风险 (up to three) and the free-text description of the difficulty. */
export function RiskFields({ prefix = [], causesCol = { xs: 24, xl: 10 }, descriptionCol = { xs: 24, xl: 14 } }: RiskFieldsProps) {
  return (
    <Row gutter={16}>
      <Col {...causesCol}>
        <Form.Item label="风险类型" name={[...prefix, "riskCauses"]} extra="最多选 3 项">
          <Select mode="multiple" options={riskCauseOptions} placeholder="请选择" maxCount={3} allowClear />
        </Form.Item>
      </Col>
      <Col {...descriptionCol}>
        <Form.Item label="困难情况描述" name={[...prefix, "difficultyDescription"]}>
          <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Col>
    </Row>
  );
}
