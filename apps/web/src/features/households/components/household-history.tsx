import { AUDIT_ACTION_LABELS, type AuditEntry } from "@fanpin/domain/audit-schemas";
import { ROLE_LABELS } from "@fanpin/domain/roles";
import { Alert, Button, Table, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { describeError } from "@/lib/api-client.ts";
import { actorLabel, formatDateTime, labelOf } from "@/lib/format.ts";
import { useHouseholdHistory } from "../api/get-household-history.ts";
import { describeAuditEntry, type ChangeLine } from "../utils/describe-changes.ts";

function ChangeList({ lines }: { lines: ChangeLine[] }) {
  if (!lines.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18, wordBreak: "break-word" }}>
      {lines.map((line, i) => (
        <li key={i}>
          <Typography.Text type="secondary">{line.field}：</Typography.Text>
          {line.text ?? (
            <>
              {line.from !== undefined && (
                <>
                  <Typography.Text delete type="secondary">{line.from}</Typography.Text>
                  {" → "}
                </>
              )}
              <Typography.Text>{line.to}</Typography.Text>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The household's audit trail, newest first: who did what when, why, and what changed. */
export function HouseholdHistory({ householdId }: { householdId: string }) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const history = useHouseholdHistory(householdId, page, pageSize);

  const columns: TableColumnsType<AuditEntry> = [
    { title: "时间", dataIndex: "at", width: 150, render: (at: string) => formatDateTime(at) },
    {
      title: "操作人",
      key: "actor",
      width: 170,
      render: (_, e) => (
        <div style={{ wordBreak: "break-word" }}>
          <div>{actorLabel(e)}</div>
          {e.actorRole && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{ROLE_LABELS[e.actorRole]}</Typography.Text>}
        </div>
      ),
    },
    { title: "操作", dataIndex: "action", width: 140, render: (a: string) => labelOf(AUDIT_ACTION_LABELS, a) },
    {
      title: "原因",
      dataIndex: "reason",
      width: 180,
      render: (r: string | null) => (r ? <span style={{ wordBreak: "break-word" }}>{r}</span> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { title: "变更内容", key: "changes", render: (_, e) => <ChangeList lines={describeAuditEntry(e)} /> },
  ];

  return (
    <>
      {history.isError && (
        <Alert
          type="error"
          showIcon
          title={describeError(history.error)}
          action={<Button size="small" onClick={() => void history.refetch()}>重试</Button>}
          style={{ marginBottom: 12 }}
        />
      )}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={history.data?.items ?? []}
        loading={history.isFetching}
        tableLayout="fixed"
        scroll={{ x: 960 }}
        locale={{ emptyText: "暂无变更记录" }}
        pagination={{
          current: page,
          pageSize,
          total: history.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 条`,
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
      />
    </>
  );
}
