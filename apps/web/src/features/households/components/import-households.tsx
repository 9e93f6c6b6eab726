import { InboxOutlined, UploadOutlined } from "@ant-design/icons";
import { EllipsisText } from "@/components/ui/ellipsis-text.tsx";
import {
  IMPORT_MODE_LABELS, IMPORT_PHASE_LABELS, IMPORT_STATUS_LABELS, type ImportModeName,
} from "@fanpin/domain/import-schemas";
import { Alert, Button, Card, Descriptions, Flex, Progress, Radio, Space, Statistic, Table, Tag, Typography, Upload } from "antd";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { paths } from "@/config/paths.ts";
import { describeError } from "@/lib/api-client.ts";
import { ExportButton } from "@/components/export-button.tsx";
import { formatDateTime } from "@/lib/format.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import {
  useImportJob, useImportJobs, useRefreshHouseholdsWhenDone, useUploadHouseholdSheet, type ImportJob, type ImportJobSummary,
} from "../api/import-households.ts";

const STATUS_COLORS: Record<ImportJob["status"], string> = { QUEUED: "default", RUNNING: "processing", SUCCEEDED: "success", FAILED: "error" };
const MODE_HINTS: Record<ImportModeName, string> = {
  "all-or-nothing": "文件中只要有一行有错误，就不写入任何数据；适合首次导入，修正全部错误后再导入。",
  "valid-only": "正确的户立即导入；有错误的户整户退回，可下载“退回的行”（附错误说明），修正后再次导入。",
};

