import { Alert, Form, Input, Modal, Typography } from "antd";
import { useState } from "react";
import { describeError } from "@/lib/api-client.ts";
import { useRevealIdNumber } from "../api/reveal-id-number.ts";

type RevealIdModalProps = {
  householdId: string;
  member: { id: string; name: string } | null;
  onRevealed: (memberId: string, idNumber: string) => void;
  onClose: () => void;
};

/**
 * Asks before showing a full ID number: the read is personal data access and
 * goes into the audit trail with the optional reason given here.
 */
export function RevealIdModal({ householdId, member, onRevealed, onClose }: RevealIdModalProps) {
  const [reason, setReason] = useState("");
  const reveal = useRevealIdNumber({
    onSuccess: (data, variables) => {
      onRevealed(variables.memberId, data.idNumber);
      setReason("");
      onClose();
    },
  });

  return (
    <Modal
      open={member !== null}
      title={member ? `查看 ${member.name} 的完整证件号码` : "查看完整证件号码"}
      okText="确认查看"
      cancelText="取消"
      confirmLoading={reveal.isPending}
      onOk={() => member && reveal.mutate({ householdId, memberId: member.id, reason: reason.trim() || undefined })}
      onCancel={() => {
        reveal.reset();
        setReason("");
        onClose();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        完整证件号码属于个人敏感信息。查看操作将记录您的姓名、时间和原因，并显示在该户的变更历史中。
      </Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item label="查看原因（选填）" htmlFor="reveal-reason">
          <Input.TextArea
            id="reveal-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={200}
            showCount
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder="如：核对低保申请材料"
          />
        </Form.Item>
      </Form>
      {reveal.isError && <Alert type="error" showIcon role="alert" title={describeError(reveal.error)} />}
    </Modal>
  );
}
