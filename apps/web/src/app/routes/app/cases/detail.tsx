import { useParams } from "react-router";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { useMe } from "@/features/auth/api/get-me.ts";
import { CaseDetail } from "@/features/cases/components/case-detail.tsx";

export function CaseDetailRoute() {
  const { caseId = "" } = useParams();
  const me = useMe();
  if (!me.data) return <PageLoading />;
  // Keyed by id: another case starts with its own open form.
  return <CaseDetail key={caseId} caseId={caseId} role={me.data.user.role} />;
}
