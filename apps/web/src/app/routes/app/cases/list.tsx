import { PageLoading } from "@/components/ui/page-loading.tsx";
import { useMe } from "@/features/auth/api/get-me.ts";
import { CaseSearch } from "@/features/cases/components/case-search.tsx";

export function CaseListRoute() {
  const me = useMe();
  if (!me.data) return <PageLoading />;
  return <CaseSearch role={me.data.user.role} />;
}
