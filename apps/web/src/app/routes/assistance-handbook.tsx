import { useParams } from "react-router";
import { Handbook } from "@/features/assistance/components/handbook.tsx";
import { NotFoundRoute } from "./not-found.tsx";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 帮扶手册 to print: a page of its own, without the app's frame. */
export function AssistanceHandbookRoute() {
  const { householdId = "" } = useParams();
  if (!UUID.test(householdId)) return <NotFoundRoute />;
  return <Handbook householdId={householdId} />;
}
