import { ZCalendarOverrideInput } from "@fanpin/domain/calendar-schemas";
import type { z } from "zod";
import { Alert, App, Button, Card, DatePicker, Form, Input, Radio, Space, Typography, type FormInstance } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { serverToday } from "@/lib/api-client.ts";
import { forwardRef } from "react";
import { parseWith } from "@/lib/form-submit.ts";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
import { useDay } from "../api/get-day.ts";
import type { CalendarOverride } from "../api/get-overrides.ts";
import { useSetCalendarOverride } from "../api/set-override.ts";
import { dayStatus } from "../utils/day-status.ts";

export type OverrideValues = { date?: Dayjs | null; isWorkingDay?: boolean; name?: string; note?: string };

type OverrideFormProps = {
  form: FormInstance<OverrideValues>;
  overrides: ReadonlyMap<string, CalendarOverride>;
};

/** What the chosen day is now (package, entered years and overrides together). */
function CurrentDay({ date, override }: { date: string; override: CalendarOverride | undefined }) {
  const day = useDay(date);
  if (!day.data) return null;
  const status = dayStatus(day.data, override);
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      当前：{status.description.slice(date.length + 1)}
    </Typography.Text>
  );
}

/** 新增或修改调整: sets one day to 上班 or 放假, with the holiday's name and the notice it comes from. */
export const OverrideForm = forwardRef<HTMLDivElement, OverrideFormProps>(function OverrideForm({ form, overrides }, ref) {
  const { message } = App.useApp();
  const save = useSetCalendarOverride();
  const date = Form.useWatch("date", form);
  const iso = date ? date.format("YYYY-MM-DD") : null;
  const existing = iso ? overrides.get(iso) : undefined;

  const { submit, general, setGeneral, onValuesChange } = useFormSubmit<{ date: string; body: z.infer<typeof ZCalendarOverrideInput> }, unknown>(form, {
    failureTitle: "保存失败",
    parse: () => {
      const values = form.getFieldsValue(true) as OverrideValues;
      const parsed = parseWith(ZCalendarOverrideInput, {
        isWorkingDay: values.isWorkingDay,
        name: values.name?.trim() || undefined,
        note: values.note?.trim() || undefined,
      });
      const issues = [...(values.date ? [] : [{ path: "date", message: "请选择日期" }]), ...(parsed.ok ? [] : parsed.issues)];
      if (!values.date || !parsed.ok) return { ok: false, issues };
      return { ok: true, data: { date: values.date.format("YYYY-MM-DD"), body: parsed.data } };
    },
    send: (data) => save.mutateAsync(data),
    onDone: (_saved, { date: day, body }) => {
      void message.success(`已保存 ${day} 的调整：${body.isWorkingDay ? "上班" : "放假"}`);
      form.resetFields();
    },
  });

  return (
    <Card title="新增或修改调整" size="small" ref={ref}>
      <Form<OverrideValues>
        form={form}
        name="calendar-override"
        layout="vertical"
        onValuesChange={onValuesChange}
        onFinish={() => void submit()}
        disabled={save.isPending}
      >
        <Form.Item
          label="日期"
          name="date"
          required
          extra={iso ? <CurrentDay date={iso} override={existing} /> : "可在月历中点击日期，或在此输入（YYYY-MM-DD）"}
        >
          <DatePicker
            style={{ width: "100%" }}
            placeholder="选择或输入日期"
            // The panel opens on the server's month, not the device clock's.
            defaultPickerValue={dayjs(serverToday())}
            // A date typed and confirmed with Enter must not also submit the form.
            onKeyDown={(event) => {
              if (event.key === "Enter") event.preventDefault();
            }}
            onChange={(value: Dayjs | null) => {
              // Choosing a day that already has a setting loads it, to be changed.
              const found = value ? overrides.get(value.format("YYYY-MM-DD")) : undefined;
              if (found) form.setFieldsValue({ isWorkingDay: found.isWorkingDay, name: found.name ?? "", note: found.note ?? "" });
            }}
          />
        </Form.Item>
        <Form.Item label="该日" name="isWorkingDay" required>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: false, label: "放假" },
              { value: true, label: "上班" },
            ]}
          />
        </Form.Item>
        <Form.Item label="名称" name="name" extra="如“元旦”“春节”；调休上班日可写“春节调休上班”">
          <Input maxLength={50} placeholder="元旦" />
        </Form.Item>
        <Form.Item label="依据或备注" name="note" extra="如国务院办公厅通知文号">
          <Input maxLength={500} placeholder="国办发明电〔2026〕X号" />
        </Form.Item>
        {existing && (
          <Alert type="info" showIcon title={`${iso} 已有调整，保存将覆盖原设置`} style={{ marginBottom: 12 }} />
        )}
        {general.length > 0 && <Alert type="error" showIcon title={general.join("；")} style={{ marginBottom: 12 }} />}
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存调整
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setGeneral([]);
            }}
          >
            清空
          </Button>
        </Space>
      </Form>
    </Card>
  );
});
