import { can } from "@fanpin/domain/roles";
import { useParams } from "react-router";
import { Forbidden } from "@/components/ui/page-error.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { NotFoundRoute } from "./not-found.tsx";
import { PosterPrint } from "@/features/self-report/components/poster-print.tsx";

/** A village's self-report poster to print: a page of its own, without the app's frame. */
export function SelfReportPosterRoute() {
  const id = Number(useParams().villageId ?? "");
  const me = useMe();
  if (!Number.isInteger(id) || id <= 0) return <NotFoundRoute />;
  if (!me.data) return null;
  if (!can(me.data.user.role, "selfReport.poster")) return <Forbidden backTo={{ href: paths.home.getHref(), label: "返回首页" }} />;
  return <PosterPrint villageId={id} />;
}
