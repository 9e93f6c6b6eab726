import { Alert, Button } from "antd";
import { useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { paths } from "@/config/paths.ts";
import { useCalendarCoverage } from "../api/get-calendar-coverage.ts";

/**
 * For administrators, above every page: the years coming up that have no
 * holiday data yet (the API warns 60 days ahead). Closing it hides it until
 * the next sign-in or reload; the 工作日历 page shows the warning itself.
 */
export function CoverageBanner() {
  const coverage = useCalendarCoverage();
  const location = useLocation();
  const navigate = useNavigate();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const warning = coverage.data?.warning ?? null;
  if (!warning || dismissed === warning || location.pathname === paths.calendar.path) return null;
  return (
    <Alert
      type="warning"
      showIcon
      title="节假日数据提醒"
      description={warning}
      closable={{ "aria-label": "关闭节假日数据提醒" }}
      onClose={() => setDismissed(warning)}
      action={
        <Button size="small" onClick={() => void navigate(paths.calendar.getHref())}>
          前往工作日历
        </Button>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
