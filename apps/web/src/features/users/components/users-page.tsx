import { CheckCircleOutlined, EditOutlined, KeyOutlined, PlusOutlined, StopOutlined, UnlockOutlined } from "@ant-design/icons";
import { ROLE_LABELS, type Role } from "@fanpin/domain/roles";
import type { User } from "@fanpin/domain/user-schemas";
import { App, Button, Flex, Input, Popconfirm, Select, Space, Tag, Typography, type TableColumnsType } from "antd";
import { AreaTreeSelect } from "@/components/area-tree-select.tsx";
import { useState } from "react";
import { EllipsisText } from "@/components/ui/ellipsis-text.tsx";
import { PagedTable, pagedQuery } from "@/components/paged-table.tsx";
import { formatDateTime } from "@/lib/format.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import { optionsOf } from "@/lib/format.ts";
import { useUsers, type UserListQuery } from "../api/get-users.ts";
import { useUpdateUser } from "../api/update-user.ts";
import { CreateUserModal } from "./create-user-modal.tsx";
import { EditUserModal } from "./edit-user-modal.tsx";
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
  const [query, setQuery] = useState<UserListQuery>({ page: 1, pageSize: 20 });
  // A changed filter starts again at page 1.
  const filter = (change: Partial<UserListQuery>) => setQuery((cur) => ({ ...cur, ...change, page: 1 }));
  const [editing, setEditing] = useState<User | null>(null);
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

  const actions = (u: User) => (
    <Space size={0} wrap>
      <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(u)} aria-label={`编辑 ${u.username}`}>
        编辑
      </Button>
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
  );

  const columns: TableColumnsType<User> = [
    { title: "用户名", dataIndex: "username", width: 130, ellipsis: true },
    { title: "姓名", dataIndex: "displayName", width: 160, render: (n: string) => <EllipsisText>{n}</EllipsisText> },
    { title: "电话", dataIndex: "phoneMasked", width: 130, render: (p: string | null) => p ?? "—" },
    { title: "角色", dataIndex: "role", width: 170, render: (r: User["role"]) => ROLE_LABELS[r] },
    { title: "所属区划", key: "area", width: 140, render: (_, u) => <EllipsisText>{u.area.name}</EllipsisText> },
    { title: "状态", key: "status", width: 130, render: (_, u) => <StatusTags user={u} /> },
    { title: "最近登录", dataIndex: "lastLoginAt", width: 150, render: (at: string | null) => (at ? formatDateTime(at) : "从未登录") },
    {
      title: "操作",
      key: "actions",
      width: 330,
      render: (_, u) => actions(u),
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
      <div role="search" aria-label="筛选用户">
      <Flex wrap gap={8}>
        <Input.Search
          aria-label="姓名、用户名或电话"
          placeholder="姓名、用户名或完整电话号码"
          allowClear
          enterButton="查询"
          style={{ maxWidth: 320 }}
          onSearch={(q) => filter({ q: q.trim() || undefined })}
        />
        <Select<Role>
          aria-label="角色"
          placeholder="全部角色"
          allowClear
          options={optionsOf(ROLE_LABELS) as { value: Role; label: string }[]}
          style={{ width: 200 }}
          value={query.role}
          onChange={(role) => filter({ role })}
        />
        <AreaTreeSelect
          aria-label="所属区划"
          placeholder="全部区划"
          maxLevel="VILLAGE"
          style={{ width: 200 }}
          value={query.areaId}
          onChange={(areaId) => filter({ areaId })}
        />
        <Select<"active" | "inactive">
          aria-label="状态"
          placeholder="全部状态"
          allowClear
          options={[{ value: "active", label: "正常" }, { value: "inactive", label: "已停用" }]}
          style={{ width: 130 }}
          value={query.state}
          onChange={(state) => filter({ state })}
        />
      </Flex>
      </div>
      <PagedTable<User>
        label="用户列表"
        rowKey="id"
        columns={columns}
        {...pagedQuery(users)}
        scrollX={1330}
        emptyText="没有符合条件的用户"
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 个用户`,
          onChange: (page, pageSize) => setQuery((cur) => ({ ...cur, page, pageSize })),
        }}
        renderCard={(u) => (
          <Flex vertical gap={4}>
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong>
                <EllipsisText>{`${u.displayName}（${u.username}）`}</EllipsisText>
              </Typography.Text>
              <StatusTags user={u} />
            </Flex>
            <Typography.Text type="secondary">
              {ROLE_LABELS[u.role]} · {u.area.name} · {u.phoneMasked ?? "无电话"}
            </Typography.Text>
            {actions(u)}
          </Flex>
        )}
      />
      <CreateUserModal
        open={isCreating}
        onClose={() => setIsCreating(false)}
        onCreated={(user, password) => {
          setIsCreating(false);
          showPassword("用户已创建", user, password);
        }}
      />
      <EditUserModal
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={(user, signedOut) => {
          setEditing(null);
          void message.success(signedOut ? `已保存，${user.displayName} 已退出登录，须按新的角色和区划重新登录` : "已保存");
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
