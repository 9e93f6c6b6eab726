import type { UseQueryResult } from "@tanstack/react-query";
import { Alert, Button, Empty, Grid, Pagination, Spin, Table, type TableColumnsType, type TablePaginationConfig } from "antd";
import type { MouseEvent, ReactNode } from "react";
import { useNavigate } from "react-router";
import { describeError } from "@/lib/api-client.ts";
import "./paged-table.css";

export type PagedTableProps<T extends object> = {
  /** Accessible name of the table (and of the card list on phones). */
  label: string;
  rowKey: Extract<keyof T, string> | ((row: T) => string);
  columns: TableColumnsType<T>;
  items: readonly T[] | undefined;
  loading?: boolean;
  /** The failed load, shown above the rows with a retry. */
  error?: unknown;
  onRetry?: () => void;
  pagination?: TablePaginationConfig | false;
  emptyText?: ReactNode;
  /** Where a click on the row (or card) leads; links and buttons inside handle themselves. */
  rowHref?: (row: T) => string;
  rowClassName?: (row: T) => string;
  /** On phones (≤ 576 px) each row is this card instead: what the row must say without scrolling sideways. */
  renderCard?: (row: T) => ReactNode;
  /** Width the columns need; narrower screens scroll the table (fixed columns stay). */
  scrollX?: number;
  size?: "small" | "middle";
  "data-testid"?: string;
};

/** The props of a paged list from its query: rows, loading, the error and its retry. */
export function pagedQuery<T>(query: Pick<UseQueryResult<{ items: T[] }>, "data" | "isFetching" | "isError" | "error" | "refetch">) {
  return {
    items: query.data?.items,
    loading: query.isFetching,
    error: query.isError ? query.error : undefined,
    onRetry: () => void query.refetch(),
  };
}

/**
 * The one table of paged server lists: rows, paging, loading, a failed load
 * with 重试, and on phones a card per row (when the list gives one), so what
 * matters (a deadline) is never off to the right of a 390 px screen.
 */
export function PagedTable<T extends object>(props: PagedTableProps<T>) {
  const { label, rowKey, columns, items, loading, error, onRetry, pagination, emptyText, rowHref, rowClassName, renderCard, scrollX, size = "middle" } = props;
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  // `sm` is unknown (undefined) before the first measure: the table then, as on desks.
  const asCards = Boolean(renderCard) && screens.sm === false;
  const keyOf = (row: T) => (typeof rowKey === "function" ? rowKey(row) : String(row[rowKey]));
  const open = (row: T) => (event: MouseEvent) => {
    // Links inside the row handle themselves (and ctrl-click opens a tab).
    if (!rowHref || (event.target as HTMLElement).closest("a,button,input")) return;
    void navigate(rowHref(row));
  };

  const errorAlert = error ? (
    <Alert
      type="error"
      showIcon
      title={describeError(error)}
      action={onRetry && <Button size="small" onClick={onRetry}>重试</Button>}
      style={{ marginBottom: 12 }}
    />
  ) : null;

  if (asCards) {
    const rows = items ?? [];
    return (
      <div data-testid={props["data-testid"]}>
        {errorAlert}
        <Spin spinning={Boolean(loading)}>
          {rows.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={loading ? "加载中…" : (emptyText ?? "暂无数据")} />
          ) : (
            <ul className="paged-cards" aria-label={label}>
              {rows.map((row) => (
                <li
                  key={keyOf(row)}
                  className={`paged-card ${rowClassName?.(row) ?? ""}`}
                  data-href={rowHref ? "" : undefined}
                  onClick={open(row)}
                >
                  {renderCard!(row)}
                </li>
              ))}
            </ul>
          )}
        </Spin>
        {pagination && (
          <div className="paged-cards-pagination">
            <Pagination simple size="small" {...pagination} showSizeChanger={false} />
          </div>
        )}
      </div>
    );
  }

  return (
    <div data-testid={props["data-testid"]}>
      {errorAlert}
      <Table<T>
        aria-label={label}
        rowKey={rowKey as string | ((row: T) => string)}
        size={size}
        columns={columns}
        dataSource={items as T[] | undefined}
        loading={loading}
        tableLayout="fixed"
        scroll={scrollX ? { x: scrollX } : undefined}
        locale={emptyText !== undefined ? { emptyText } : undefined}
        rowClassName={rowClassName}
        onRow={rowHref ? (row) => ({ onClick: open(row), style: { cursor: "pointer" } }) : undefined}
        pagination={pagination}
      />
    </div>
  );
}
