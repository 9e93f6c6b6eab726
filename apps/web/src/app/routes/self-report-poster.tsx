import { useParams } from "react-router";
import { NotFoundRoute } from "./not-found.tsx";
import { PosterPrint } from "@/features/self-report/components/poster-print.tsx";

/** A village's self-report poster to print: a page of its own, without the app's frame. */
export function SelfReportPosterRoute() {
  const id = Number(useParams().villageId ?? "");
  if (!Number.isInteger(id) || id <= 0) return <NotFoundRoute />;
  return <PosterPrint villageId={id} />;
}
