import type { CaseEvent } from "@fanpin/domain/case-schemas";
import { ROLE_LABELS } from "@fanpin/domain/roles";
import { Alert, Typography } from "antd";
import { actorLabel, formatDateTime } from "@/lib/format.ts";

/**
 * 退回更正: the district's reason, who returned the case and when, at the top
 * of the case page (the timeline holds it too, far below). The round's
 * records stay: the township corrects them and submits again.
 */
export function ReturnNotice({ event, returnCount }: { event: CaseEvent; returnCount: number }) {
  const r = (event.record ?? {}) as { reason?: string; handling?: string };
  const objection = event.action === "DECIDE_OBJECTION";
  const title = objection ? "公示异议成立，案件退回乡镇重新核实" : "区县退回乡镇更正";
  const reason = objection ? r.handling : r.reason;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="case-return-notice"
      role="alert"
      aria-label="退回更正"
      title={
        <span>
          {title}
          {returnCount > 1 ? `（第 ${returnCount} 次退回）` : ""}
        </span>
      }
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
            <Typography.Text strong>{objection ? "处理意见：" : "需要更正的内容："}</Typography.Text>
            {reason ?? "（未填写）"}
          </Typography.Paragraph>
          <Typography.Text type="secondary">
            退回人：{actorLabel(event)}
            {event.actorRole ? `（${ROLE_LABELS[event.actorRole]}）` : ""} · 退回时间：{formatDateTime(event.at)}
          </Typography.Text>
          <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0" }}>
            原有登记（入户核实、民主评议等）均已保留：请按上述意见打开相应登记更正后保存，再重新报送。
          </Typography.Paragraph>
        </>
      }
    />
  );
}
