import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS, type Designation, type HouseholdCategory } from "@fanpin/domain/categories";
import { Tag } from "antd";

const CATEGORY_COLORS: Record<HouseholdCategory, string> = {
  LIFTED_WITH_POLICY: "green",
  LIFTED_WITHOUT_POLICY: "cyan",
  ORDINARY: "default",
};

export function CategoryTag({ category }: { category: HouseholdCategory }) {
  return <Tag color={CATEGORY_COLORS[category]}>{HOUSEHOLD_CATEGORY_LABELS[category]}</Tag>;
}

export function DesignationTag({ designation }: { designation: Designation | null }) {
  if (!designation) return <span style={{ color: "rgba(0,0,0,0.45)" }}>未认定</span>;
  return <Tag color={designation === "MONITORED" ? "orange" : "volcano"}>{DESIGNATION_LABELS[designation]}</Tag>;
}
