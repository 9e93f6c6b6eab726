import { useParams } from "react-router";
import { CaseDetail } from "@/features/cases/components/case-detail.tsx";

export function CaseDetailRoute() {
  const { caseId = "" } = useParams();
  // Keyed by id: another case starts with its own open form.
  return <CaseDetail key={caseId} caseId={caseId} />;
}
