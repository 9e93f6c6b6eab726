import { WARNING_DEPARTMENTS, WARNING_KINDS, type HouseholdDepartmentWarning } from "@fanpin/domain/detection/department-lists";
import { Card, Flex, Typography } from "antd";
import { PagedTable, pagedQuery } from "@/components/paged-table.tsx";
import { formatDate, formatDateTime, formatMoney } from "@/lib/format.ts";
import { useHouseholdDepartmentWarnings } from "../api/department-warnings.ts";

/** 部门预警 of one household (its page's section): what departments' lists said about its members. */
export function HouseholdDepartmentWarnings({ householdId }: { householdId: string }) {
  const warnings = useHouseholdDepartmentWarnings(householdId);
  const count = warnings.data?.items.length;
  return (
    <Card title={`部门预警${count ? `（${count} 条）` : ""}`} size="small">
      <PagedTable<HouseholdDepartmentWarning>
        label="部门预警"
        size="small"
        rowKey="id"
        {...pagedQuery(warnings)}
        pagination={false}
        emptyText="暂无部门预警"
        columns={[
          { title: "部门", dataIndex: "department", width: 90, render: (d: HouseholdDepartmentWarning["department"]) => WARNING_DEPARTMENTS[d] },
          { title: "类别", dataIndex: "kind", width: 150, render: (k: HouseholdDepartmentWarning["kind"]) => WARNING_KINDS[k].label },
          { title: "成员", dataIndex: "memberName", width: 100 },
          { title: "金额", dataIndex: "amount", width: 110, render: (a: number | null) => (a === null ? "—" : formatMoney(a)) },
          { title: "发生日期", dataIndex: "occurredOn", width: 110, render: (d: string | null) => (d ? formatDate(d) : "—") },
          { title: "备注", dataIndex: "note", render: (n: string | null) => n ?? "—" },
          { title: "上传时间", dataIndex: "uploadedAt", width: 150, render: (at: string) => formatDateTime(at) },
        ]}
        renderCard={(w) => (
          <Flex vertical gap={2}>
            <Typography.Text strong>{WARNING_DEPARTMENTS[w.department]} · {WARNING_KINDS[w.kind].label}</Typography.Text>
            <Typography.Text>
              {w.memberName}{w.amount !== null ? ` · ${formatMoney(w.amount)}` : ""}{w.occurredOn ? ` · ${formatDate(w.occurredOn)}` : ""}
            </Typography.Text>
            {w.note && <Typography.Text type="secondary" style={{ overflowWrap: "anywhere" }}>{w.note}</Typography.Text>}
            <Typography.Text type="secondary">上传于 {formatDateTime(w.uploadedAt)}</Typography.Text>
          </Flex>
        )}
      />
    </Card>
  );
}
