import { PlusOutlined } from "@ant-design/icons";
import { ZHelperInput, ZHelperUpdate, type Helper } from "@fanpin/domain/assistance-schemas";
import { RANK_OPTIONS } from "@fanpin/domain/assistance/ranks";
import { can, type Role } from "@fanpin/domain/roles";
import { Alert, AutoComplete, Button, Drawer, Flex, Form, Input, Select, Space, Switch, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { AreaTreeSelect } from "@/components/area-tree-select.tsx";
import { PagedTable, pagedQuery } from "@/components/paged-table.tsx";
import { EllipsisText } from "@/components/ui/ellipsis-text.tsx";
import { parseWith } from "@/lib/form-submit.ts";
import { useFormSubmit } from "@/lib/use-form-submit.ts";
import { useHelperAccounts, useHelpers, useSaveHelper, type HelperListQuery } from "../api/helpers.ts";

/** 帮扶责任人 register: who helps, from which unit, serving which area, signing in with which account. */
export function HelpersPage({ role }: { role: Role }) {
  const [query, setQuery] = useState<HelperListQuery>({ page: 1, pageSize: 20 });
  const helpers = useHelpers(query);
  const [editing, setEditing] = useState<Helper | "new" | null>(null);
  const mayManage = can(role, "helper.manage");

  const columns: TableColumnsType<Helper> = [
    { title: "姓名", dataIndex: "name", width: 100, fixed: "left", render: (n: string) => <EllipsisText>{n}</EllipsisText> },
    { title: "工作单位", dataIndex: "unit", width: 160, render: (u: string | null) => <EllipsisText>{u}</EllipsisText> },
    { title: "职务", dataIndex: "position", width: 100, render: (p: string | null) => <EllipsisText>{p}</EllipsisText> },
    { title: "职级", dataIndex: "rank", width: 90 },
    { title: "联系电话", dataIndex: "phoneMasked", width: 130, render: (p: string | null) => p ?? "—" },
    { title: "帮扶区域", key: "area", width: 110, render: (_, h) => <EllipsisText>{h.area.name}</EllipsisText> },
    { title: "登录账号", dataIndex: "username", width: 110, render: (u: string | null) => u ?? <Typography.Text type="secondary">未关联</Typography.Text> },
    { title: "帮扶户数", dataIndex: "householdCount", width: 90, align: "right" },
    { title: "状态", dataIndex: "isActive", width: 80, render: (a: boolean) => (a ? <Tag color="green">在岗</Tag> : <Tag>已停用</Tag>) },
    ...(mayManage
      ? [{ title: "操作", key: "actions", width: 80, render: (_: unknown, h: Helper) => <Button size="small" onClick={() => setEditing(h)}>修改</Button> }]
      : []),
  ];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>帮扶责任人</Typography.Title>
        {mayManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>登记帮扶责任人</Button>}
      </Flex>
      <Space wrap>
        <Input.Search
          allowClear
          aria-label="搜索帮扶责任人"
          placeholder="姓名或工作单位"
          style={{ width: 240 }}
          onSearch={(q) => setQuery({ ...query, page: 1, q: q.trim() || undefined })}
        />
        <Select
          aria-label="状态"
          style={{ width: 120 }}
          value={query.active ?? "all"}
          onChange={(v) => setQuery({ ...query, page: 1, active: v === "all" ? undefined : (v as "true" | "false") })}
          options={[{ value: "all", label: "全部状态" }, { value: "true", label: "在岗" }, { value: "false", label: "已停用" }]}
        />
      </Space>
      <PagedTable<Helper>
        label="帮扶责任人名册"
        rowKey="id"
        {...pagedQuery(helpers)}
        columns={columns}
        scrollX={1050}
        emptyText="名册中还没有帮扶责任人"
        pagination={{
          current: query.page, pageSize: query.pageSize, total: helpers.data?.total ?? 0, showSizeChanger: true,
          showTotal: (n) => `共 ${n} 人`, onChange: (page, pageSize) => setQuery({ ...query, page, pageSize }),
        }}
      />
      {editing && <HelperDrawer helper={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </Flex>
  );
}

type Values = { name?: string; unit?: string; position?: string; rank?: string; phone?: string; areaId?: number; userId?: string | null; isActive?: boolean };

function HelperDrawer({ helper, onClose }: { helper: Helper | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const save = useSaveHelper();
  const accounts = useHelperAccounts();
  const accountOptions = (accounts.data?.items ?? [])
    .filter((a) => a.helperId === null || a.helperId === helper?.id)
    .map((a) => ({ value: a.id, label: `${a.displayName}（${a.username}，${a.areaName}）` }));

  // The shared schemas check what the API checks; the phone is shown masked and sent only when typed anew.
  const { submit, general, onValuesChange } = useFormSubmit(form, {
    failureTitle: "保存失败",
    parse: () => {
      const v = form.getFieldsValue();
      const common = { name: v.name ?? "", unit: v.unit ?? "", position: v.position ?? "", rank: v.rank ?? "", areaId: v.areaId, userId: v.userId ?? null };
      const phone = v.phone?.trim() ? v.phone.trim() : helper ? undefined : null;
      if (helper) {
        const parsed = parseWith(ZHelperUpdate, { ...common, ...(phone !== undefined ? { phone } : {}), isActive: v.isActive, version: helper.version });
        return parsed.ok ? { ok: true as const, data: { id: helper.id, body: parsed.data } } : parsed;
      }
      const parsed = parseWith(ZHelperInput, { ...common, phone });
      return parsed.ok ? { ok: true as const, data: { id: null, body: parsed.data } } : parsed;
    },
    send: (request: Parameters<typeof save.mutateAsync>[0]) => save.mutateAsync(request),
    onDone: () => onClose(),
  });

  return (
    <Drawer
      open
      title={helper ? `修改帮扶责任人：${helper.name}` : "登记帮扶责任人"}
      width={480}
      onClose={onClose}
      destroyOnHidden
      extra={<Button type="primary" loading={save.isPending} onClick={() => form.submit()}>保存</Button>}
    >
      <Form<Values>
        form={form}
        name="helper"
        layout="vertical"
        initialValues={helper ? {
          name: helper.name, unit: helper.unit, position: helper.position, rank: helper.rank, areaId: helper.area.id, userId: helper.userId, isActive: helper.isActive,
        } : { isActive: true }}
        onValuesChange={onValuesChange}
        onFinish={() => void submit()}
        disabled={save.isPending}
      >
        <Form.Item label="姓名" name="name" required><Input maxLength={50} /></Form.Item>
        <Form.Item label="工作单位" name="unit" required><Input maxLength={100} placeholder="如：区农业农村局、张村镇政府" /></Form.Item>
        <Form.Item label="职务" name="position"><Input maxLength={50} /></Form.Item>
        <Form.Item label="职级" name="rank" extra="部分地区要求帮扶责任人为副科级以上干部">
          <AutoComplete options={RANK_OPTIONS.map((r) => ({ value: r }))} maxLength={32} filterOption={(input, o) => String(o?.value ?? "").includes(input)} />
        </Form.Item>
        <Form.Item label="联系电话" name="phone" extra={helper?.phoneMasked ? `现为 ${helper.phoneMasked}；不修改请留空` : undefined}>
          <Input maxLength={11} inputMode="numeric" />
        </Form.Item>
        <Form.Item label="帮扶区域" name="areaId" required extra="可帮扶该区域内的监测户">
          <AreaTreeSelect maxLevel="VILLAGE" selectableLevels={["DISTRICT", "TOWNSHIP", "VILLAGE"]} placeholder="选择区县、乡镇或村" />
        </Form.Item>
        <Form.Item label="登录账号" name="userId" extra="“帮扶责任人”角色的账号（由系统管理员创建）；关联后本人可登录查看所帮扶的户">
          <Select allowClear options={accountOptions} loading={accounts.isPending} placeholder="不关联" />
        </Form.Item>
        {helper && <Form.Item label="在岗" name="isActive" valuePropName="checked"><Switch /></Form.Item>}
        {general.length > 0 && <Alert type="error" showIcon title={general.join("；")} />}
      </Form>
    </Drawer>
  );
}
