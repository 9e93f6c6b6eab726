import { ZCalendarYearInput } from "@fanpin/domain/calendar-schemas";
import { Alert, App, Button, Card, Form, Input, InputNumber, Typography } from "antd";
import { useEffect } from "react";
import { parseWith } from "@/lib/form-submit.ts";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
import type { CalendarCoverage } from "../api/get-calendar-coverage.ts";
import type { CalendarOverride } from "../api/get-overrides.ts";
import { useDeclareCalendarYear } from "../api/declare-year.ts";

type Values = { year?: number | null; source?: string };

type YearDeclarationCardProps = { coverage: CalendarCoverage | undefined; overrides: readonly CalendarOverride[] };

/**
 * 确认某年已完整录入: once the year's notice is entered day by day (above),
 * the administrator says so; only then do deadlines crossing that year count
 * on its holidays instead of Monday–Friday.
 */
export function YearDeclarationCard({ coverage, overrides }: YearDeclarationCardProps) {
  const [form] = Form.useForm<Values>();
  const { message, modal } = App.useApp();
  const declare = useDeclareCalendarYear();
  const suggested = coverage?.yearsNeedingData[0];

  useEffect(() => {
    // Offer the year the warning is about, unless the administrator has typed one.
    if (suggested !== undefined && !form.isFieldTouched("year")) form.setFieldValue("year", suggested);
  }, [suggested, form]);

  type Body = { year: number; source: string };
  // The administrator confirms in a dialog between the check and the request; cancelling sends nothing.
  const { submit, general, onValuesChange } = useFormSubmit<Body, Body | null>(form, {
    failureTitle: "确认失败",
    parse: () => {
      const values = form.getFieldsValue(true) as Values;
      return parseWith(ZCalendarYearInput, { year: values.year ?? undefined, source: values.source ?? "" });
    },
    send: (body) =>
      new Promise<Body | null>((resolve, reject) => {
        const { year } = body;
        const entered = overrides.filter((o) => o.date.startsWith(`${year}-`));
        const inPackage = coverage?.coveredYears.includes(year) && !coverage.administratorYears.some((y) => y.year === year);
        modal.confirm({
          title: `确认 ${year} 年节假日已完整录入？`,
          content: (
            <>
              <p>
                确认后，跨越 {year} 年的期限将按已录入的放假和调休上班日期计算，不再按周一至周五推算和标注。
              </p>
              <p>
                该年已录入 {entered.length} 天调整
                {entered.length > 0 ? `（放假 ${entered.filter((o) => !o.isWorkingDay).length} 天、上班 ${entered.filter((o) => o.isWorkingDay).length} 天）` : ""}。
              </p>
              {entered.length === 0 && (
                <Alert type="warning" showIcon title="该年尚未录入任何放假或调休日期，请核对通知后再确认。" />
              )}
              {inPackage && <Alert type="info" showIcon title="该年已由数据包覆盖，此确认仅作记录。" />}
            </>
          ),
          okText: "确认",
          cancelText: "取消",
          onOk: () => declare.mutateAsync(body).then(() => resolve(body), reject),
          onCancel: () => resolve(null),
        });
      }),
    onDone: (declared) => {
      if (!declared) return;
      void message.success(`已确认 ${declared.year} 年节假日已完整录入`);
      form.resetFields(["source"]);
    },
  });

  return (
    <Card title="确认某年已完整录入" size="small">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        国务院办公厅发布某年放假安排后，请先在“新增或修改调整”中逐日录入该年的放假和调休上班日期，再在此确认。
        确认之前，跨越该年的期限按周一至周五推算，并标注“跨越未录入年份”。
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        name="calendar-year"
        layout="vertical"
        onValuesChange={onValuesChange}
        onFinish={() => void submit()}
        disabled={declare.isPending}
      >
        <Form.Item label="年份" name="year" required>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 140 }} placeholder="2027" />
        </Form.Item>
        <Form.Item label="依据（通知文号）" name="source" required>
          <Input maxLength={200} placeholder="国办发明电〔2026〕X号" />
        </Form.Item>
        {general.length > 0 && <Alert type="error" showIcon title={general.join("；")} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={declare.isPending}>
          确认已完整录入
        </Button>
      </Form>
    </Card>
  );
}
