import { DownloadOutlined } from "@ant-design/icons";
import type { ReportSnapshot } from "@fanpin/domain/report-schemas";
import { DEPARTMENT_CODES, DEPARTMENTS, type DepartmentCode } from "@fanpin/domain/reports/departments";
import { SNAPSHOT_KIND_LABELS, type SnapshotKind } from "@fanpin/domain/reports/report-calendar";
import { Alert, App, Button, Card, Col, DatePicker, Flex, Form, Row, Select, Space, Tag, Typography, type TableColumnsType } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { formatDateTime } from "@/lib/format.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import { PagedTable, pagedQuery } from "@/components/paged-table.tsx";
import { useDownloadReport, type ReportDownload } from "../api/download-report.ts";
import { useReportSnapshots, type ReportSnapshotQuery } from "../api/get-report-snapshots.ts";
import { serverToday } from "@/lib/api-client.ts";

const departmentOptions = DEPARTMENT_CODES.map((code) => ({ value: code, label: `${DEPARTMENTS[code].name}（${DEPARTMENTS[code].fullName}）` }));
const kindOptions = (Object.entries(SNAPSHOT_KIND_LABELS) as [SnapshotKind, string][]).map(([value, label]) => ({ value, label }));
const kindColors: Record<SnapshotKind, string> = {
  LEDGER: "blue", EXIT_LEDGER: "orange", DEPARTMENT_LIST: "green", MONTHLY_SCREENING: "purple", MONTHLY_STATISTICS: "cyan", POLICY_POPULATION: "geekblue", ROLLED_BACK: "volcano",
};
const noFuture = (d: Dayjs) => d.isAfter(dayjs(serverToday()), "day");

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * 报表: the ledger and the department lists for a chosen date (rebuilt from
 * the audit trail as they stood at the end of that day), and the files the
 * system produced and kept on each report day.
 */
