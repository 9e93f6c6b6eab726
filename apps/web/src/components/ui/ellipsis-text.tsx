import { Typography } from "antd";

/** One line of possibly long Chinese text (names, addresses): cut with "…", full text on hover and for screen readers. */
export function EllipsisText({ children, maxWidth }: { children: string | null | undefined; maxWidth?: number | string }) {
  if (!children) return <>—</>;
  return (
    <Typography.Text ellipsis={{ tooltip: children }} style={{ maxWidth: maxWidth ?? "100%" }} title={children}>
      {children}
    </Typography.Text>
  );
}
