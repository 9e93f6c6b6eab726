import { KeyOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined, UnlockOutlined } from "@ant-design/icons";
import { ROLE_LABELS } from "@fanpin/domain/roles";
import type { User } from "@fanpin/domain/user-schemas";
import { Alert, App, Button, Flex, Input, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { EllipsisText } from "@/components/ui/ellipsis-text.tsx";
import { describeError } from "@/lib/api-client.ts";
import { formatDateTime } from "@/lib/format.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import { useUsers } from "../api/get-users.ts";
import { useUpdateUser } from "../api/update-user.ts";
import { CreateUserModal } from "./create-user-modal.tsx";
import { ResetPasswordModal } from "./reset-password-modal.tsx";

function StatusTags({ user }: { user: User }) {
  return (
    <Space size={[4, 4]} wrap>
      {user.isActive ? <Tag color="green">正常</Tag> : <Tag>已停用</Tag>}
      {user.isLocked && <Tag color="red">已锁定</Tag>}
    </Space>
  );
}

/** 用户管理 (administrators): accounts in the administrator's area. */
export function UsersPage({ currentUserId }: { currentUserId: string }) {
  const [query, setQuery] = useState<{ page: number; pageSize: number; q?: string }>({ page: 1, pageSize: 20 });
  const users = useUsers(query);
  const { modal, message } = App.useApp();
  const notifyError = useNotifyError();
  const [isCreating, setIsCreating] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const update = useUpdateUser({ onError: (error) => notifyError(error) });

  const showPassword = (title: string, user: User, password: string) =>
    modal.success({
      title,
      content: (
        <div>
          <p>
            请将初始密码告知 {user.displayName}（{user.username}）本人，对方首次登录时须修改密码：
          </p>
          <Typography.Text code copyable style={{ fontSize: 16 }}>
            {password}
          </Typography.Text>
        </div>
      ),
      okText: "知道了",
    });

  const columns: TableColumnsType<User> = [
    { title: "用户名", dataIndex: "username", width: 130, ellipsis: true },
    { title: "姓名", dataIndex: "displayName", width: 160, render: (n: string) => <EllipsisText>{n}</EllipsisText> },
    { title: "角色", dataIndex: "role", width: 170, render: (r: User["role"]) => ROLE_LABELS[r] },
    { title: "所属区划", key: "area", width: 140, render: (_, u) => <EllipsisText>{u.area.name}</EllipsisText> },
    { title: "状态", key: "status", width: 130, render: (_, u) => <StatusTags user={u} /> },
    { title: "最近登录", dataIndex: "lastLoginAt", width: 150, render: (at: string | null) => (at ? formatDateTime(at) : "从未登录") },
    {
      title: "操作",
      key: "actions",
      width: 280,
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => setResetting(u)}>
            重置密码
          </Button>
          {u.isLocked && (
            <Button
              type="link"
              size="small"
              icon={<UnlockOutlined />}
              onClick={() => update.mutate({ id: u.id, body: { unlock: true } }, { onSuccess: () => void message.success(`已解除 ${u.displayName} 的锁定`) })}
            >
              解锁
            </Button>
          )}
          {u.id !== currentUserId &&
            (u.isActive ? (
              <Popconfirm
                title={`停用 ${u.displayName}？`}
                description="停用后该账号立即退出登录且无法再登录，可随时重新启用。"
                okText="停用"
                okButtonProps={{ danger: true }}
                cancelText="取消"
                onConfirm={() => update.mutateAsync({ id: u.id, body: { isActive: false } }).then(() => void message.success("已停用"), () => undefined)}
              >
                <Button type="link" size="small" danger icon={<StopOutlined />}>
                  停用
                </Button>
              </Popconfirm>
            ) : (
              <Button
                type="link"
                size="small"
                icon={<CheckCircleOutlined />}
                onClick={() => update.mutate({ id: u.id, body: { isActive: true } }, { onSuccess: () => void message.success("已启用") })}
              >
                启用
              </Button>
            ))}
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          用户管理
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsCreating(true)}>
          新建用户
        </Button>
      </Flex>
      <Input.Search
        aria-label="用户名或姓名"
        placeholder="用户名或姓名"
        allowClear
        enterButton="查询"
        style={{ maxWidth: 360 }}
        onSearch={(q) => setQuery((cur) => ({ ...cur, page: 1, q: q.trim() || undefined }))}
      />
      {users.isError && <Alert type="error" showIcon title={describeError(users.error)} />}
      <Table<User>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={users.data?.items ?? []}
        loading={users.isFetching}
        tableLayout="fixed"
        scroll={{ x: 1160 }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 个用户`,
          onChange: (page, pageSize) => setQuery((cur) => ({ ...cur, page, pageSize })),
        }}
      />
      <CreateUserModal
        open={isCreating}
        onClose={() => setIsCreating(false)}
        onCreated={(user, password) => {
          setIsCreating(false);
          showPassword("用户已创建", user, password);
        }}
      />
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(null)}
        onReset={(user, password) => {
          setResetting(null);
          showPassword("密码已重置", user, password);
        }}
      />
    </Flex>
  );
}
