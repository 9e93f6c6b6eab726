import { Flex } from "antd";
import { ConditionsSection } from "./conditions-section.tsx";
import { HelpersSection } from "./helpers-section.tsx";
import { PlanSection } from "./plan-section.tsx";
import { ReviewsSection } from "./reviews-section.tsx";
import { VisitsSection } from "./visits-section.tsx";

/**
 * 一户一档: a household's assistance file, the same for every role (what a
 * role may change, each section asks `can(role, …)`). Shown as the 帮扶 tab of
 * the household screen, and as the page a helper opens from 我的帮扶户.
 */
export function AssistanceFileView({ householdId }: { householdId: string }) {
  return (
    <Flex vertical gap={16}>
      <HelpersSection householdId={householdId} />
      <PlanSection householdId={householdId} />
      <ConditionsSection householdId={householdId} />
      <VisitsSection householdId={householdId} />
      <ReviewsSection householdId={householdId} />
    </Flex>
  );
}
