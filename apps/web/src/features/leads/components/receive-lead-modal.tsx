import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import { CLUE_SOURCES, STAFF_CLUE_SOURCES, ZReceiveLeadRequest } from "@fanpin/domain/detection/lead-schemas";
import { LEAD_DATE, leadDateRange } from "@fanpin/domain/procedures/record-dates";
import { useQuery } from "@tanstack/react-query";
import { Alert, Form, Input, Modal, Radio, Select, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { AreaTreeSelect } from "@/components/area-tree-select.tsx";
import { DateItem } from "@/components/date-field.tsx";
import { serverToday } from "@/lib/api-client.ts";
import { parseWith } from "@/lib/form-submit.ts";
import { optionsOf } from "@/lib/format.ts";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
import { getHouseholdsQueryOptions } from "@/features/households/api/get-households.ts";
import { isoDate, optionalText } from "@/features/cases/utils/record-issues.ts";
import { useReceiveLead, type ReceivedLead, type ReceiveLeadRequest } from "../api/leads.ts";

type RiskCause = (typeof RISK_CAUSE.codes)[number];
type Values = {
  source?: string;
  receivedOn?: Dayjs | null;
  who?: "household" | "person";
  householdId?: string;
  personName?: string;
  villageId?: number;
  phone?: string;
  idNumber?: string;
  riskCauses?: RiskCause[];
  description?: string;
};

const sourceOptions = STAFF_CLUE_SOURCES.map((s) => ({ value: s, label: CLUE_SOURCES[s] }));

/** A registered household found by its head's name or an ID number (as the household list searches). */
function HouseholdPicker({ value, onChange, id }: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  // Ask once typing pauses, not per keystroke.
  useEffect(() => {
    const t = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(t);
  }, [typed]);
  const found = useQuery({ ...getHouseholdsQueryOptions({ q, page: 1, pageSize: 10 }), enabled: q.length > 0 });
  return (
    <Select
      id={id}
      aria-label="已登记家庭"
      showSearch={{ filterOption: false, onSearch: setTyped }}
      value={value}
      onChange={onChange}
      allowClear
      placeholder="输入户主姓名或身份证号查找"
      notFoundContent={q ? (found.isFetching ? "查找中…" : "没有找到该家庭") : "请输入户主姓名或身份证号"}
      loading={found.isFetching}
      options={(found.data?.items ?? []).map((h) => ({
        value: h.id,
        label: `${h.headName}（${h.village.name}，${h.headIdNumberMasked}）`,
      }))}
    />
  );
}

type ReceiveLeadModalProps = {
  open: boolean;
  /** From a household's page: the clue is about this household. */
  household?: { id: string; headName: string };
  onReceived: (received: ReceivedLead) => void;
  onClose: () => void;
};

/**
 * 登记线索: a clue taken by staff (a visit, a hotline call, the secretary's
 * visit, inspection feedback), about a registered household or a person not
 * registered yet (name and village, phone or ID number where known). The
 * server merges it into the open lead of the same household, ID number or
 * phone; the answer says so.
 */
export function ReceiveLeadModal({ open, household, onReceived, onClose }: ReceiveLeadModalProps) {
  const [form] = Form.useForm<Values>();
  const who = Form.useWatch("who", form) ?? (household ? "household" : "person");
  const receive = useReceiveLead();
  const { submit, general, onValuesChange } = useFormSubmit<ReceiveLeadRequest, ReceivedLead>(form, {
    failureTitle: "登记线索失败",
    parse: () => {
      const v = form.getFieldsValue(true) as Values;
      const byHousehold = household ? true : v.who === "household";
      const request = {
        source: v.source,
        receivedOn: isoDate(v.receivedOn),
        riskCauses: v.riskCauses ?? [],
        description: optionalText(v.description),
        ...(byHousehold
          ? { householdId: household?.id ?? v.householdId ?? null }
          : { personName: optionalText(v.personName), villageId: v.villageId, phone: optionalText(v.phone) ?? null, idNumber: optionalText(v.idNumber) ?? null }),
      };
      if (byHousehold && !(household?.id ?? v.householdId)) return { ok: false, issues: [{ path: ["householdId"], message: "请选择已登记家庭" }] };
      const parsed = parseWith(ZReceiveLeadRequest, request);
      if (!parsed.ok) return { ok: false, issues: parsed.issues.map((i) => (typeof i.path !== "string" && i.path[0] === "riskCauses" ? { ...i, path: ["riskCauses"] } : i)) };
      return { ok: true, data: request as ReceiveLeadRequest };
    },
    send: (request) => receive.mutateAsync(request),
    onDone: (received) => onReceived(received),
  });

  return (
    <Modal
      open={open}
      title={household ? `登记线索：${household.headName} 户` : "登记线索"}
      okText="登记线索"
      cancelText="取消"
      confirmLoading={receive.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">
        线索登记后于下一个工作日转交乡镇核实；同一户、同一身份证号或电话的线索将并入正在核实的线索。
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        name="receive-lead"
        layout="vertical"
        preserve={false}
        initialValues={{ receivedOn: dayjs(serverToday()), who: "person", riskCauses: [] }}
        onValuesChange={onValuesChange}
        onFinish={() => void submit()}
        disabled={receive.isPending}
      >
        <Form.Item label="线索来源" name="source" required>
          <Select aria-label="线索来源" options={sourceOptions} placeholder="请选择" />
        </Form.Item>
        <DateItem label="线索接收日期" name="receivedOn" required what={LEAD_DATE.what} range={leadDateRange(serverToday())} />
        {!household && (
          <Form.Item label="线索对象" name="who">
            <Radio.Group
              optionType="button"
              options={[
                { value: "person", label: "未登记人员" },
                { value: "household", label: "已登记家庭" },
              ]}
            />
          </Form.Item>
        )}
        {!household && who === "household" && (
          <Form.Item label="已登记家庭" name="householdId" required>
            <HouseholdPicker />
          </Form.Item>
        )}
        {!household && who === "person" && (
          <>
            <Form.Item label="姓名" name="personName" required>
              <Input maxLength={50} autoComplete="off" />
            </Form.Item>
            <Form.Item label="所在村" name="villageId" required>
              <AreaTreeSelect aria-label="所在村" maxLevel="VILLAGE" selectableLevels={["VILLAGE"]} placeholder="请选择村" style={{ width: "100%" }} />
            </Form.Item>
            <Form.Item label="联系电话" name="phone" extra="电话、身份证号知道的请填写，便于联系核实和合并同一人的线索">
              <Input maxLength={20} inputMode="tel" autoComplete="off" />
            </Form.Item>
            <Form.Item label="身份证号" name="idNumber">
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
          </>
        )}
        <Form.Item label="致贫（返贫）风险" name="riskCauses" extra="最多选 3 项">
          <Select aria-label="致贫（返贫）风险" mode="multiple" options={optionsOf(RISK_CAUSE.labels)} maxCount={3} placeholder="请选择" allowClear />
        </Form.Item>
        <Form.Item label="风险情况描述" name="description" required>
          <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} placeholder="发生了什么、何时发生、家庭现状" />
        </Form.Item>
        {general.length > 0 && <Alert type="error" showIcon role="alert" title={general.join("；")} />}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
