import { useParams } from "react-router";
import { AssistanceFileView } from "@/features/assistance/components/assistance-file-view.tsx";

/** /assistance/:householdId — the assistance file on its own (a helper's way in; desk roles see it as the household's 帮扶 tab). */
export function AssistanceFileRoute() {
  const { householdId = "" } = useParams();
  return <AssistanceFileView key={householdId} householdId={householdId} />;
}
