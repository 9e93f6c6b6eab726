import { AREA_LEVEL_LABELS } from "@fanpin/domain/areas";
import { ROLE_AREA_LEVELS, ROLE_LABELS, type Role } from "@fanpin/domain/roles";
import { ZUpdateUserRequest, type UpdateUserRequest, type User } from "@fanpin/domain/user-schemas";
import { Alert, Checkbox, Form, Input, Modal, Select } from "antd";
import { useEffect } from "react";
import { AreaTreeSelect } from "@/components/area-tree-select.tsx";
import { parseWith } from "@/lib/form-submit.ts";
import { optionsOf } from "@/lib/format.ts";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
import { useUpdateUser } from "../api/update-user.ts";

type Values = { displayName?: string; phone?: string; clearPhone?: boolean; role?: Role; areaId?: number; reason?: string };

const roleOptions = optionsOf(ROLE_LABELS);

type EditUserModalProps = { user: User | null; onClose: () => void; onSaved: (user: User, signedOut: boolean) => void };

/**
 * 编辑用户: name, phone, role and area. The phone is never sent to the page
 * (only masked): an empty field keeps it. A changed role or area ends the
 * user's sessions, so it asks for the reason and says so before saving.
 */
export function EditUserModal({ user, onClose, onSaved }: EditUserModalProps) {
  const [form] = Form.useForm<Values>();
  const update = useUpdateUser();
  const role = Form.useWatch("role", form);
  const areaId = Form.useWatch("areaId", form);
  const clearPhone = Form.useWatch("clearPhone", form);

  useEffect(() => {
    if (!user) return;
    setGeneral([]);
    form.resetFields();
    form.setFieldsValue({ displayName: user.displayName, role: user.role, areaId: user.area.id, phone: "", clearPhone: false, reason: "" });
  }, [user, form]);

  const moves = !!user && ((role !== undefined && role !== user.role) || (areaId !== undefined && areaId !== user.area.id));

  const { submit, general, setGeneral, onValuesChange } = useFormSubmit(form, {
    failureTitle: "保存失败",
    parse: () => {
      const values = form.getFieldsValue();
      const body: Record<string, unknown> = {};
      if ((values.displayName ?? "") !== user!.displayName) body.displayName = values.displayName ?? "";
      if (values.clearPhone) body.phone = null;
      else if (values.phone?.trim()) body.phone = values.phone;
      if (values.role !== user!.role) body.role = values.role;
      if (values.areaId !== user!.area.id) body.areaId = values.areaId ?? 0;
      if (values.reason?.trim()) body.reason = values.reason;
      if (moves && !values.reason?.trim()) return { ok: false, issues: [{ path: "reason", message: "更改角色或所属行政区划须填写原因" }] };
      return parseWith(ZUpdateUserRequest, body);
    },
    send: (body: UpdateUserRequest) => update.mutateAsync({ id: user!.id, body }),
    onDone: (saved) => onSaved(saved, moves),
  });

  const levels = role ? ROLE_AREA_LEVELS[role] : undefined;

  return (
    <Modal
      open={user !== null}
      title="编辑用户"
      okText="保存"
      cancelText="取消"
      confirmLoading={update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      <Form<Values>
        form={form}
        name="edit-user"
        layout="vertical"
        onValuesChange={onValuesChange}
        onFinish={() => void submit()}
        disabled={update.isPending}
      >
        <Form.Item label="用户名">
          <Input value={user?.username} disabled />
        </Form.Item>
        <Form.Item label="姓名" name="displayName" required>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          label="电话"
          name="phone"
          extra={user?.phoneMasked ? `已登记：${user.phoneMasked}；留空则不变` : "11 位手机号码或带区号的办公电话"}
        >
          <Input maxLength={20} inputMode="tel" autoComplete="off" disabled={!!clearPhone} />
        </Form.Item>
        {user?.phoneMasked && (
          <Form.Item name="clearPhone" valuePropName="checked" style={{ marginTop: -12 }}>
            <Checkbox>删除已登记的电话</Checkbox>
          </Form.Item>
        )}
        <Form.Item label="角色" name="role" required>
          <Select options={roleOptions} placeholder="请选择角色" />
        </Form.Item>
        <Form.Item
          label="所属行政区划"
          name="areaId"
          required
          extra={levels ? `该角色须选择${levels.map((l) => AREA_LEVEL_LABELS[l]).join("或")}级区划` : undefined}
        >
          <AreaTreeSelect maxLevel="VILLAGE" selectableLevels={levels ?? []} placeholder="请选择行政区划" allowClear={false} />
        </Form.Item>
        <Form.Item label="原因" name="reason" required={moves} extra="记入操作日志">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {moves && (
          <Alert type="warning" showIcon title="更改角色或所属行政区划后，该用户将立即退出登录，重新登录后按新的角色和区划使用系统。" style={{ marginBottom: 12 }} />
        )}
        {user?.role === "HELPER" && role !== undefined && role !== "HELPER" && (
          <Alert type="info" showIcon title="该账号不再是帮扶责任人：帮扶责任人名册中与它的关联将解除，名册条目保留。" style={{ marginBottom: 12 }} />
        )}
        {general.length > 0 && <Alert type="error" showIcon title={general.join("；")} />}
      </Form>
    </Modal>
  );
}