/** 批量导入家庭: template, upload, progress and the report of one import, and the user's recent imports. */
export function ImportHouseholds() {
  const [search, setSearch] = useSearchParams();
  const jobId = search.get("job");
  const [mode, setMode] = useState<ImportModeName>("valid-only");
  const [file, setFile] = useState<File | null>(null);
  const upload = useUploadHouseholdSheet();
  const notifyError = useNotifyError();

  const start = () => {
    if (!file) return;
    upload.mutate({ file, mode }, {
      onSuccess: (job) => {
        setFile(null);
        setSearch({ job: job.id });
      },
      onError: (error) => notifyError(error, "上传失败"),
    });
  };

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          批量导入家庭
        </Typography.Title>
        <Link to={paths.households.getHref()}>返回家庭档案</Link>
      </Flex>

      <Card size="small" title="第一步：按模板准备表格">
        <Flex vertical gap={8}>
          <Typography.Paragraph style={{ margin: 0 }}>
            每名家庭成员一行，同一户填写相同的户编号并连续排列；表头与《即时帮扶人口信息采集表》一致。证件号码列须为“文本”格式，
            否则表格软件会把 18 位号码变成 3.71002E+17 之类的数字并丢失末几位。可导入 .xlsx，或 UTF-8 / GB18030 编码的 .csv。
          </Typography.Paragraph>
          <div>
            <ExportButton
              path="/api/households/import/template.xlsx" query={{}} fallbackName="家庭信息导入模板.xlsx"
              label="下载导入模板" busyLabel="正在下载…" doneVerb="已下载"
            />
          </div>
        </Flex>
      </Card>

      <Card size="small" title="第二步：选择导入方式并上传">
        <Flex vertical gap={12}>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as ImportModeName)} aria-label="导入方式">
            <Space direction="vertical">
              {(Object.keys(IMPORT_MODE_LABELS) as ImportModeName[]).map((m) => (
                <Radio key={m} value={m}>
                  <Typography.Text strong>{IMPORT_MODE_LABELS[m]}</Typography.Text>
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>{MODE_HINTS[m]}</Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            multiple={false}
            fileList={file ? [{ uid: "selected", name: file.name, size: file.size, status: "done" }] : []}
            beforeUpload={(f) => {
              setFile(f);
              return false; // uploaded with the button below, not on selection
            }}
            onRemove={() => setFile(null)}
          >
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">点击或拖动文件到此处选择要导入的表格</p>
            <p className="ant-upload-hint">.xlsx 或 .csv，不超过 100 MB；大文件在后台导入，可随时回来查看进度</p>
          </Upload.Dragger>
          <div>
            <Button type="primary" icon={<UploadOutlined />} disabled={!file} loading={upload.isPending} onClick={start}>
              开始导入
            </Button>
          </div>
        </Flex>
      </Card>

      {jobId && <ImportReport jobId={jobId} />}

      <RecentImports current={jobId} onOpen={(id) => setSearch({ job: id })} />
    </Flex>
  );
}

function ImportReport({ jobId }: { jobId: string }) {
  const job = useImportJob(jobId);
  useRefreshHouseholdsWhenDone(job.data);
  if (job.isError) return <Alert type="error" showIcon message={describeError(job.error)} />;
  if (!job.data) return <Card size="small" loading title="导入进度" />;
  const j = job.data;
  const running = j.status === "QUEUED" || j.status === "RUNNING";

  return (
    <Card
      size="small"
      title={<Space>导入报告<Typography.Text type="secondary">{j.fileName}</Typography.Text></Space>}
      extra={<Tag color={STATUS_COLORS[j.status]}>{IMPORT_STATUS_LABELS[j.status]}</Tag>}
      aria-label="导入报告"
    >
      <Flex vertical gap={16}>
        {running && (
          <div aria-label="导入进度">
            <Progress percent={j.progress} status="active" />
            <Typography.Text type="secondary">
              {j.status === "QUEUED" ? "排队等待中…" : `${IMPORT_PHASE_LABELS[j.phase ?? ""] ?? "处理中"}：已读取 ${j.rowsRead} 行，已处理 ${j.householdsDone} 户`}
            </Typography.Text>
          </div>
        )}
        <Flex gap={32} wrap>
          <Statistic title="新增（户）" value={j.created} />
          <Statistic title="更新（户）" value={j.updated} />
          <Statistic title="无变化（户）" value={j.unchanged} />
          <Statistic title="退回（户）" value={j.rejected} valueStyle={j.rejected ? { color: "#cf1322" } : undefined} />
          <Statistic title="问题（处）" value={j.problemCount} />
        </Flex>
        {j.status === "FAILED" && j.error && <Alert type="error" showIcon message="导入失败" description={j.error.message} />}
        {j.status === "SUCCEEDED" && j.nothingWritten && (
          <Alert
            type="warning"
            showIcon
            message={`发现 ${j.problemCount} 处问题，按“${IMPORT_MODE_LABELS[j.mode]}”方式，本次没有写入任何数据`}
            description="请按下表在原文件中逐行修正后重新导入整个文件；也可改用“导入正确的户，退回有错误的行”。"
          />
        )}
        {j.status === "SUCCEEDED" && !j.nothingWritten && j.problemCount === 0 && (
          <Alert type="success" showIcon message={`导入完成：共处理 ${j.householdsDone} 户，全部通过校验`} />
        )}
        {j.status === "SUCCEEDED" && !j.nothingWritten && j.problemCount > 0 && (
          <Alert
            type="warning"
            showIcon
            message={`已导入正确的 ${j.created + j.updated + j.unchanged} 户；${j.rejected} 户有问题被退回`}
            description="下载“退回的行”，按“错误说明”列修正后直接再次导入即可。"
          />
        )}
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="导入方式">{IMPORT_MODE_LABELS[j.mode]}</Descriptions.Item>
          <Descriptions.Item label="提交时间">{formatDateTime(j.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="完成时间">{j.finishedAt ? formatDateTime(j.finishedAt) : "—"}</Descriptions.Item>
        </Descriptions>
        {j.problems.length > 0 && (
          <Table
            size="small"
            rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
            dataSource={j.problems}
            pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => (j.problemCount > n ? `显示前 ${n} 处，共 ${j.problemCount} 处（全部见退回的行）` : `共 ${n} 处`) }}
            columns={[
              { title: "行号", dataIndex: "row", width: 80 },
              { title: "列", dataIndex: "column", width: 200 },
              { title: "问题", dataIndex: "message" },
            ]}
            aria-label="问题清单"
          />
        )}
        <Space wrap>
          {j.hasRejectedFile && (
            <ExportButton
              path={`/api/households/imports/${encodeURIComponent(j.id)}/rejected.xlsx`} query={{}} fallbackName="退回的行.xlsx"
              label="下载退回的行（含错误说明）" busyLabel="正在下载…" doneVerb="已下载"
            />
          )}
          {!running && <Link to={paths.households.getHref()}>查看家庭档案</Link>}
        </Space>
      </Flex>
    </Card>
  );
}

function RecentImports({ current, onOpen }: { current: string | null; onOpen: (id: string) => void }) {
  const jobs = useImportJobs();
  if (!jobs.data?.items.length) return null;
  return (
    <Card size="small" title="我最近的导入">
      <Table<ImportJobSummary>
        size="small"
        rowKey="id"
        dataSource={jobs.data.items}
        pagination={false}
        rowClassName={(j) => (j.id === current ? "ant-table-row-selected" : "")}
        columns={[
          { title: "提交时间", dataIndex: "createdAt", width: 150, render: (at: string) => formatDateTime(at) },
          { title: "文件", dataIndex: "fileName", render: (f: string) => <EllipsisText>{f}</EllipsisText> },
          { title: "方式", dataIndex: "mode", width: 200, render: (m: ImportModeName) => IMPORT_MODE_LABELS[m] },
          { title: "状态", dataIndex: "status", width: 90, render: (s: ImportJob["status"]) => <Tag color={STATUS_COLORS[s]}>{IMPORT_STATUS_LABELS[s]}</Tag> },
          {
            title: "结果", key: "result", width: 260,
            render: (_, j) => (j.nothingWritten ? `未写入（${j.problemCount} 处问题）` : `新增 ${j.created}，更新 ${j.updated}，无变化 ${j.unchanged}，退回 ${j.rejected}`),
          },
          { title: "", key: "open", width: 80, render: (_, j) => <Button type="link" size="small" onClick={() => onOpen(j.id)}>查看</Button> },
        ]}
      />
    </Card>
  );
}
