import { PlusOutlined } from "@ant-design/icons";
import type { CaseSummary } from "@fanpin/domain/case-schemas";
import { DESIGNATION_LABELS, type Designation, type HouseholdCategory } from "@fanpin/domain/categories";
import { procedureFor } from "@fanpin/domain/procedures/procedure";
import { isTerminal } from "@fanpin/domain/procedures/stages";
import { Alert, App, Button, Card, Table, Tooltip, Typography, type TableColumnsType } from "antd";
import { lazy, Suspense, useState } from "react";
import { Link, useNavigate } from "react-router";
import { paths } from "@/config/paths.ts";
import { describeError } from "@/lib/api-client.ts";
import { useCases } from "../api/get-cases.ts";
import { StageTag } from "./case-table.tsx";
import { DeadlineTag } from "./deadline-tag.tsx";
import type { RiskCause } from "./open-case-modal.tsx";

// The lead form brings the record schemas (zod) with it: loaded when first opened.
const OpenCaseModal = lazy(async () => ({ default: (await import("./open-case-modal.tsx")).OpenCaseModal }));

type HouseholdCasesProps = {
  household: { id: string; headName: string; category: HouseholdCategory; designation: Designation | null; riskCauses: RiskCause[] };
  canOpen: boolean;
};

/** The household's cases, newest deadline first, and 登记线索 to open one (one open case per household at a time). */
export function HouseholdCases({ household, canOpen }: HouseholdCasesProps) {
  const cases = useCases({ householdId: household.id, status: "all", pageSize: 50 });
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [isOpening, setIsOpening] = useState(false);
  const items = cases.data?.items ?? [];
  const openCase = items.find((c) => !isTerminal(c.stage));
  const outcome = procedureFor(household.category).outcome;
  const alreadyDesignated = "designation" in outcome && household.designation === outcome.designation;
  const blockedBy = openCase
    ? `该户已有正在办理的案件（${openCase.caseNo}），请在原案件中继续办理`
    : alreadyDesignated
      ? `该户已认定为${DESIGNATION_LABELS[household.designation!]}，无需再次登记`
      : null;

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: "案件编号",
      dataIndex: "caseNo",
      width: 160,
      render: (no: string, c) => <Link to={paths.case.getHref(c.id)} aria-label={`查看案件 ${no}`}>{no}</Link>,
    },
    { title: "认定程序", key: "procedure", render: (_, c) => procedureFor(c.category).title },
    { title: "立案日期", dataIndex: "openedOn", width: 110 },
    { title: "当前阶段", dataIndex: "stage", width: 150, render: (s: CaseSummary["stage"]) => <StageTag stage={s} /> },
    { title: "期限", key: "deadline", width: 200, render: (_, c) => <DeadlineTag deadline={c.deadline} showDate /> },
  ];

  return (
    <section aria-label="监测帮扶案件">
    <Card
      title="监测帮扶案件"
      size="small"
      extra={
        canOpen ? (
          <Tooltip title={blockedBy ?? undefined}>
            <Button type="primary" icon={<PlusOutlined />} disabled={Boolean(blockedBy) || cases.isPending} onClick={() => setIsOpening(true)}>
              登记线索/立案
            </Button>
          </Tooltip>
        ) : null
      }
    >
      {cases.isError && (
        <Alert type="error" showIcon title={describeError(cases.error)} action={<Button size="small" onClick={() => void cases.refetch()}>重试</Button>} />
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
      {isOpening && (
        <Suspense fallback={null}>
          <OpenCaseModal
            open
            householdId={household.id}
            householdName={household.headName}
            riskCauses={household.riskCauses}
            onClose={() => setIsOpening(false)}
            onOpened={(created) => {
              setIsOpening(false);
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
