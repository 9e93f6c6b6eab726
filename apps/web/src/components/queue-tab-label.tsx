import { theme } from "antd";

/**
 * A queue tab's name with its count, and the overdue count in red when there
 * is any: "待核实线索 12 逾期 3". The counts come from GET /api/queues/counts,
 * counted as the queue itself counts, so the tab says what opening it shows.
 */
export function QueueTabLabel({ label, count, unit = "件" }: { label: string; count: { total: number; overdue: number } | undefined; unit?: string }) {
  const { token } = theme.useToken();
  const pill = { display: "inline-block", minWidth: 20, padding: "0 6px", borderRadius: 10, fontSize: 12, lineHeight: "18px", textAlign: "center" as const, marginInlineStart: 6 };
  return (
    <span data-testid="queue-tab-label" title={count ? `${label}：共 ${count.total} ${unit}${count.overdue ? `，其中逾期 ${count.overdue} ${unit}` : ""}` : label}>
      {label}
      {count && (
        <span data-testid="queue-tab-total" style={{ ...pill, background: token.colorFillSecondary, color: token.colorTextSecondary }}>
          {count.total}
        </span>
      )}
      {count && count.overdue > 0 && (
        <span data-testid="queue-tab-overdue" style={{ ...pill, background: token.colorError, color: token.colorWhite, fontWeight: 600 }}>
          逾期 {count.overdue}
        </span>
      )}
    </span>
  );
}
