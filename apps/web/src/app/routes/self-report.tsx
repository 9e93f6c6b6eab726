import { useSearchParams } from "react-router";
import { SelfReportPage } from "@/features/self-report/components/self-report-page.tsx";
import { SelfReportStatusPage } from "@/features/self-report/components/self-report-status-page.tsx";

/** Public, without sign-in: 一键申报, the village preset by the QR code's ?village=. */
export function SelfReportRoute() {
  const [search] = useSearchParams();
  const village = search.get("village");
  return <SelfReportPage presetVillageCode={village && /^\d{12}$/.test(village) ? village : null} />;
}

/** Public: the progress of a report (?ref= from the success page). */
export function SelfReportStatusRoute() {
  const [search] = useSearchParams();
  return <SelfReportStatusPage presetReference={search.get("ref")?.slice(0, 16) ?? null} />;
}
