import { PosterList } from "@/features/self-report/components/poster-list.tsx";

export function SelfReportPostersRoute() {
  return <PosterList />;
}
