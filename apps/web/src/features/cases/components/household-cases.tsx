import { PlusOutlined } from "@ant-design/icons";
import type { CaseSummary } from "@fanpin/domain/case-schemas";
import { DESIGNATION_LABELS, MONITORING_TYPE_LABELS, type Designation, type HouseholdCategory } from "@fanpin/domain/categories";
import { isTerminal } from "@fanpin/domain/procedures/stages";
import { Alert, App, Button, Card, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { lazy, Suspense, useState } from "react";
import { Link, useNavigate } from "react-router";
import { paths } from "@/config/paths.ts";
import { describeError } from "@/lib/api-client.ts";
import { useRules, type RulesResponse } from "@/lib/get-rules.ts";
import { useCases } from "../api/get-cases.ts";
import { StageTag } from "./case-table.tsx";
import { DeadlineTag } from "./deadline-tag.tsx";
import type { RiskCause } from "./open-case-modal.tsx";

// Kept here (not imported from the lazily loaded modal) so the card does not pull the record schemas in.
function applicable(rules: RulesResponse, h: { category: HouseholdCategory; designation: Designation | null }) {
  return rules.procedures.filter((p) => p.appliesTo.categories.includes(h.category) && p.appliesTo.designations.includes(h.designation));
}

// The lead form brings the record schemas (zod) with it: loaded when first opened.
const OpenCaseModal = lazy(async () => ({ default: (await import("./open-case-modal.tsx")).OpenCaseModal }));

type HouseholdCasesProps = {
  household: { id: string; headName: string; category: HouseholdCategory; designation: Designation | null; riskCauses: RiskCause[]; difficultyDescription?: string | null };
  canOpen: boolean;
};

/** The household's cases, newest deadline first, and 登记线索 to open one (one open case per household at a time). */
export function HouseholdCases({ household, canOpen }: HouseholdCasesProps) {
  const cases = useCases({ householdId: household.id, status: "all", pageSize: 50 });
  const navigate = useNavigate();
  const { message } = App.useApp();
  const rules = useRules();
  const [opening, setOpening] = useState<{ procedure?: string } | null>(null);
  const items = cases.data?.items ?? [];
  const openCase = items.find((c) => !isTerminal(c.stage));
  const procedures = rules.data ? applicable(rules.data, household) : [];
  const identification = procedures.filter((p) => p.purpose === "IDENTIFICATION");
  const elimination = procedures.find((p) => p.purpose === "ELIMINATION");
  const busy = openCase ? `该户已有正在办理的案件（${openCase.caseNo}），请在原案件中继续办理` : null;
  const blockedBy =
    busy ??
    (identification.length === 0
      ? household.designation
        ? `该户已认定为${DESIGNATION_LABELS[household.designation]}，无需再次登记`
        : "本地区规则中没有适用于该户的识别认定程序"
      : null);
  // The designated household's monitoring type (cases carry it; the household view does not).
  const monitoringType = items.find((c) => c.household.monitoringType)?.household.monitoringType ?? null;

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: "案件编号",
      dataIndex: "caseNo",
      width: 160,
      render: (no: string, c) => <Link to={paths.case.getHref(c.id)} aria-label={`查看案件 ${no}`}>{no}</Link>,
    },
    { title: "办理程序", key: "procedure", render: (_, c) => c.procedureLabel },
    { title: "立案日期", dataIndex: "openedOn", width: 110 },
    { title: "当前阶段", dataIndex: "stage", width: 150, render: (_: unknown, c: CaseSummary) => <StageTag stage={c.stage} label={c.stageLabel} /> },
    { title: "期限", key: "deadline", width: 200, render: (_, c) => <DeadlineTag deadline={c.deadline} showDate /> },
  ];

  return (
    <section aria-label="监测帮扶案件">
    <Card
      title="监测帮扶案件"
      size="small"
    >
      {/* In the body, not the card's header: two buttons beside the title leave it no room at 390 px. */}
      {canOpen && (
        <div style={{ marginBottom: 12 }}>
          <Space size={8} wrap>
            {elimination && (
              <Tooltip title={busy ?? undefined}>
                <Button disabled={Boolean(busy) || cases.isPending} onClick={() => setOpening({ procedure: elimination.kind })}>
                  办理{elimination.label}
                </Button>
              </Tooltip>
            )}
            <Tooltip title={blockedBy ?? undefined}>
              <Button type="primary" icon={<PlusOutlined />} disabled={Boolean(blockedBy) || cases.isPending || rules.isPending} onClick={() => setOpening({})}>
                登记线索/立案
              </Button>
            </Tooltip>
          </Space>
        </div>
      )}
      {cases.isError && (
        <Alert type="error" showIcon title={describeError(cases.error)} action={<Button size="small" onClick={() => void cases.refetch()}>重试</Button>} />
      )}
      {household.designation && (
        <Typography.Paragraph data-testid="household-designation">
          当前认定：<Tag color="volcano">{DESIGNATION_LABELS[household.designation]}</Tag>
          {monitoringType && <Tag>{MONITORING_TYPE_LABELS[monitoringType]}</Tag>}
          {elimination && !openCase && <Typography.Text type="secondary">风险稳定消除后，可办理{elimination.label}退出监测。</Typography.Text>}
        </Typography.Paragraph>
      )}
      {openCase && (
        <Typography.Paragraph>
          正在办理：<Link to={paths.case.getHref(openCase.id)}>案件 {openCase.caseNo}</Link>
        </Typography.Paragraph>
      )}
      <Table<CaseSummary>
        aria-label="该户的案件"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={cases.isFetching}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: "该户暂无案件" }}
      />
      {opening && (
        <Suspense fallback={null}>
          <OpenCaseModal
            open
            householdId={household.id}
            householdName={household.headName}
            category={household.category}
            designation={household.designation}
            procedure={opening.procedure ?? identification[0]?.kind}
            riskCauses={household.riskCauses}
            difficultyDescription={household.difficultyDescription}
            onClose={() => setOpening(null)}
            onOpened={(created) => {
              setOpening(null);
              void message.success(`已立案：案件 ${created.caseNo}`);
              void navigate(paths.case.getHref(created.id));
            }}
          />
        </Suspense>
      )}
    </Card>
    </section>
  );
}
