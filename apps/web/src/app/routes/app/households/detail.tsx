import { can } from "@fanpin/domain/roles";
import { useParams } from "react-router";
import { useMe } from "@/features/auth/api/get-me.ts";
import { HouseholdCases } from "@/features/cases/components/household-cases.tsx";
import { HouseholdDetail } from "@/features/households/components/household-detail.tsx";
import { ReceiveLeadButton } from "@/features/leads/components/receive-lead-button.tsx";

export function HouseholdDetailRoute() {
  const { householdId = "" } = useParams();
  const role = useMe().data?.user.role;
  return (
    // Keyed by id: another household starts with nothing revealed.
    <HouseholdDetail
      key={householdId}
      householdId={householdId}
      canWrite={role ? can(role, "household.write") : false}
      canReveal={role ? can(role, "household.revealId") : false}
      canReadHistory={role ? can(role, "audit.read") : false}
      renderActions={(h) => (role && can(role, "lead.receive") ? <ReceiveLeadButton type="default" household={{ id: h.id, headName: h.headName }} /> : null)}
      renderCases={(h) => (
        <HouseholdCases
          household={{ id: h.id, headName: h.headName, category: h.category, designation: h.designation, riskCauses: h.riskCauses, difficultyDescription: h.difficultyDescription }}
          canOpen={role ? can(role, "case.act") : false}
        />
      )}
    />
  );
}
