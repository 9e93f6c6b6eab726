import { CopyOutlined } from "@ant-design/icons";
import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import { ZSelfReportRequest, type SelfReportRequest } from "@fanpin/domain/detection/self-report-schemas";
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, Result, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { paths } from "@/config/paths.ts";
import { parseWith } from "@/lib/form-submit.ts";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
import { submitSelfReport, usePublicVillage } from "../api/public.ts";
import { PublicFrame } from "./public-frame.tsx";
import { VillagePicker } from "./village-picker.tsx";

type Values = { name?: string; phone?: string; idNumber?: string; riskCauses?: string[]; description?: string };

const blankToUndefined = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

/** The reference, big, with a copy button and the way to the status page. */
function Submitted({ reference }: { reference: string }) {
  const { message } = App.useApp();
  const copy = () =>
    navigator.clipboard?.writeText(reference).then(
      () => void message.success("申报编号已复制"),
      () => void message.info("请手动记下申报编号"),
    ) ?? void message.info("请手动记下申报编号");
  return (
    <Card>
      <Result
        status="success"
        title="申报已提交"
        subTitle="请记下申报编号，凭编号和手机号码后 4 位可随时查询办理进度。乡镇（街道）工作人员将与您联系核实。"
      />
      <Typography.Text type="secondary">申报编号</Typography.Text>
      <div className="self-report-reference" aria-label="申报编号">
        {reference}
      </div>
      <Flex vertical gap={8} style={{ marginTop: 16 }}>
        <Button icon={<CopyOutlined />} onClick={copy} block>
          复制申报编号
        </Button>
        <Link to={paths.selfReportStatus.getHref(reference)}>
          <Button type="primary" block>
            查询办理进度
          </Button>
        </Link>
      </Flex>
    </Card>
  );
}

/**
 * 一键申报 (农户自主申报), public: the village (preset by the QR code or picked), name, phone, an optional ID
 * number, the difficulty. The proof-of-work challenge, when the API asks for it, is solved on the phone.
 */
export function SelfReportPage({ presetVillageCode }: { presetVillageCode: string | null }) {
  const [form] = Form.useForm<Values>();
  const preset = usePublicVillage(presetVillageCode);
  const [pickedVillage, setPickedVillage] = useState<string | undefined>();
  const [villageError, setVillageError] = useState<string | null>(null);
  const [solving, setSolving] = useState(false);
  const [reference, setReference] = useState<string | null>(null);
  const villageCode = preset.isSuccess ? preset.data.code : pickedVillage;

  const { submit, pending, general, onValuesChange } = useFormSubmit<SelfReportRequest, { reference: string }>(form, {
    parse: () => {
      const v = form.getFieldsValue();
      const parsed = parseWith(ZSelfReportRequest, {
        villageCode, name: v.name?.trim() ?? "", phone: v.phone?.trim() ?? "", idNumber: blankToUndefined(v.idNumber),
        riskCauses: v.riskCauses?.length ? v.riskCauses : undefined, description: v.description?.trim() ?? "",
      });
      setVillageError(!parsed.ok && parsed.issues.some((i) => String(i.path[0] ?? i.path) === "villageCode") ? "请选择所在村" : null);
      return parsed;
    },
    send: (data) => submitSelfReport(data, setSolving),
    onApiError: (error) => {
      const village = error.details.find((d) => d.path === "villageCode");
      if (village) setVillageError(village.message);
      return undefined;
    },
    onDone: (r) => {
      setReference(r.reference);
      window.scrollTo({ top: 0 });
    },
    failureTitle: "申报未能提交",
  });

  if (reference) {
    return (
      <PublicFrame title="一键申报 防止返贫">
        <Submitted reference={reference} />
      </PublicFrame>
    );
  }

  return (
    <PublicFrame title="一键申报 防止返贫">
      <Alert
        type="info"
        showIcon
        title="家里遇到大病、残疾、灾害、失业等困难，可能影响基本生活的，可在这里向乡镇（街道）申报，无需登录。也可拨打 12317 热线反映。"
      />
      <Card>
        <Form form={form} layout="vertical" onFinish={() => void submit()} onValuesChange={onValuesChange} requiredMark="optional" disabled={pending}>
          <Form.Item label="所在村" required validateStatus={villageError ? "error" : undefined} help={villageError ?? undefined}>
            {presetVillageCode && preset.isPending ? (
              <Typography.Text type="secondary">正在读取二维码中的村…</Typography.Text>
            ) : preset.isSuccess ? (
              <Typography.Text strong aria-label="所在村">
                {preset.data.path.map((a) => a.name).join(" / ")}
              </Typography.Text>
            ) : (
              <Flex vertical gap={8}>
                {preset.isError && <Alert type="warning" showIcon title="二维码中的村未找到，请在下面选择所在村" />}
                <VillagePicker onChange={(code) => { setPickedVillage(code); setVillageError(null); }} />
              </Flex>
            )}
          </Form.Item>
          <Form.Item name="name" label="申报人姓名" required>
            <Input maxLength={50} autoComplete="name" />
          </Form.Item>
          <Form.Item name="phone" label="手机号码" required extra="工作人员将通过此号码与您联系；查询进度时需要后 4 位">
            <Input inputMode="tel" maxLength={11} autoComplete="tel" />
          </Form.Item>
          <Form.Item name="idNumber" label="身份证号码（选填）">
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Form.Item name="riskCauses" label="遇到的困难（可多选）">
            <Checkbox.Group className="self-report-causes" options={RISK_CAUSE.codes.map((c) => ({ value: c, label: RISK_CAUSE.labels[c].replace(/^因/, "") }))} />
          </Form.Item>
          <Form.Item name="description" label="困难情况说明" required>
            <Input.TextArea rows={4} maxLength={1000} showCount placeholder="例如：家里谁生了什么病、花了多少钱，收入有什么变化" />
          </Form.Item>
          {general.map((m) => (
            <Alert key={m} type="error" showIcon title={m} style={{ marginBottom: 12 }} />
          ))}
          <Button type="primary" htmlType="submit" size="large" block loading={pending}>
            {solving ? "正在进行安全验证…" : "提交申报"}
          </Button>
        </Form>
      </Card>
      <Link to={paths.selfReportStatus.getHref()} style={{ textAlign: "center" }}>
        已申报？查询办理进度
      </Link>
    </PublicFrame>
  );
}
