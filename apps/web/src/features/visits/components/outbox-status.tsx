import { CheckCircleOutlined, CloudUploadOutlined, ExclamationCircleOutlined } from "@ant-design/icons";
import { Tag } from "antd";
import { useEffect, useRef, useState } from "react";
import { useOutbox, useOutboxSender } from "../api/send-outbox.ts";

/**
 * 待发送 N 条 / 已发送: the visits this phone still holds. In the header it
 * also runs the sender (app start, back online, every 30 s).
 */
export function OutboxStatus({ userId, householdId, runSender = false }: { userId: string; householdId?: string; runSender?: boolean }) {
  return runSender ? <SendingStatus userId={userId} householdId={householdId} /> : <StatusTag userId={userId} householdId={householdId} />;
}

function SendingStatus(props: { userId: string; householdId?: string }) {
  useOutboxSender(props.userId);
  return <StatusTag {...props} />;
}

function StatusTag({ userId, householdId }: { userId: string; householdId?: string }) {
  const items = useOutbox(userId).filter((i) => !householdId || i.householdId === householdId);
  const waiting = items.filter((i) => !i.error).length;
  const refused = items.length - waiting;
  const seen = useRef(waiting);
  const [sent, setSent] = useState(false);
  useEffect(() => {
    if (seen.current > 0 && waiting === 0) setSent(true);
    if (waiting > 0) setSent(false);
    seen.current = waiting;
  }, [waiting]);
  return (
    <span data-testid="visit-outbox-status" style={{ display: "inline-flex", gap: 4 }}>
      {waiting > 0 && <Tag color="orange" icon={<CloudUploadOutlined />}>待发送 {waiting} 条</Tag>}
      {refused > 0 && <Tag color="red" icon={<ExclamationCircleOutlined />}>{refused} 条走访需修改</Tag>}
      {waiting === 0 && refused === 0 && sent && <Tag color="green" icon={<CheckCircleOutlined />}>已发送</Tag>}
    </span>
  );
}
