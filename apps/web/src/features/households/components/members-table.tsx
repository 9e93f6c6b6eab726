import { EyeInvisibleOutlined, EyeOutlined } from "@ant-design/icons";
import {
  EDUCATION, ETHNICITY, GENDER, HEALTH, ID_TYPE, POLITICAL_STATUS, RELATION, SCHOOL_STATUS, WORK_REGION,
} from "@fanpin/domain/collection-form";
import type { MemberView } from "@fanpin/domain/household-schemas";
import { Button, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { EllipsisText } from "@/components/ui/ellipsis-text.tsx";
import { labelOf } from "@/lib/format.ts";
import { RevealIdModal } from "./reveal-id-modal.tsx";

type MembersTableProps = { householdId: string; members: MemberView[]; canReveal: boolean };

/**
 * Members with masked ID numbers. A full number appears only after the user
 * asks for it (and confirms); it stays in this component's state, so leaving
 * the page forgets it.
 */
export function MembersTable({ householdId, members, canReveal }: MembersTableProps) {
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [asking, setAsking] = useState<MemberView | null>(null);

  const columns: TableColumnsType<MemberView> = [
    {
      title: "姓名",
      dataIndex: "name",
      width: 170,
      fixed: "left",
      render: (name: string, m) => (
        <Space size={4}>
          <EllipsisText maxWidth={m.relation === "HEAD" ? 96 : 140}>{name}</EllipsisText>
          {m.relation === "HEAD" && <Tag color="blue">户主</Tag>}
        </Space>
      ),
    },
    { title: "与户主关系", dataIndex: "relation", width: 100, render: (v: string) => labelOf(RELATION.labels, v) },
    { title: "性别", dataIndex: "gender", width: 60, render: (v: string) => labelOf(GENDER.labels, v) },
    { title: "证件类型", dataIndex: "idType", width: 100, render: (v: string) => labelOf(ID_TYPE.labels, v) },
    {
      title: "证件号码",
      key: "idNumber",
      width: 300,
      render: (_, m) => {
        const full = revealed[m.id];
        return (
          <Space size={4} wrap>
            <Typography.Text code data-testid={`member-id-${m.id}`}>
              {full ?? m.idNumberMasked}
            </Typography.Text>
            {full ? (
              <Button
                type="link"
                size="small"
                icon={<EyeInvisibleOutlined />}
                onClick={() => setRevealed(({ [m.id]: _hidden, ...rest }) => rest)}
              >
                隐藏
              </Button>
            ) : (
              canReveal && (
                <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setAsking(m)} aria-label={`查看 ${m.name} 的完整号码`}>
                  查看完整号码
                </Button>
              )
            )}
          </Space>
        );
      },
    },
    { title: "出生日期", dataIndex: "birthDate", width: 110 },
    { title: "民族", dataIndex: "ethnicity", width: 80, render: (v: string) => labelOf(ETHNICITY.labels, v) },
    { title: "政治面貌", dataIndex: "politicalStatus", width: 100, render: (v: string) => labelOf(POLITICAL_STATUS.labels, v) },
    { title: "文化程度", dataIndex: "education", width: 110, render: (v: string) => labelOf(EDUCATION.labels, v) },
    { title: "在校状况", dataIndex: "schoolStatus", width: 100, render: (v: string) => labelOf(SCHOOL_STATUS.labels, v) },
    { title: "健康状况", dataIndex: "health", width: 100, render: (v: string) => labelOf(HEALTH.labels, v) },
    { title: "务工区域", dataIndex: "workRegion", width: 140, render: (v: string) => labelOf(WORK_REGION.labels, v) },
    { title: "务工时间（月）", dataIndex: "workMonths", width: 110, align: "right" },
  ];

  return (
    <>
      <Table<MemberView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={members}
        pagination={false}
        scroll={{ x: 1580 }}
        tableLayout="fixed"
      />
      <RevealIdModal
        householdId={householdId}
        member={asking}
        onRevealed={(memberId, idNumber) => setRevealed((r) => ({ ...r, [memberId]: idNumber }))}
        onClose={() => setAsking(null)}
      />
    </>
  );
}
