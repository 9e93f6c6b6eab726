import { CASE_ACTIONS } from "@fanpin/domain/procedures/actions";
import type { CaseDetail } from "@fanpin/domain/case-schemas";
import { Button, Card, Divider, Flex } from "antd";
import { useRef, type ComponentType } from "react";
import type { ActionFormProps } from "./actions/action-form-shell.tsx";
import { AppraisalForm } from "./actions/appraisal-form.tsx";
import { AssessmentForm } from "./actions/assessment-form.tsx";
import { ConsentForm } from "./actions/consent-form.tsx";
import { AssistFirstForm } from "./actions/assist-first-form.tsx";
import { ObjectionDecisionForm } from "./actions/objection-decision-form.tsx";
import { ObjectionForm } from "./actions/objection-form.tsx";
import { OutcomeForm } from "./actions/outcome-form.tsx";
import { PublicityForm } from "./actions/publicity-form.tsx";
import { ReviewForm } from "./actions/review-form.tsx";
import { SubmitForm } from "./actions/submit-form.tsx";
import { VerificationForm } from "./actions/verification-form.tsx";
import { WithdrawForm } from "./actions/withdraw-form.tsx";
import { panelKeys, pendingReturn, RECORD_PANELS, REVIEW_DECISIONS, type PanelKey, type RoundRecords } from "../utils/action-panels.ts";
import { SubmittedRecords } from "./submitted-records.tsx";
import type { RulesProcedure, RulesStep } from "@/lib/get-rules.ts";

/** 报送 names where it goes: 报送区县审核, 报送村内公示 … */
function submitLabel(procedure: RulesProcedure, step: RulesStep | undefined): string {
  const to = step?.actions.find((a) => a.action === "SUBMIT")?.to;
  if (to === "DISTRICT_REVIEW") return "报送区县审核";
  if (to === "PUBLICITY_PENDING") return "报送村内公示";
  return to ? `报送${procedure.stageLabels[to] ?? ""}` : "报送";
}

/** A panel's title is its action's label from the shared action list; the review panel holds three actions. */
const panelLabel = (k: PanelKey) => (k === "REVIEW" ? "区县审核" : CASE_ACTIONS[k].label);

const FORMS: Record<Exclude<PanelKey, "REVIEW">, ComponentType<ActionFormProps>> = {
  RECORD_CONSENT: ConsentForm,
  RECORD_ASSESSMENT: AssessmentForm,
  RECORD_VERIFICATION: VerificationForm,
  RECORD_APPRAISAL: AppraisalForm,
  SUBMIT: SubmitForm,
  POST_PUBLICITY: PublicityForm,
  CONFIRM_OUTCOME: OutcomeForm,
  RAISE_OBJECTION: ObjectionForm,
  DECIDE_OBJECTION: ObjectionDecisionForm,
  ASSIST_FIRST: AssistFirstForm,
  WITHDRAW: WithdrawForm,
};

type CaseActionPanelProps = Omit<ActionFormProps, "version" | "onCancel"> & {
  /** The open form and the case version it was opened on. */
  selection: { key: PanelKey; version: number } | null;
  onSelect: (selection: { key: PanelKey; version: number } | null) => void;
};

/** 办理: a button per piece of work the user may do now; the chosen one's form below. */
export function CaseActionPanel({ caseDetail, selection, onSelect, ...formProps }: CaseActionPanelProps) {
  const keys = panelKeys(caseDetail.availableActions);
  const records = caseDetail.roundRecords as RoundRecords;
  const recorded = (k: PanelKey) => Object.values(RECORD_PANELS).some((r) => r.panel === k && records[r.key]);
  // The review by who does it (the stage tag names the step as the rule set does: 乡镇初审, 县级审定 …).
  const base = (k: PanelKey) =>
    k === "REVIEW" && caseDetail.stage === "TOWNSHIP_REVIEW" ? "乡镇审核" : k === "SUBMIT" ? submitLabel(formProps.procedure, formProps.step) : panelLabel(k);
  // After a return the records stay and are corrected: 更正入户核实 rather than 重新登记入户核实.
  const returned = pendingReturn(caseDetail) !== null;
  const label = (k: PanelKey) => (recorded(k) ? (returned ? base(k).replace(/^登记/, "更正") : `重新${base(k)}`) : base(k));
  const section = useRef<HTMLElement>(null);
  const current = selection && keys.includes(selection.key) ? selection : null;
  const props: ActionFormProps = {
    ...formProps,
    caseDetail,
    version: current?.version ?? caseDetail.version,
    onCancel: () => onSelect(null),
  };
  const decisions = REVIEW_DECISIONS.filter((d) => caseDetail.availableActions.includes(d));
  const Form = current && current.key !== "REVIEW" ? FORMS[current.key] : null;

  return (
    <Card title="办理" size="small">
      <Flex wrap gap={8} role="toolbar" aria-label="可办理的事项">
        {keys.map((k) => (
          <Button
            key={k}
            type={current?.key === k ? "primary" : "default"}
            danger={k === "WITHDRAW"}
            aria-expanded={current?.key === k}
            // The button opens its form, or brings the open one into view; it never collapses it (the form's own 取消 does).
            onClick={() =>
              current?.key === k ? section.current?.scrollIntoView({ block: "nearest", behavior: "smooth" }) : onSelect({ key: k, version: caseDetail.version })
            }
          >
            {label(k)}
          </Button>
        ))}
      </Flex>
      {current && (
        <section aria-label={label(current.key)} ref={section}>
          <Divider titlePlacement="start" style={{ marginBlock: 12 }}>
            {label(current.key)}
          </Divider>
          {current.key === "REVIEW" && <SubmittedRecords caseDetail={caseDetail} rules={formProps.rules} />}
          {current.key === "REVIEW" ? (
            <ReviewForm key={`REVIEW-${current.version}`} {...props} decisions={decisions} />
          ) : (
            Form && <Form key={`${current.key}-${current.version}`} {...props} />
          )}
        </section>
      )}
    </Card>
  );
}
