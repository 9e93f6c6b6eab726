import { AREA_LEVEL_LABELS } from "@fanpin/domain/areas";
import { ROLE_AREA_LEVELS, ROLE_LABELS, type Role } from "@fanpin/domain/roles";
import { PASSWORD_RULES_HINT } from "@fanpin/domain/password-rules";
import { ZCreateUserRequest, type User } from "@fanpin/domain/user-schemas";
import { Alert, Button, Form, Input, Modal, Select, Space } from "antd";
import { AreaTreeSelect } from "@/components/area-tree-select.tsx";
import { parseWith } from "@/lib/form-submit.ts";
import { optionsOf } from "@/lib/format.ts";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
import { useCreateUser } from "../api/create-user.ts";
import { generatePassword } from "../utils/generate-password.ts";

type Values = { username?: string; displayName?: string; role?: Role; areaId?: number; password?: string };

const roleOptions = optionsOf(ROLE_LABELS);

type CreateUserModalProps = { open: boolean; onClose: () => void; onCreated: (user: User, password: string) => void };

export function CreateUserModal({ open, onClose, onCreated }: CreateUserModalProps) {
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch("role", form);
  const create = useCreateUser();
  const { submit, general, onValuesChange } = useFormSubmit(form, {
    failureTitle: "创建失败",
    parse: () => {
      const values = form.getFieldsValue();
      return parseWith(ZCreateUserRequest, {
        username: values.username ?? "",
        displayName: values.displayName ?? "",
        role: values.role,
        areaId: values.areaId ?? 0,
        password: values.password ?? "",
      });
    },
    send: (body) => create.mutateAsync(body),
    // A taken username belongs on its field (the API names no field for it).
    onApiError: (error) => (error.code === "USERNAME_TAKEN" ? [{ path: "username", message: error.message }] : undefined),
    onDone: (user, body) => {
      onCreated(user, body.password);
      form.resetFields();
    },
  });

  const levels = role ? ROLE_AREA_LEVELS[role] : undefined;

  return (
    <Modal
      open={open}
      title="新建用户"
      okText="创建"
      cancelText="取消"
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      <Form<Values>
        form={form}
        name="create-user"
        layout="vertical"
        onValuesChange={onValuesChange}
        onFinish={() => void submit()}
        disabled={create.isPending}
      >
        <Form.Item label="用户名" name="username" required extra="3–32 位英文字母、数字、下划线、点或连字符">
          <Input autoComplete="off" maxLength={32} />
        </Form.Item>
        <Form.Item label="姓名" name="displayName" required>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label="角色" name="role" required>
          <Select options={roleOptions} placeholder="请选择角色" onChange={() => form.setFieldValue("areaId", undefined)} />
        </Form.Item>
        <Form.Item
          label="所属行政区划"
          name="areaId"
          required
          extra={levels ? `该角色须选择${levels.map((l) => AREA_LEVEL_LABELS[l]).join("或")}级区划` : "请先选择角色"}
        >
          <AreaTreeSelect maxLevel="VILLAGE" selectableLevels={levels ?? []} placeholder="请选择行政区划" />
        </Form.Item>
        <Form.Item label="初始密码" htmlFor="create-user_password" required extra={`${PASSWORD_RULES_HINT}；用户首次登录时须修改`}>
          <Space.Compact style={{ width: "100%" }}>
            <Form.Item name="password" noStyle>
              <Input autoComplete="new-password" maxLength={128} />
            </Form.Item>
            <Button onClick={() => form.setFieldValue("password", generatePassword(form.getFieldValue("username")))}>随机生成</Button>
          </Space.Compact>
        </Form.Item>
        {general.length > 0 && <Alert type="error" showIcon title={general.join("；")} />}
      </Form>
    </Modal>
  );
}
