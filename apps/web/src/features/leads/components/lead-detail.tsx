import { ArrowLeftOutlined } from "@ant-design/icons";
import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import type { LeadDetail as Lead } from "@fanpin/domain/detection/lead-schemas";
import { Alert, App, Button, Card, Descriptions, Flex, Space, Tag, Timeline, Typography, type DescriptionsProps } from "antd";
import { useState } from "react";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import { PageError } from "@/components/ui/page-error.tsx";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { labelOf } from "@/lib/format.ts";
import { DeadlineTag } from "@/features/cases/components/deadline-tag.tsx";
import { useLead } from "../api/leads.ts";
import { leadDeadlineReason } from "../utils/lead-query.ts";
import { describeFacts } from "../utils/warning-facts.ts";
import { DismissLeadModal, OpenCaseFromLeadModal } from "./lead-actions-modals.tsx";
import { LeadStateTag, SourceTag } from "./lead-tags.tsx";

const wrap = { wordBreak: "break-word" as const, whiteSpace: "pre-wrap" as const };
const risks = (codes: string[]) => (codes.length ? codes.map((c) => labelOf(RISK_CAUSE.labels, c)).join("、") : "—");

/** A warning's facts as "label：value" lines (amounts, years, departments). */
function Facts({ facts }: { facts: Record<string, unknown> }) {
  const lines = describeFacts(facts);
  if (!lines.length) return null;
  return (
    <Descriptions
      size="small"
      column={1}
      items={lines.map((l) => ({ key: l.key, label: l.label, children: <span style={wrap}>{l.value}</span> }))}
    />
  );
}

function ClueTimeline({ lead }: { lead: Lead }) {
  return (
    <Timeline
      items={lead.clues.map((c) => ({
        key: c.id,
        color: c.warning ? "red" : "blue",
        content: (
          <section aria-label={`线索来源：${c.sourceLabel}`} data-testid="lead-clue">
            <Flex wrap gap={8} align="center">
              <SourceTag source={c.source} />
              <Typography.Text strong>{c.receivedOn}</Typography.Text>
              {c.takenBy && <Typography.Text type="secondary">登记人：{c.takenBy}</Typography.Text>}
              {c.reporterName && <Typography.Text type="secondary">反映人：{c.reporterName}</Typography.Text>}
              {c.phone && <Typography.Text type="secondary">电话：{c.phone}</Typography.Text>}
              {c.reference && <Typography.Text type="secondary">申报编号：<Typography.Text copyable>{c.reference}</Typography.Text></Typography.Text>}
            </Flex>
            {c.riskCauses.length > 0 && <Typography.Paragraph style={{ margin: "4px 0 0" }}>风险：{risks(c.riskCauses)}</Typography.Paragraph>}
            {c.description && <Typography.Paragraph style={{ margin: "4px 0 0", ...wrap }}>{c.description}</Typography.Paragraph>}
            {c.warning && (
              <Card size="small" style={{ marginTop: 6 }} title={<span style={wrap}>{c.warning.label}</span>}>
                <Facts facts={c.warning.facts} />
              </Card>
            )}
          </section>
        ),
      }))}
    />
  );
}

function infoItems(lead: Lead): DescriptionsProps["items"] {
  return [
    {
      key: "who",
      label: lead.household ? "家庭" : "姓名",
      children: lead.household ? (
        <Link to={paths.household.getHref(lead.household.id)}>{lead.household.headName} 户（{lead.household.householdNo}）</Link>
      ) : (
        <Space size={4} wrap><span>{lead.personName}</span><Tag color="warning">未登记</Tag></Space>
      ),
    },
    { key: "village", label: "所在村", children: <span style={wrap}>{lead.village.path}</span> },
    { key: "phone", label: "联系电话", children: lead.phone ?? "—" },
    { key: "id", label: "身份证号", children: lead.idNumber ?? "—" },
    { key: "first", label: "首条线索", children: lead.firstClueOn },
    { key: "handed", label: "转交乡镇", children: lead.handedOn },
    { key: "risks", label: "致贫（返贫）风险", span: 2, children: risks(lead.riskCauses) },
    { key: "description", label: "风险情况描述", span: 3, children: <span style={wrap}>{lead.description || "—"}</span> },
  ];
}

/**
 * One lead: who and where (phone and ID masked), its deadline, every clue
 * merged into it as a timeline, and for the township 立案 (registering the
 * household first when the person is not registered) or 排除 with a reason.
 */
