import type { Issue } from "./record-issues.ts";

function partsOf(path: Issue["path"]): string[] {
  return typeof path === "string" ? (path === "" ? [] : path.split(".")) : path.map(String);
}

/**
 * An early submit of the review leaves every cross-check and exclusion
 * unanswered: instead of one red message per row (14 in the 标准 rule set),
 * each list gets one message on its first unanswered row, saying how many
 * remain. Other issues (a 疑点 without its note, the decision) stay as they are.
 */
export function summarizeReviewIssues(issues: readonly Issue[]): Issue[] {
  const unansweredChecks: Issue[] = [];
  const unansweredExclusions: Issue[] = [];
  const rest: Issue[] = [];
  for (const issue of issues) {
    const parts = partsOf(issue.path);
    if (parts[0] === "crossChecks" && parts.length === 3 && parts[2] === "result") unansweredChecks.push(issue);
    else if (parts[0] === "exclusions" && parts.length === 2) unansweredExclusions.push(issue);
    else rest.push(issue);
  }
  const summary: Issue[] = [];
  if (unansweredChecks[0]) summary.push({ path: unansweredChecks[0].path, message: `请完成信息比对（尚有 ${unansweredChecks.length} 项未选择）` });
  if (unansweredExclusions[0]) summary.push({ path: unansweredExclusions[0].path, message: `请逐项核对不予纳入情形（尚有 ${unansweredExclusions.length} 项未核对）` });
  return [...summary, ...rest];
}
