import { DownloadOutlined } from "@ant-design/icons";
import { App, Button, Tooltip } from "antd";
import { useState } from "react";
import type { Query } from "@/lib/api-client.ts";
import { downloadFile } from "@/lib/download.ts";
import { useNotifyError } from "@/lib/use-notify-error.ts";

type ExportButtonProps = {
  /** The API's .xlsx endpoint, e.g. /api/households/export.xlsx. */
  path: string;
  /** The filters the user sees (paging is ignored by the server: every page is exported). */
  query: Query;
  fallbackName: string;
  /** Shown as a tooltip, e.g. that the file holds full ID numbers and the export is recorded. */
  hint?: string;
  disabled?: boolean;
};

/** 导出 Excel: exactly what is filtered, downloaded under the server's Chinese file name. */
export function ExportButton({ path, query, fallbackName, hint, disabled }: ExportButtonProps) {
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const notifyError = useNotifyError();

  const run = async () => {
    setBusy(true);
    try {
      const name = await downloadFile(path, query, fallbackName);
      void message.success(`已导出：${name}`);
    } catch (error) {
      notifyError(error, "导出失败");
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button icon={<DownloadOutlined />} loading={busy} disabled={disabled} onClick={() => void run()}>
      {busy ? "正在导出…" : "导出 Excel"}
    </Button>
  );
  return hint ? <Tooltip title={hint}>{button}</Tooltip> : button;
}