export function LeadDetail({ leadId }: { leadId: string }) {
  const query = useLead(leadId);
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const [search, setSearch] = useSearchParams();
  // Back from 登记家庭 with the new household: the 立案 dialog opens with it.
  const registered = search.get("household");
  const [dialog, setDialog] = useState<"open-case" | "dismiss" | null>(registered ? "open-case" : null);
  const backTo = { href: paths.leads.getHref(), label: "返回线索核实" };

  if (query.isPending) return <PageLoading />;
  if (query.isError) return <PageError error={query.error} backTo={backTo} onRetry={() => void query.refetch()} />;
  const lead = query.data;
  const householdId = lead.household?.id ?? registered ?? null;
  const canOpen = lead.actions.includes("OPEN_CASE");
  const canDismiss = lead.actions.includes("DISMISS");
  const reason = leadDeadlineReason(lead.deadlineStatus);
  const who = lead.household?.headName ?? lead.personName;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space size={8} wrap style={{ minWidth: 0 }}>
          <Button icon={<ArrowLeftOutlined />} aria-label="返回" onClick={() => void (location.key === "default" ? navigate(backTo.href) : navigate(-1))} />
          <Typography.Title level={4} style={{ margin: 0, wordBreak: "break-word" }}>
            {who} · 线索 {lead.leadNo}
          </Typography.Title>
          <LeadStateTag state={lead.state} />
          {lead.deadlineStatus && <DeadlineTag deadline={lead.deadlineStatus} showDate />}
        </Space>
        {(canOpen || canDismiss) && (
          <Space wrap role="toolbar" aria-label="核实线索">
            {canOpen && householdId && (
              <Button type="primary" onClick={() => setDialog("open-case")}>立案</Button>
            )}
            {canOpen && !householdId && (
              <Button
                type="primary"
                onClick={() => void navigate(paths.householdNew.getHref({ leadId: lead.id, name: lead.personName, villageId: lead.village.id }))}
              >
                登记家庭
              </Button>
            )}
            {canDismiss && <Button danger onClick={() => setDialog("dismiss")}>排除</Button>}
          </Space>
        )}
      </Flex>

      {reason && (
        <Typography.Text type={lead.deadlineStatus?.bucket === "OVERDUE" ? "danger" : "secondary"} data-testid="lead-deadline">
          {reason}
        </Typography.Text>
      )}
      {canOpen && !householdId && (
        <Alert type="info" showIcon title="该人员尚未登记家庭档案：请先登记家庭，保存后返回本线索立案。" />
      )}
      {lead.case && (
        <Alert
          type="success"
          showIcon
          data-testid="lead-outcome"
          title={<span>已于 {lead.case.openedOn} 立案：<Link to={paths.case.getHref(lead.case.id)}>案件 {lead.case.caseNo}</Link></span>}
        />
      )}
      {lead.state === "DISMISSED" && (
        <Alert
          type="warning"
          showIcon
          data-testid="lead-outcome"
          title={`已排除${lead.closedOn ? `（${lead.closedOn}${lead.closedBy ? `，${lead.closedBy}` : ""}）` : ""}`}
          description={<span style={wrap}>排除理由：{lead.dismissReason ?? "—"}</span>}
        />
      )}

      <Card title="线索信息" size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={infoItems(lead)} styles={{ content: { minWidth: 0, overflowWrap: "anywhere" } }} />
      </Card>
      <Card title={`线索来源（${lead.clues.length} 条）`} size="small">
        <ClueTimeline lead={lead} />
      </Card>

      {dialog === "open-case" && householdId && canOpen && (
        <OpenCaseFromLeadModal
          lead={lead}
          householdId={householdId}
          onClose={() => {
            setDialog(null);
            if (registered) setSearch({}, { replace: true });
          }}
          onOpened={(created) => {
            setDialog(null);
            void message.success(`已立案：案件 ${created.caseNo}`);
            void navigate(paths.case.getHref(created.id));
          }}
        />
      )}
      {dialog === "dismiss" && (
        <DismissLeadModal
          lead={lead}
          onClose={() => setDialog(null)}
          onDismissed={() => {
            setDialog(null);
            void message.success(`已排除线索 ${lead.leadNo}`);
          }}
        />
      )}
    </Flex>
  );
}
