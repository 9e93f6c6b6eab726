import { BellOutlined } from "@ant-design/icons";
import type { Notification } from "@fanpin/domain/notification-schemas";
import { Badge, Button, Empty, Flex, Popover, Tag, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { paths } from "@/config/paths.ts";
import { formatDateTime } from "@/lib/format.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { useNotifications } from "../api/get-notifications.ts";
import { useMarkAllNotificationsRead, useMarkNotificationRead } from "../api/mark-read.ts";

const KIND_TAGS: Record<Notification["kind"], string> = {
  DUE_NEXT_WORKING_DAY: "即将到期",
  OVERDUE: "已逾期",
  ASSIGNMENT_OVERDUE: "待安排帮扶",
  VISIT_OVERDUE: "走访逾期",
  REVIEW_OVERDUE: "成效分析逾期",
};

function NoticeItem({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  return (
    <li style={{ listStyle: "none", borderTop: "1px solid #f0f0f0", padding: "8px 0" }}>
      <button
        type="button"
        onClick={() => onOpen(n)}
        style={{ all: "unset", cursor: "pointer", display: "block", width: "100%" }}
        aria-label={`${n.read ? "" : "未读："}${n.message}`}
      >
        <Flex gap={6} align="start">
          <Tag color={n.kind === "DUE_NEXT_WORKING_DAY" ? "gold" : "red"} style={{ marginInlineEnd: 0, flexShrink: 0 }}>
            {KIND_TAGS[n.kind]}
          </Tag>
          <span style={{ fontWeight: n.read ? 400 : 600, wordBreak: "break-word" }}>{n.message}</span>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(n.createdAt)}
        </Typography.Text>
      </button>
    </li>
  );
}

/**
 * 提醒: the deadline notices of the user's role and area (the district and the
 * city: also every overdue case in the area), newest first, with the number of
 * overdue cases; opening one marks it read and opens its case.
 */
export function NotificationBell() {
  const notices = useNotifications();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const navigate = useNavigate();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const unread = notices.data?.unreadCount ?? 0;
  const items = notices.data?.items ?? [];

  const openNotice = (n: Notification) => {
    if (!n.read) markRead.mutate(n.id);
    setOpen(false);
    // A case notice opens its case; an assistance notice the household's 帮扶档案 (a helper's own way in: the file route).
    if (n.case) void navigate(paths.case.getHref(n.case.id));
    else if (me.data?.user.role === "HELPER") void navigate(paths.assistanceFile.getHref(n.household.id));
    else void navigate(paths.household.getHref(n.household.id, "assistance"));
  };

  const overdue = notices.data?.overdueCount ?? 0;
  const content = (
    <div style={{ width: 340, maxWidth: "calc(100vw - 32px)" }}>
      {overdue > 0 && (
        // The overdue cases in all (read or not, not only those listed): the overview's 逾期 for the district and the city.
        <Typography.Paragraph type="danger" strong style={{ margin: "0 0 6px" }} data-testid="bell-overdue">
          已逾期案件 {overdue} 件
        </Typography.Paragraph>
      )}
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={notices.isError ? "提醒加载失败" : "暂无提醒"} />
      ) : (
        <ul style={{ margin: 0, padding: 0, maxHeight: 360, overflow: "auto" }}>
          {items.map((n) => (
            <NoticeItem key={n.id} n={n} onOpen={openNotice} />
          ))}
        </ul>
      )}
      {(notices.data?.total ?? 0) > items.length && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          仅显示最近 {items.length} 条
        </Typography.Text>
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
      title={
        <Flex justify="space-between" align="center">
          <span>提醒</span>
          {unread > 0 && (
            <Button type="link" size="small" loading={markAll.isPending} onClick={() => markAll.mutate()}>
              全部标为已读
            </Button>
          )}
        </Flex>
      }
      content={content}
    >
      <Button type="text" aria-label={unread ? `提醒，${unread} 条未读` : "提醒"} icon={<Badge count={unread} size="small" offset={[2, -2]}><BellOutlined /></Badge>} />
    </Popover>
  );
}