export function ReportsPage({ isTownship }: { isTownship: boolean }) {
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [ledgerDate, setLedgerDate] = useState<Dayjs>(() => dayjs(serverToday()));
  const [listDate, setListDate] = useState<Dayjs>(() => dayjs(serverToday()));
  const [department, setDepartment] = useState<DepartmentCode>("CIVIL_AFFAIRS");
  const [query, setQuery] = useState<ReportSnapshotQuery>({ page: 1, pageSize: 20 });
  const snapshots = useReportSnapshots(query);
  const [pending, setPending] = useState<string | null>(null);
  const download = useDownloadReport({
    onSuccess: (fileName) => void message.success(`已下载：${fileName}`),
    onError: (error) => notifyError(error, "下载失败"),
  });
  const start = (key: string, d: ReportDownload) => {
    setPending(key);
    download.mutate(d, { onSettled: () => setPending(null) });
  };

  const columns: TableColumnsType<ReportSnapshot> = [
    { title: "报送日", dataIndex: "reportDate", width: 110 },
    { title: "类型", dataIndex: "kind", width: 210, render: (k: SnapshotKind) => <Tag color={kindColors[k]}>{SNAPSHOT_KIND_LABELS[k]}</Tag> },
    { title: "部门", dataIndex: "department", width: 90, render: (d: DepartmentCode | null) => (d ? DEPARTMENTS[d]?.name ?? d : "—") },
    { title: "区县", key: "area", width: 100, render: (_, s) => s.area.name },
    { title: "数据截至", dataIndex: "asOf", width: 110 },
    // The exit ledger and the rolled-back list have a row per exit or rollback (a household may have two), the others a row per person.
    {
      title: "人数", dataIndex: "rowCount", width: 80, align: "right",
      render: (n: number, s) => (s.kind === "EXIT_LEDGER" || s.kind === "ROLLED_BACK" ? `${n} 户次` : n),
    },
    { title: "文件大小", dataIndex: "byteSize", width: 100, align: "right", render: formatSize },
    { title: "生成时间", dataIndex: "createdAt", width: 150, render: (at: string) => formatDateTime(at) },
    {
      title: "操作",
      key: "actions",
      width: 100,
      render: (_, s) => (
        <Button
          type="link"
          size="small"
          icon={<DownloadOutlined />}
          loading={pending === s.id}
          aria-label={`下载 ${s.fileName}`}
          onClick={() => start(s.id, { kind: "snapshot", id: s.id })}
        >
          下载
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        报表
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title="脱贫监测户和即时帮扶人口管理台账" style={{ height: "100%" }}>
            <Typography.Paragraph type="secondary">
              按所选日期 24 时的状态生成：当日已认定的监测户、即时帮扶户，每人一行，含完整证件号码（下载记入审计日志）。
              退出台账列出截至所选日期（含）已退出监测帮扶（风险消除）的户，含认定日期、退出日期、原因和案件编号。
              帮扶台账列出当日帮扶中的户：风险类别、帮扶责任人、帮扶计划与措施、走访和季度成效分析（不含证件号码和电话）。
              回退户名单列出截至所选日期（含）回退为脱贫享受政策户的户，含回退日期、案件编号、返贫风险和当日状态（报市扶贫办备案）。
            </Typography.Paragraph>
            <Form layout="inline">
              <Form.Item label="数据日期">
                <DatePicker
                  aria-label="台账数据日期"
                  value={ledgerDate}
                  allowClear={false}
                  disabledDate={noFuture}
                  onChange={(d) => d && setLedgerDate(d)}
                />
              </Form.Item>
              <Form.Item>
                <Button
                  type="primary"
                  icon={<DownloadOutlined />}
                  loading={pending === "ledger"}
                  onClick={() => start("ledger", { kind: "ledger", asOf: ledgerDate.format("YYYY-MM-DD") })}
                >
                  下载台账
                </Button>
              </Form.Item>
              <Form.Item>
                <Button
                  icon={<DownloadOutlined />}
                  loading={pending === "exits"}
                  onClick={() => start("exits", { kind: "exits", asOf: ledgerDate.format("YYYY-MM-DD") })}
                >
                  下载退出台账
                </Button>
              </Form.Item>
              <Form.Item>
                <Button
                  icon={<DownloadOutlined />}
                  loading={pending === "assistance"}
                  onClick={() => start("assistance", { kind: "assistance", asOf: ledgerDate.format("YYYY-MM-DD") })}
                >
                  下载帮扶台账
                </Button>
              </Form.Item>
              <Form.Item>
                <Button
                  icon={<DownloadOutlined />}
                  loading={pending === "rolledBack"}
                  onClick={() => start("rolledBack", { kind: "rolledBack", asOf: ledgerDate.format("YYYY-MM-DD") })}
                >
                  下载回退户名单
                </Button>
              </Form.Item>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="部门名单" style={{ height: "100%" }}>
            <Typography.Paragraph type="secondary">
              截至所选日期的最新名单，以及上次名单报送以来的新增、减少人员（分表列出）。
              享受政策人口名单列出当日享受政策的全部人口（标清脱贫监测户、即时帮扶人口），及本月（上月末以来）的新增、减少人员和原因。
            </Typography.Paragraph>
            <Form layout="inline">
              <Form.Item label="部门">
                <Select aria-label="部门" style={{ width: 220 }} value={department} options={departmentOptions} onChange={setDepartment} />
              </Form.Item>
              <Form.Item label="数据日期">
                <DatePicker
                  aria-label="名单数据日期"
                  value={listDate}
                  allowClear={false}
                  disabledDate={noFuture}
                  onChange={(d) => d && setListDate(d)}
                />
              </Form.Item>
              <Form.Item>
                <Button
                  icon={<DownloadOutlined />}
                  loading={pending === "department"}
                  onClick={() => start("department", { kind: "department", department, asOf: listDate.format("YYYY-MM-DD") })}
                >
                  下载名单
                </Button>
              </Form.Item>
              <Form.Item>
                <Button
                  icon={<DownloadOutlined />}
                  loading={pending === "policyPopulation"}
                  onClick={() => start("policyPopulation", { kind: "policyPopulation", asOf: listDate.format("YYYY-MM-DD") })}
                >
                  下载享受政策人口名单
                </Button>
              </Form.Item>
            </Form>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              列入范围：{DEPARTMENTS[department].basis}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
      <Card
        title="已报送的报表"
        extra={
          <Space wrap>
            <Select
              aria-label="报表类型"
              allowClear
              placeholder="全部类型"
              style={{ width: 240 }}
              options={kindOptions}
              value={query.kind}
              onChange={(kind?: SnapshotKind) => setQuery((q) => ({ ...q, page: 1, kind, department: kind && kind !== "DEPARTMENT_LIST" ? undefined : q.department }))}
            />
            <Select
              aria-label="报表部门"
              allowClear
              placeholder="全部部门"
              style={{ width: 200 }}
              options={departmentOptions}
              value={query.department}
              onChange={(d?: DepartmentCode) => setQuery((q) => ({ ...q, page: 1, department: d, kind: d ? "DEPARTMENT_LIST" : q.kind }))}
            />
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          系统在每个报送日自动生成并保存本区县的台账、退出台账、回退户名单、各部门名单和享受政策人口名单（数据截至报送日前一日 24 时），每月筛查日生成各乡镇的月度监测筛查报告；此处下载的文件与报送时完全一致。
        </Typography.Paragraph>
        {isTownship && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title="报送日自动生成的台账和部门名单以区县为单位；月度监测筛查报告按乡镇生成，列出本乡镇当月发现的线索及核实结果。乡镇可随时在上方下载本乡镇的台账和部门名单。"
          />
        )}
        <PagedTable<ReportSnapshot>
          label="已生成的报表"
          rowKey="id"
          columns={columns}
          {...pagedQuery(snapshots)}
          scrollX={1050}
          emptyText="暂无已生成的报表"
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: snapshots.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => `共 ${total} 个文件`,
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
          }}
        />
      </Card>
    </Flex>
  );
}
