import { InboxOutlined, UploadOutlined } from "@ant-design/icons";
import {
  DEPARTMENT_FIELDS, WARNING_DEPARTMENT_CODES, WARNING_DEPARTMENTS, WARNING_KINDS, warningKindsOf,
  type DepartmentField, type DepartmentJob, type DepartmentMapping, type DepartmentPreview, type WarningDepartment, type WarningKind,
} from "@fanpin/domain/detection/department-lists";
import { IMPORT_STATUS_LABELS } from "@fanpin/domain/import-schemas";
import { Alert, Button, Card, Flex, Form, Progress, Select, Space, Statistic, Table, Tag, Typography, Upload } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { ExportButton } from "@/components/export-button.tsx";
import { PagedTable } from "@/components/paged-table.tsx";
import { EllipsisText } from "@/components/ui/ellipsis-text.tsx";
import { describeError } from "@/lib/api-client.ts";
import { formatDateTime } from "@/lib/format.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import {
  useDepartmentJob, useDepartmentJobs, usePreviewDepartmentFile, useRefreshWhenDone, useUploadDepartmentFile,
} from "../api/department-warnings.ts";

const STATUS_COLORS: Record<DepartmentJob["status"], string> = { QUEUED: "default", RUNNING: "processing", SUCCEEDED: "success", FAILED: "error" };
const FIELD_ORDER: DepartmentField[] = ["idNumber", "name", "kind", "amount", "occurredOn", "note"];
const NONE = "";

type Columns = Partial<Record<DepartmentField, string>>;

