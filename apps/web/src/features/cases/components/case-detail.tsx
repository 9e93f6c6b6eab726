import { ArrowLeftOutlined, PrinterOutlined } from "@ant-design/icons";
import type { CaseDetail as Case } from "@fanpin/domain/case-schemas";
import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS, MONITORING_TYPE_LABELS } from "@fanpin/domain/categories";
import { isTerminal } from "@fanpin/domain/procedures/stages";
import { ROLE_LABELS, type Role } from "@fanpin/domain/roles";
import { Alert, App, Button, Card, Col, Descriptions, Flex, Row, Space, Steps, Tag, Typography, type DescriptionsProps } from "antd";
import { useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { CategoryTag, DesignationTag } from "@/components/category-tags.tsx";
import { PageError } from "@/components/ui/page-error.tsx";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { formatDateTime } from "@/lib/format.ts";
import { procedureOf, stepOf, useRules, type RulesResponse, type RulesStep } from "@/lib/get-rules.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";
import { useCase } from "../api/get-case.ts";
import { describeRecord } from "../utils/describe-record.ts";
import { INCOMPLETE_CALENDAR_NOTICE } from "../utils/deadline.ts";
import { procedureProgress } from "../utils/procedure-steps.ts";
import type { OutdatedReason } from "./actions/action-form-shell.tsx";
import { defaultPanel, pendingReturn, type PanelKey } from "../utils/action-panels.ts";
import { ReturnNotice } from "./return-notice.tsx";
import { CaseActionPanel } from "./case-action-panel.tsx";
import { StageTag } from "./case-table.tsx";
import { CaseTimeline } from "./case-timeline.tsx";
import { DeadlineTag } from "./deadline-tag.tsx";

type Selection = { key: PanelKey; version: number } | null;

export const OUTCOME_LABELS = { designations: DESIGNATION_LABELS, categories: HOUSEHOLD_CATEGORY_LABELS };

function currentStageItems(c: Case, step: RulesStep | undefined, limitText: string | null): DescriptionsProps["items"] {
  const owner = step?.role;
  const items: DescriptionsProps["items"] = [
    { key: "stage", label: "当前阶段", children: <StageTag stage={c.stage} label={c.stageLabel} /> },
    { key: "started", label: "本阶段开始", children: c.stageStartedOn },
  ];
  if (c.deadline) {
    items.push({
      key: "deadline",
      label: "办理期限",
      children: (
        <Space size={4} wrap>
          <span data-testid="case-deadline"><DeadlineTag deadline={c.deadline} showDate /></span>
          {step?.deadline && <Typography.Text type="secondary">（{step.deadline.text}）</Typography.Text>}
        </Space>
      ),
    });
  }
  if (c.limitDeadline && !isTerminal(c.stage)) {
    items.push({
      key: "limit",
      label: "总时限",
      children: <span data-testid="case-limit">{limitText ? `${limitText}，` : ""}最迟 {c.limitDeadline} 前办结</span>,
    });
  }
  if (c.monitoringType) items.push({ key: "monitoringType", label: "监测对象类型", children: <Tag color="volcano">{MONITORING_TYPE_LABELS[c.monitoringType]}</Tag> });
  if (owner) items.push({ key: "owner", label: "办理方", children: ROLE_LABELS[owner] });
  if (c.publicity) items.push({ key: "publicity", label: "公示期", children: `${c.publicity.startsOn} 至 ${c.publicity.endsOn}（${c.publicity.postedOn} 张贴）` });
  if (c.returnCount > 0) items.push({ key: "returns", label: "退回更正", children: `${c.returnCount} 次` });
  if (c.assistFirst) items.push({ key: "assist", label: "先帮扶、后认定", children: <Tag color="cyan">已先行帮扶</Tag> });
  if (c.closedAt) items.push({ key: "closed", label: "办结时间", children: formatDateTime(c.closedAt) });
  return items;
}

/**
 * 案件: one household's case through its procedure. The current stage and
 * its deadline in plain words, the forms for what the signed-in user may do
 * now (`availableActions`), and the history as a timeline. When someone else
 * acted in between (409), the page offers to load the latest state.
 */
export function CaseDetail({ caseId, role }: { caseId: string; role: Role }) {
  const query = useCase(caseId);
  // The rules the case runs under: the deployment's, or an older rule set it started with.
  const rules = useRules(query.data?.ruleSet);
  const navigate = useNavigate();
  const location = useLocation();
  const { modal } = App.useApp();
  const notifyError = useNotifyError();
  // undefined: not decided yet (the stage's waiting work opens by itself once the case is loaded).
  const [selection, setSelection] = useState<Selection | undefined>(undefined);
  if (selection === undefined && query.data && rules.data) {
    const key = defaultPanel(query.data, stepOf(procedureOf(rules.data, query.data.procedure), query.data.stage));
    setSelection(key ? { key, version: query.data.version } : null);
  }

  const reload = async () => {
    const result = await query.refetch();
    if (result.error) notifyError(result.error, "载入失败");
    setSelection(undefined);
  };

  const onOutdated = ({ kind, message }: OutdatedReason) => {
    if (kind === "conflict") {
      modal.confirm({
        title: "该案件已被他人处理",
        content: "在您填写期间，其他人已办理了该案件，页面上的内容已不是最新。请载入最新内容后再决定如何办理（本次填写的内容未保存）。",
        okText: "载入最新内容",
        cancelText: "暂不载入",
        // Close at once and load behind it: a dialog waiting on the reload looks like a lost click.
        onOk: () => {
          void reload();
        },
      });
    } else {
      modal.warning({ title: "案件状态已变化", content: `${message}。将为您载入最新内容。`, okText: "载入最新内容", onOk: () => {
          void reload();
        } });
    }
  };

  const backTo = { href: paths.home.getHref(), label: "返回工作台" };
  if (query.isPending || rules.isPending) return <PageLoading />;
  if (query.isError) return <PageError error={query.error} backTo={backTo} onRetry={() => void query.refetch()} />;
  if (rules.isError) return <PageError error={rules.error} backTo={backTo} onRetry={() => void rules.refetch()} />;
  const c = query.data;
  const procedure = procedureOf(rules.data, c.procedure);
  if (!procedure) {
    return <PageError error={new Error(`本地区规则中没有该案件的办理程序（${c.procedureLabel}），请联系系统管理员`)} backTo={backTo} />;
  }
  const step = stepOf(procedure, c.stage);
  const closed = isTerminal(c.stage);
  const lastOpenStage = c.events.length ? c.events[c.events.length - 1]!.fromStage : null;
  const progress = procedureProgress(procedure, rules.data, OUTCOME_LABELS, c.stage, lastOpenStage);
  const leadLines = describeRecord("OPEN", c.lead);
  const owner = step?.role;
  const panelStep = (updated: Case) => stepOf(procedureOf(rules.data, updated.procedure), updated.stage);
  const returned = pendingReturn(c);

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space size={8} wrap style={{ minWidth: 0 }}>
          <Button
            icon={<ArrowLeftOutlined />}
            aria-label="返回"
            onClick={() => void (location.key === "default" ? navigate(backTo.href) : navigate(-1))}
          />
          <Typography.Title level={4} style={{ margin: 0, wordBreak: "break-word" }}>
            {c.household.headName} 户 · 案件 {c.caseNo}
          </Typography.Title>
          <span data-testid="case-stage">
            <StageTag stage={c.stage} label={c.stageLabel} />
          </span>
        </Space>
        <Space size={8} wrap>
          {(c.stage === "PUBLICITY_PENDING" || c.publicity) && (
            <Button
              icon={<PrinterOutlined />}
              onClick={() => void navigate(paths.publicityNotice.getHref(c.household.village.id, c.publicity?.postedOn ?? "pending"))}
            >
              打印公示
            </Button>
          )}
          <Typography.Text type="secondary" data-testid="case-procedure">{c.procedureLabel}</Typography.Text>
        </Space>
      </Flex>

      {/* Why the case came back, first thing on the page: the township corrects from here. */}
      {returned && <ReturnNotice event={returned} returnCount={c.returnCount} />}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Flex vertical gap={16}>
            <Card title={closed ? "办理结果" : "当前阶段"} size="small">
              {closed && (
                <Alert
                  type={c.stage === "DESIGNATED" || c.stage === "ELIMINATED" ? "success" : "info"}
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={
                    c.stage === "DESIGNATED"
                      ? procedure.outcome.type === "DESIGNATE" && c.household.designation
                        ? `认定完成：该户已标注为${DESIGNATION_LABELS[c.household.designation]}${c.monitoringType ? `（${MONITORING_TYPE_LABELS[c.monitoringType]}）` : ""}`
                        : `认定完成：${progress.steps.at(-1)!.description}`
                      : c.stage === "ELIMINATED"
                        ? `风险消除完成：${c.stageLabel}，该户退出监测，历史记录保留`
                        : `案件已结束：${c.stageLabel}`
                  }
                />
              )}
              <Descriptions size="small" column={{ xs: 1, md: 2 }} items={currentStageItems(c, step, procedure.limit?.text ?? null)} />
              {c.deadline && !c.deadline.complete && (
                <Alert type="warning" showIcon style={{ marginTop: 12 }} title={INCOMPLETE_CALENDAR_NOTICE} />
              )}
            </Card>

            {c.stage === "PUBLICITY_RUNNING" && c.publicity ? (
              <Alert
                type="info"
                showIcon
                title={`公示中：${c.publicity.endsOn} 期满后由${(() => { const r = stepOf(procedure, "PUBLICITY_ENDED")?.role; return r ? ROLE_LABELS[r] : "村级干部"; })()}确认公示结果；公示期间收到异议的，请登记异议报区县裁定。`}
              />
            ) : (
              !closed &&
              owner &&
              owner !== role &&
              defaultPanel(c, step) === null && <Alert type="info" showIcon title={`本阶段由${ROLE_LABELS[owner]}办理，您可查看办理进展。`} />
            )}

            {c.availableActions.length > 0 && (
              <CaseActionPanel
                caseDetail={c}
                rules={rules.data}
                procedure={procedure}
                step={step}
                selection={selection ?? null}
                onSelect={setSelection}
                onDone={(updated) => {
                  const key = defaultPanel(updated, panelStep(updated));
                  setSelection(key ? { key, version: updated.version } : null);
                }}
                onOutdated={onOutdated}
              />
            )}

            <Card title="办理记录" size="small">
              <CaseTimeline caseDetail={c} stageLabels={procedure.stageLabels} items={rules.data} />
            </Card>
          </Flex>
        </Col>

        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <Card title="家庭" size="small">
              <Descriptions
                size="small"
                column={1}
                items={[
                  {
                    key: "head",
                    label: "户主",
                    children: <Link to={paths.household.getHref(c.household.id)}>{c.household.headName} 户</Link>,
                  },
                  { key: "no", label: "户编号", children: c.household.householdNo },
                  { key: "area", label: "所在村", children: `${c.household.township.name} · ${c.household.village.name}` },
                  { key: "category", label: "户类别", children: <CategoryTag category={c.category} /> },
                  {
                    key: "designation",
                    label: "认定类型",
                    children: (
                      <Space size={4} wrap>
                        <DesignationTag designation={c.household.designation} />
                        {c.household.monitoringType && <Tag>{MONITORING_TYPE_LABELS[c.household.monitoringType]}</Tag>}
                      </Space>
                    ),
                  },
                ]}
              />
            </Card>
            <Card title={procedure.label} size="small" aria-label="办理程序">
              {procedure.limit && (
                <Typography.Paragraph type="secondary" style={{ marginTop: 0 }} data-testid="procedure-limit">
                  全程时限：{procedure.limit.text}
                  {c.limitDeadline ? `（首次发现线索 ${c.firstClueOn}，最迟 ${c.limitDeadline}）` : ""}
                </Typography.Paragraph>
              )}
              <Steps
                orientation="vertical"
                size="small"
                current={progress.current}
                status={progress.status}
                items={progress.steps.map((s, i) => ({
                  title: s.title,
                  content: i === progress.current && progress.endedAs ? `${s.description}（${progress.endedAs}）` : s.description,
                }))}
              />
            </Card>
            <Card title="线索" size="small">
              <Descriptions
                size="small"
                column={1}
                styles={{ content: { whiteSpace: "pre-wrap", wordBreak: "break-word" } }}
                items={[
                  { key: "opened", label: "立案日期", children: c.openedOn },
                  ...leadLines.map((l) => ({ key: l.label, label: l.label, children: l.value })),
                ]}
              />
            </Card>
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
