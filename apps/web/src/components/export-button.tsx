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
  /** For other files than exports (a template, rejected rows): the button's words. */
  label?: string;
  busyLabel?: string;
  /** "已导出" → "已导出：<file name>" when done. */
  doneVerb?: string;
};

/**
 * 导出 Excel: exactly what is filtered, downloaded under the server's Chinese
 * file name. With `label` it downloads any file the API serves the same way.
 */
export function ExportButton({
  path, query, fallbackName, hint, disabled, label = "导出 Excel", busyLabel = "正在导出…", doneVerb = "已导出",
}: ExportButtonProps) {
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const notifyError = useNotifyError();

  const run = async () => {
    setBusy(true);
    try {
      const name = await downloadFile(path, query, fallbackName);
      void message.success(`${doneVerb}：${name}`);
    } catch (error) {
      notifyError(error, `${label}失败`);
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button icon={<DownloadOutlined />} loading={busy} disabled={disabled} onClick={() => void run()}>
      {busy ? busyLabel : label}
    </Button>
  );
  return hint ? <Tooltip title={hint}>{button}</Tooltip> : button;
}
