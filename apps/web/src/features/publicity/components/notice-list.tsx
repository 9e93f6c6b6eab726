import { PrinterOutlined, ReloadOutlined } from "@ant-design/icons";
import type { PublicityNoticeSummary } from "@fanpin/domain/publicity-schemas";
import { Alert, Button, Flex, Table, Tag, Typography, type TableColumnsType } from "antd";
import { Link } from "react-router";
import { paths } from "@/config/paths.ts";
import { describeError } from "@/lib/api-client.ts";
import { useNotices } from "../api/get-notices.ts";
import { formatPeriod } from "../utils/chinese-date.ts";

const STATUS: Record<PublicityNoticeSummary["status"], { label: string; color: string }> = {
  PENDING: { label: "待张贴", color: "orange" },
  RUNNING: { label: "公示中", color: "blue" },
  ENDED: { label: "公示期满", color: "default" },
};

const noticeHref = (n: PublicityNoticeSummary) => paths.publicityNotice.getHref(n.village.id, n.period);

/**
 * 村内公示: per village and posting day, the households publicised together;
 * on top, each village's households approved and waiting to be posted (their
 * notice printed before posting, with the period it will run if posted today).
 */
export function NoticeList() {
  const notices = useNotices();

  const columns: TableColumnsType<PublicityNoticeSummary> = [
    { title: "村", key: "village", render: (_, n) => `${n.township.name} · ${n.village.name}` },
    {
      title: "状态",
      dataIndex: "status",
      width: 110,
      render: (s: PublicityNoticeSummary["status"]) => <Tag color={STATUS[s].color}>{STATUS[s].label}</Tag>,
    },
    { title: "张贴日期", key: "postedOn", width: 130, render: (_, n) => (n.posted ? n.postedOn : "尚未张贴") },
    { title: "公示期", key: "period", width: 260, render: (_, n) => formatPeriod(n.startsOn, n.endsOn) + (n.posted ? "" : "（如今日张贴）") },
    { title: "户数", dataIndex: "householdCount", width: 72, align: "right" },
    {
      title: "操作",
      key: "print",
      width: 120,
      render: (_, n) => (
        <Link to={noticeHref(n)} aria-label={`打印${n.village.name}${n.posted ? ` ${n.postedOn} ` : "待张贴的"}公示`}>
          <PrinterOutlined /> 打印公示
        </Link>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          村内公示
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => void notices.refetch()} loading={notices.isFetching}>
          刷新
        </Button>
      </Flex>
      <Typography.Text type="secondary">
        区县审核通过的一般农户（拟纳入即时帮扶户）和脱贫不再享受政策户（拟回退），须在村内公示 5 天。公示只列户主姓名、所在村组、户类别、拟认定类型和风险类型，不含证件号码、电话和健康状况。
      </Typography.Text>
      {notices.isError && (
        <Alert
          type="error"
          showIcon
          title={describeError(notices.error)}
          action={<Button size="small" onClick={() => void notices.refetch()}>重试</Button>}
        />
      )}
      <Table<PublicityNoticeSummary>
        rowKey={(n) => `${n.village.id}-${n.period}`}
        size="middle"
        columns={columns}
        dataSource={notices.data?.items ?? []}
        loading={notices.isPending}
        tableLayout="fixed"
        scroll={{ x: 900 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 份` }}
        locale={{ emptyText: "暂无公示：区县审核通过需要公示的案件后，会在这里列出" }}
      />
    </Flex>
  );
}
