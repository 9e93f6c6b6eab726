import { PlusOutlined } from "@ant-design/icons";
import { App, Button, type ButtonProps } from "antd";
import { lazy, Suspense, useState } from "react";
import { useNavigate } from "react-router";
import { paths } from "@/config/paths.ts";

// The form brings the lead schemas (zod) with it: loaded when first opened.
const ReceiveLeadModal = lazy(async () => ({ default: (await import("./receive-lead-modal.tsx")).ReceiveLeadModal }));

/** 登记线索: opens the form; once saved, says whether the clue merged into an open lead, and goes to the lead. */
export function ReceiveLeadButton({ household, type = "primary" }: { household?: { id: string; headName: string }; type?: ButtonProps["type"] }) {
  const [open, setOpen] = useState(false);
  const { message } = App.useApp();
  const navigate = useNavigate();
  return (
    <>
      <Button type={type} icon={<PlusOutlined />} onClick={() => setOpen(true)}>
        登记线索
      </Button>
      {open && (
        <Suspense fallback={null}>
          <ReceiveLeadModal
            open
            household={household}
            onClose={() => setOpen(false)}
            onReceived={(received) => {
              setOpen(false);
              void message.success(
                received.merged
                  ? `已并入线索 ${received.leadNo}（同一户、身份证号或电话的线索合并核实）`
                  : `已登记线索 ${received.leadNo}，将于下一个工作日转交乡镇核实`,
              );
              void navigate(paths.lead.getHref(received.id));
            }}
          />
        </Suspense>
      )}
    </>
  );
}
