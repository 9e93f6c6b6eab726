import { DeleteOutlined, EditOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, type TableColumnsType } from "antd";
import dayjs from "dayjs";
import { EllipsisText } from "@/components/ui/ellipsis-text.tsx";
import { describeError } from "@/lib/api-client.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import { useDeleteCalendarOverride } from "../api/delete-override.ts";
import type { CalendarOverride } from "../api/get-overrides.ts";

type OverridesTableProps = {
  items: CalendarOverride[];
  loading: boolean;
  error: unknown;
  onEdit: (override: CalendarOverride) => void;
};

/** 工作日调整: every day an administrator set, to change or delete. */
export function OverridesTable({ items, loading, error, onEdit }: OverridesTableProps) {
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const remove = useDeleteCalendarOverride({ onError: (e) => notifyError(e, "删除失败") });

  const columns: TableColumnsType<CalendarOverride> = [
    {
      title: "日期",
      dataIndex: "date",
      width: 150,
      render: (d: string) => `${d}（${dayjs(d).format("dd")}）`,
    },
    {
      title: "安排",
      dataIndex: "isWorkingDay",
      width: 80,
      render: (working: boolean) => (working ? <Tag color="orange">上班</Tag> : <Tag color="red">放假</Tag>),
    },
    { title: "名称", dataIndex: "name", width: 130, render: (n: string | null) => <EllipsisText>{n}</EllipsisText> },
    { title: "依据或备注", dataIndex: "note", render: (n: string | null) => <EllipsisText>{n}</EllipsisText> },
    {
      title: "操作",
      key: "actions",
      width: 140,
      render: (_, o) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => onEdit(o)} aria-label={`修改 ${o.date}`}>
            修改
          </Button>
          <Popconfirm
            title={`删除 ${o.date} 的调整？`}
            description="删除后该日恢复为数据包中的安排（未录入的年份按周一至周五）。"
            okText="删除"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => remove.mutateAsync(o.date).then(() => void message.success(`已删除 ${o.date} 的调整`), () => undefined)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={`删除 ${o.date}`}>
              删除
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Card title="工作日调整" size="small">
      {error ? <Alert type="error" showIcon title={describeError(error)} style={{ marginBottom: 8 }} /> : null}
      <Table<CalendarOverride>
        rowKey="date"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading}
        tableLayout="fixed"
        scroll={{ x: 640 }}
        locale={{ emptyText: "暂无调整：各日按数据包的安排（未录入的年份按周一至周五）" }}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 天` }}
      />
    </Card>
  );
}
