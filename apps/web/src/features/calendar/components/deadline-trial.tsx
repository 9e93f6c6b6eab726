import { Alert, Button, Card, DatePicker, Form, InputNumber, Space, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { describeError, serverToday } from "@/lib/api-client.ts";
import { useWorkingDays, type WorkingDaysQuery } from "../api/get-working-days.ts";

type Values = { from?: Dayjs | null; days?: number | null };

/** 期限试算: the N-th working day after a date, as the system computes deadlines (the start day not counted). */
export function DeadlineTrial() {
  const [form] = Form.useForm<Values>();
  const [query, setQuery] = useState<WorkingDaysQuery | null>(null);
  const result = useWorkingDays(query);

  function submit(values: Values) {
    const errors: { name: keyof Values; errors: string[] }[] = [];
    if (!values.from) errors.push({ name: "from", errors: ["请选择起始日"] });
    if (values.days === undefined || values.days === null) errors.push({ name: "days", errors: ["请填写工作日数"] });
    form.setFields([
      { name: "from", errors: [] },
      { name: "days", errors: [] },
      ...errors,
    ]);
    if (errors.length || !values.from || values.days == null) return;
    setQuery({ from: values.from.format("YYYY-MM-DD"), days: values.days });
  }

  return (
    <Card title="期限试算" size="small">
      <Form<Values>
        form={form}
        name="calendar-trial"
        layout="vertical"
        initialValues={{ days: 5 }}
        onFinish={submit}
        onValuesChange={() => setQuery(null)}
      >
        <Space align="start" wrap>
          <Form.Item label="起始日" name="from" required style={{ marginBottom: 12 }}>
            {/* The panel opens on the server's month, not the device clock's. */}
            <DatePicker placeholder="选择或输入日期" style={{ width: 150 }} defaultPickerValue={dayjs(serverToday())} />
          </Form.Item>
          <Form.Item label="工作日数" name="days" required style={{ marginBottom: 12 }}>
            <InputNumber min={0} max={366} precision={0} style={{ width: 100 }} suffix="天" />
          </Form.Item>
        </Space>
        <Button htmlType="submit" loading={result.isFetching}>
          试算
        </Button>
      </Form>
      <div aria-live="polite" style={{ marginTop: 12 }}>
        {query && result.isError && <Alert type="error" showIcon title={describeError(result.error)} />}
        {query && result.data && (
          <Alert
            type={result.data.complete ? "success" : "warning"}
            showIcon
            title={
              <span>
                {query.from} 起第 {query.days} 个工作日：
                <Typography.Text strong data-testid="calendar-trial-result">
                  {result.data.date}
                </Typography.Text>
                （{dayjs(result.data.date).format("dddd")}）
              </span>
            }
            description={
              <>
                起始日不计入。
                {!result.data.complete && (
                  <Tag color="warning" style={{ marginInlineStart: 4 }}>
                    跨越未录入年份，按周一至周五推算
                  </Tag>
                )}
              </>
            }
          />
        )}
      </div>
    </Card>
  );
}
