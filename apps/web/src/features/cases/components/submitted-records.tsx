import type { CaseDetail } from "@fanpin/domain/case-schemas";
import { Card, Descriptions, Flex, Typography } from "antd";
import type { RulesResponse } from "@/lib/get-rules.ts";
import { RECORD_PANELS, type RoundRecords } from "../utils/action-panels.ts";
import { describeRecord } from "../utils/describe-record.ts";

/**
 * What the reviewer approves: the round's records as submitted (the
 * verification with its collection form — members, income, risks — the
 * appraisal, the assessment), above the review form rather than far down
 * in the history.
 */
export function SubmittedRecords({ caseDetail, rules }: { caseDetail: CaseDetail; rules: Pick<RulesResponse, "recordKinds"> }) {
  const records = caseDetail.roundRecords as RoundRecords;
  const shown = (Object.keys(RECORD_PANELS) as (keyof typeof RECORD_PANELS)[]).flatMap((kind) => {
    const { panel, key } = RECORD_PANELS[kind];
    const lines = describeRecord(panel, records[key]);
    return lines.length ? [{ kind, label: rules.recordKinds.find((r) => r.code === kind)?.label ?? kind, lines }] : [];
  });
  if (!shown.length) return null;
  return (
    <section aria-label="报送的材料">
      <Card size="small" type="inner" title="报送的材料（审核前请核对）" style={{ marginBottom: 12 }}>
        <Flex vertical gap={8}>
          {shown.map((r) => (
            <div key={r.kind}>
              <Typography.Text strong>{r.label}</Typography.Text>
              <Descriptions
                size="small"
                column={1}
                bordered
                style={{ marginTop: 4 }}
                styles={{ label: { width: 130, whiteSpace: "nowrap" }, content: { whiteSpace: "pre-wrap", wordBreak: "break-word" } }}
                items={r.lines.map((l, i) => ({ key: i, label: l.label, children: l.value }))}
              />
            </div>
          ))}
        </Flex>
      </Card>
    </section>
  );
}
