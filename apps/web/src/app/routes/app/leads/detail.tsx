import { useParams } from "react-router";
import { LeadDetail } from "@/features/leads/components/lead-detail.tsx";

export function LeadDetailRoute() {
  const { leadId = "" } = useParams();
  // Keyed by id: another lead starts with no dialog open.
  return <LeadDetail key={leadId} leadId={leadId} />;
}