/** 部门预警导入: pick the department, upload its list, map its columns from a preview, follow the matching job. */
export function DepartmentWarningsPage() {
  const [search, setSearch] = useSearchParams();
  const jobId = search.get("job");
  const [department, setDepartment] = useState<WarningDepartment | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<DepartmentPreview | null>(null);
  const [columns, setColumns] = useState<Columns>({});
  const [fixedKind, setFixedKind] = useState<WarningKind | undefined>(undefined);
  const [kindValues, setKindValues] = useState<Record<string, WarningKind>>({});
  const previewFile = usePreviewDepartmentFile();
  const upload = useUploadDepartmentFile();
  const notifyError = useNotifyError();

  const reset = () => {
    setFile(null);
    setPreview(null);
    setColumns({});
    setFixedKind(undefined);
    setKindValues({});
  };

  const pick = (f: File) => {
    if (!department) return;
    setFile(f);
    setPreview(null);
    previewFile.mutate({ department, file: f }, {
      onSuccess: (p) => {
        setPreview(p);
        // The remembered mapping (or a guess from the headers) is preselected.
        setColumns({ ...(p.suggested?.columns ?? {}) });
        setFixedKind(p.suggested?.fixedKind);
        setKindValues({ ...(p.suggested?.kindValues ?? {}) });
      },
      onError: (error) => {
        setFile(null);
        notifyError(error, "无法读取该文件");
      },
    });
  };

  const kinds = department ? warningKindsOf(department) : [];
  const kindColumnValues = preview && columns.kind ? preview.kindColumnValues : [];
  const mapping: DepartmentMapping | null = columns.idNumber && (fixedKind || columns.kind)
    ? {
      columns: Object.fromEntries(Object.entries(columns).filter(([, v]) => v)) as DepartmentMapping["columns"],
      ...(fixedKind ? { fixedKind } : {}),
      ...(columns.kind && Object.keys(kindValues).length ? { kindValues } : {}),
    }
    : null;

  const start = () => {
    if (!department || !file || !mapping) return;
    upload.mutate({ department, mapping, file }, {
      onSuccess: (job) => {
        reset();
        setSearch({ job: job.id });
      },
      onError: (error) => notifyError(error, "上传失败"),
    });
  };

  const headerOptions = [{ value: NONE, label: "（不使用）" }, ...(preview?.headers ?? []).filter((h) => h).map((h) => ({ value: h, label: h }))];
  const kindOptions = kinds.map((k) => ({ value: k, label: WARNING_KINDS[k].label }));

  return (
    <Flex vertical gap={16} style={{ minWidth: 0 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>部门预警导入</Typography.Title>

      <Card size="small" title="第一步：选择部门和名单文件">
        <Flex vertical gap={12}>
          <Typography.Paragraph style={{ margin: 0 }}>
            上传部门报送的名单（.xlsx，或 UTF-8 / GB18030 编码的 .csv），按原样即可：系统按身份证号码匹配已登记的家庭成员，匹配到的在该户上形成部门预警；
            未匹配和不在辖区内的行列入报告，可下载核查。同一份名单重复上传不会重复预警。
          </Typography.Paragraph>
          <Select<WarningDepartment>
            aria-label="部门"
            placeholder="选择报送名单的部门"
            style={{ width: "100%", maxWidth: 320 }}
            value={department ?? undefined}
            onChange={(d) => {
              setDepartment(d);
              reset();
            }}
            options={WARNING_DEPARTMENT_CODES.map((d) => ({ value: d, label: WARNING_DEPARTMENTS[d] }))}
          />
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            multiple={false}
            disabled={!department}
            fileList={file ? [{ uid: "selected", name: file.name, size: file.size, status: previewFile.isPending ? "uploading" : "done" }] : []}
            beforeUpload={(f) => {
              pick(f);
              return false; // read for the preview here; uploaded with the button below
            }}
            onRemove={reset}
          >
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{department ? "点击或拖动文件到此处选择名单" : "请先选择部门"}</p>
            <p className="ant-upload-hint">.xlsx 或 .csv，不超过 100 MB</p>
          </Upload.Dragger>
        </Flex>
      </Card>

      {preview && department && (
        <Card size="small" title="第二步：核对列对应" aria-label="列对应">
          <Flex vertical gap={12}>
            <Typography.Text type="secondary">
              表头在第 {preview.headerRow} 行。请为每项选择名单中的列；身份证号码必选。所选对应会保存，下次上传{WARNING_DEPARTMENTS[department]}名单时自动选好。
            </Typography.Text>
            <Form layout="vertical" style={{ maxWidth: 640 }}>
              {FIELD_ORDER.map((field) => (
                <Form.Item key={field} label={DEPARTMENT_FIELDS[field]} required={field === "idNumber"} style={{ marginBottom: 8 }}>
                  <Select
                    aria-label={DEPARTMENT_FIELDS[field]}
                    value={columns[field] ?? NONE}
                    onChange={(v: string) => setColumns((c) => ({ ...c, [field]: v || undefined }))}
                    options={headerOptions}
                  />
                </Form.Item>
              ))}
              {!columns.kind && (
                <Form.Item label="整份名单的预警类别" required style={{ marginBottom: 8 }}>
                  <Select aria-label="整份名单的预警类别" placeholder="名单没有类别列时，选择整份名单的类别" value={fixedKind} onChange={setFixedKind} options={kindOptions} />
                </Form.Item>
              )}
              {kindColumnValues.map((text) => (
                <Form.Item key={text} label={`类别列中的“${text}”`} style={{ marginBottom: 8 }}>
                  <Select
                    aria-label={`类别“${text}”`}
                    placeholder="对应的预警类别"
                    value={kindValues[text]}
                    allowClear
                    onChange={(k?: WarningKind) => setKindValues((m) => {
                      const next = { ...m };
                      if (k) next[text] = k;
                      else delete next[text];
                      return next;
                    })}
                    options={kindOptions}
                  />
                </Form.Item>
              ))}
            </Form>
            <Table
              size="small"
              aria-label="名单预览"
              rowKey={(_, i) => String(i)}
              pagination={false}
              scroll={{ x: "max-content" }}
              dataSource={preview.rows.map((r) => Object.fromEntries(r.map((v, i) => [String(i), v])))}
              columns={preview.headers.map((h, i) => ({ title: h || `第 ${i + 1} 列`, dataIndex: String(i), key: String(i), ellipsis: true, width: 140 }))}
            />
            {!mapping && <Alert type="info" showIcon message="请选择身份证号码所在的列，以及类别列或整份名单的类别" />}
            <div>
              <Button type="primary" icon={<UploadOutlined />} disabled={!mapping} loading={upload.isPending} onClick={start}>
                开始匹配
              </Button>
            </div>
          </Flex>
        </Card>
      )}

      {jobId && <JobReport jobId={jobId} />}

      <RecentJobs current={jobId} onOpen={(id) => setSearch({ job: id })} />
    </Flex>
  );
}

function JobReport({ jobId }: { jobId: string }) {
  const job = useDepartmentJob(jobId);
  useRefreshWhenDone(job.data);
  if (job.isError) return <Alert type="error" showIcon message={describeError(job.error)} />;
  if (!job.data) return <Card size="small" loading title="匹配进度" />;
  const j = job.data;
  const running = j.status === "QUEUED" || j.status === "RUNNING";
  return (
    <Card
      size="small"
      aria-label="匹配结果"
      title={<Space wrap>匹配结果<Typography.Text type="secondary">{WARNING_DEPARTMENTS[j.department]} · {j.fileName}</Typography.Text></Space>}
      extra={<Tag color={STATUS_COLORS[j.status]}>{IMPORT_STATUS_LABELS[j.status]}</Tag>}
    >
      <Flex vertical gap={16}>
        {running && (
          <div aria-label="匹配进度">
            <Progress percent={j.progress} status="active" />
            <Typography.Text type="secondary">{j.status === "QUEUED" ? "排队等待中…" : `已读取 ${j.rowsRead} 行`}</Typography.Text>
          </div>
        )}
        <Flex gap={24} wrap>
          <Statistic title="读取（行）" value={j.rowsRead} />
          <Statistic title="匹配" value={j.matched} />
          <Statistic title="重复" value={j.duplicates} />
          <Statistic title="未匹配" value={j.unmatched} />
          <Statistic title="辖区外" value={j.outOfArea} />
          <Statistic title="无法读取" value={j.problems} valueStyle={j.problems ? { color: "#cf1322" } : undefined} />
        </Flex>
        {j.status === "FAILED" && j.error && <Alert type="error" showIcon message="处理失败" description={j.error.message} />}
        {j.status === "SUCCEEDED" && (
          <Alert
            type={j.unmatched + j.outOfArea + j.problems ? "warning" : "success"}
            showIcon
            message={`处理完成：新增预警 ${j.matched} 条${j.duplicates ? `，${j.duplicates} 行此前已上传过` : ""}`}
            description={j.hasReport ? "未匹配、辖区外和无法读取的行已列入报告（含原因列），请下载核查。" : undefined}
          />
        )}
        {j.hasReport && (
          <div>
            <ExportButton
              path={`/api/department-warnings/jobs/${encodeURIComponent(j.id)}/report.xlsx`} query={{}} fallbackName="未匹配的行.xlsx"
              label="下载未匹配的行" busyLabel="正在下载…" doneVerb="已下载"
            />
          </div>
        )}
      </Flex>
    </Card>
  );
}

function RecentJobs({ current, onOpen }: { current: string | null; onOpen: (id: string) => void }) {
  const jobs = useDepartmentJobs();
  if (!jobs.data?.items.length) return null;
  const result = (j: DepartmentJob) => `匹配 ${j.matched}，重复 ${j.duplicates}，未匹配 ${j.unmatched}，辖区外 ${j.outOfArea}`;
  return (
    <Card size="small" title="我最近上传的名单">
      <PagedTable<DepartmentJob>
        label="我最近上传的名单"
        size="small"
        rowKey="id"
        items={jobs.data.items}
        pagination={false}
        rowClassName={(j) => (j.id === current ? "ant-table-row-selected" : "")}
        columns={[
          { title: "提交时间", dataIndex: "createdAt", width: 150, render: (at: string) => formatDateTime(at) },
          { title: "部门", dataIndex: "department", width: 90, render: (d: WarningDepartment) => WARNING_DEPARTMENTS[d] },
          { title: "文件", dataIndex: "fileName", render: (f: string) => <EllipsisText>{f}</EllipsisText> },
          { title: "状态", dataIndex: "status", width: 90, render: (s: DepartmentJob["status"]) => <Tag color={STATUS_COLORS[s]}>{IMPORT_STATUS_LABELS[s]}</Tag> },
          { title: "结果", key: "result", width: 280, render: (_, j) => result(j) },
          { title: "", key: "open", width: 70, render: (_, j) => <Button type="link" size="small" onClick={() => onOpen(j.id)}>查看</Button> },
        ]}
        renderCard={(j) => (
          <Flex vertical gap={4}>
            <Flex justify="space-between" gap={8}>
              <Typography.Text strong><EllipsisText>{`${WARNING_DEPARTMENTS[j.department]} · ${j.fileName}`}</EllipsisText></Typography.Text>
              <Tag color={STATUS_COLORS[j.status]}>{IMPORT_STATUS_LABELS[j.status]}</Tag>
            </Flex>
            <Typography.Text type="secondary">{formatDateTime(j.createdAt)}</Typography.Text>
            <Typography.Text>{result(j)}</Typography.Text>
            <div><Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpen(j.id)}>查看</Button></div>
          </Flex>
        )}
      />
    </Card>
  );
}
