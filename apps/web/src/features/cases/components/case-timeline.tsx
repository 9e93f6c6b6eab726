import { CheckCircleOutlined, ClockCircleOutlined, ExclamationCircleOutlined } from "@ant-design/icons";
import type { CaseDetail, CaseEvent } from "@fanpin/domain/case-schemas";
import { CASE_ACTIONS } from "@fanpin/domain/procedures/actions";
import { ROLE_LABELS } from "@fanpin/domain/roles";
import { Descriptions, Flex, Space, Tag, Timeline, Typography } from "antd";
import { actorLabel, formatDateTime, labelOf } from "@/lib/format.ts";
import { describeRecord, type RuleItemLabels } from "../utils/describe-record.ts";

const ACTION_LABELS: Record<string, string> = {
  OPEN: "登记线索、立案",
  ...Object.fromEntries(Object.entries(CASE_ACTIONS).map(([code, a]) => [code, a.label])),
};

/** The system's own steps (publicity ending) carry no person: named like the household's history names them. */
function actorOf(e: CaseEvent): string {
  return actorLabel(e);
}

function DeadlineMet({ e }: { e: CaseEvent }) {
  if (e.metDeadline === null || !e.stageDeadline) return null;
  return e.metDeadline ? (
    <Tag color="success" icon={<CheckCircleOutlined />}>
      按期（期限 {e.stageDeadline}）
    </Tag>
  ) : (
    <Tag color="error" icon={<ExclamationCircleOutlined />}>
      逾期（期限 {e.stageDeadline}）
    </Tag>
  );
}

/**
 * The case's history as the procedure's steps: what was done, by whom, on
 * which day, whether the stage it ended kept its deadline (按期/逾期), and
 * what was recorded. Oldest first, as the procedure reads.
 */
export function CaseTimeline({ caseDetail, stageLabels, items: ruleItems }: { caseDetail: CaseDetail; stageLabels: Record<string, string>; items: RuleItemLabels }) {
  const stageLabel = (s: string) => stageLabels[s] ?? s;
  const items = caseDetail.events.map((e) => {
    const lines = describeRecord(e.action, e.record, ruleItems);
    const moved = e.fromStage !== e.toStage;
    const isLate = e.metDeadline === false;
    return {
      key: e.seq,
      color: isLate ? "red" : e.action === "REJECT" || e.action === "WITHDRAW" ? "gray" : "blue",
      icon: isLate ? <ClockCircleOutlined style={{ color: "#cf1322" }} /> : undefined,
      content: (
        <section aria-label={`第 ${e.seq} 步：${labelOf(ACTION_LABELS, e.action)}`} data-testid="case-event">
          <Flex wrap gap={8} align="center">
            <Typography.Text strong>{labelOf(ACTION_LABELS, e.action)}</Typography.Text>
            {moved && (
              <Typography.Text type="secondary">
                {stageLabel(e.fromStage)} → {stageLabel(e.toStage)}
              </Typography.Text>
            )}
            <DeadlineMet e={e} />
          </Flex>
          <Space size={12} wrap style={{ color: "rgba(0,0,0,0.65)", fontSize: 13 }}>
            <span>
              办理人：{actorOf(e)}
              {e.actorRole ? `（${ROLE_LABELS[e.actorRole]}）` : ""}
            </span>
            <span>办理日期：{e.actedOn}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              录入于 {formatDateTime(e.at)}
            </Typography.Text>
            {e.newDeadline && <span>“{stageLabel(e.toStage)}”期限：{e.newDeadline}</span>}
          </Space>
          {lines.length > 0 && (
            <Descriptions
              size="small"
              column={1}
              style={{ marginTop: 6 }}
              styles={{ label: { width: 130, whiteSpace: "nowrap" }, content: { whiteSpace: "pre-wrap", wordBreak: "break-word" } }}
              bordered
              items={lines.map((l, i) => ({ key: i, label: l.label, children: l.value }))}
            />
          )}
        </section>
      ),
    };
  });
  return <Timeline items={items} />;
}
