import { useParams, useSearchParams } from "react-router";
import { NotFoundRoute } from "./not-found.tsx";
import { NoticePrint } from "@/features/publicity/components/notice-print.tsx";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A publicity notice to print: a page of its own, without the app's frame. */
export function PublicityPrintRoute() {
  const { villageId = "", period = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const id = Number(villageId);
  if (!Number.isInteger(id) || id <= 0 || (period !== "pending" && !ISO_DATE.test(period))) return <NotFoundRoute />;
  const postedOn = search.get("postedOn");
  return (
    <NoticePrint
      villageId={id}
      period={period}
      postedOn={postedOn && ISO_DATE.test(postedOn) ? postedOn : undefined}
      onPostedOnChange={(d) => setSearch(d ? { postedOn: d } : {}, { replace: true })}
    />
  );
}
