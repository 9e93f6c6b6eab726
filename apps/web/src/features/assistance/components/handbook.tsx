import { ArrowLeftOutlined, PrinterOutlined } from "@ant-design/icons";
import { ASSIGNMENT_ROLES, MEASURE_DEPARTMENTS, MEASURE_STATES, MEASURE_TYPES } from "@fanpin/domain/assistance/rules";
import { CONDITION_KINDS, conditionValueLabel, type ConditionKind } from "@fanpin/domain/assistance/conditions";
import { VISIT_MODES, type Conditions, type Plan, type Visit } from "@fanpin/domain/assistance-schemas";
import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS, MONITORING_TYPE_LABELS } from "@fanpin/domain/categories";
import { RISK_CAUSE } from "@fanpin/domain/collection-form";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Typography } from "antd";
import { useEffect, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { PageError } from "@/components/ui/page-error.tsx";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { useMe } from "@/features/auth/api/get-me.ts";
import { serverToday, api, ApiError } from "@/lib/api-client.ts";
import { getHouseholdQueryOptions } from "@/lib/get-household.ts";
import { useRules } from "@/lib/get-rules.ts";
import { can } from "@fanpin/domain/roles";
import { useAssistanceFile, useReviews } from "../api/reviews.ts";
import { quarterWords } from "./reviews-section.tsx";
import "@/components/print/a4-sheet.css";
import "./handbook.css";
import { assistanceKeys } from "@/lib/query-keys.ts";

/** A section's data, or null when its endpoint is not there (404) or failed: the handbook prints what it has. */
function useOptional<T>(queryKey: readonly unknown[], path: string) {
  return useQuery({
    queryKey,
    queryFn: async ({ signal }) => {
      try {
        return await api.get<T>(path, undefined, signal);
      } catch (error) {
        if (error instanceof ApiError && error.isNotFound) return null;
        throw error;
      }
    },
    retry: false,
  });
}

const label = (map: Record<string, string>, code: string | null | undefined) => (code ? (map[code] ?? code) : "—");
const maskPhone = (p: string | null | undefined) => (p ? (p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : "****") : "—");

function Section({ title, children, pageStart = false }: { title: string; children: ReactNode; pageStart?: boolean }) {
  return (
    <section className={`handbook-section${pageStart ? " page-start" : ""}`} aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function Empty({ text }: { text: string }) {
  return <p className="handbook-empty">{text}</p>;
}

/**
 * 帮扶手册: a household's assistance on A4 pages to print and keep in the
 * household's paper file — the household, its helpers, the plan and its
 * measures, the latest conditions, the visits and the quarterly reviews.
 * No ID numbers; phones masked. A section whose data is not available prints
 * as "暂无".
 */
export function Handbook({ householdId }: { householdId: string }) {
  const me = useMe();
  const navigate = useNavigate();
  const rules = useRules();
  const file = useAssistanceFile(householdId);
  const mayReadHousehold = !!me.data && can(me.data.user.role, "household.read");
  // Without the file (not reachable or not built), the household's own record names the household.
  const household = useQuery({ ...getHouseholdQueryOptions(householdId), enabled: mayReadHousehold && file.isSuccess && file.data === null, retry: false });
  const plan = useOptional<Plan>(assistanceKeys.plan(householdId), `/api/assistance/${encodeURIComponent(householdId)}/plan`);
  const conditions = useOptional<Conditions>(assistanceKeys.conditions(householdId), `/api/assistance/${encodeURIComponent(householdId)}/conditions`);
  const visits = useOptional<{ items: Visit[]; total: number }>(
    [...assistanceKeys.visits(householdId, 1), "handbook"],
    `/api/assistance/${encodeURIComponent(householdId)}/visits?pageSize=100`,
  );
  const reviews = useReviews(householdId);

  const f = file.data;
  const h = household.data;
  const head = f?.household.headName ?? h?.headName;
  useEffect(() => {
    if (head) document.title = `${head}户帮扶手册`;
    return () => {
      document.title = "防止返贫动态监测和帮扶系统";
    };
  }, [head]);

  const backHref = me.data?.user.role === "HELPER" ? paths.assistanceFile.getHref(householdId) : paths.household.getHref(householdId, "assistance");
  if (file.isPending || (household.isLoading && household.fetchStatus !== "idle")) return <PageLoading />;
  if (file.isError) return <PageError error={file.error} backTo={{ href: backHref, label: "返回帮扶档案" }} onRetry={() => void file.refetch()} />;
  if (!f && !h) {
    return <PageError error={household.error ?? new Error("未找到该户的帮扶档案")} backTo={{ href: backHref, label: "返回帮扶档案" }} />;
  }

  const info = f
    ? {
        householdNo: f.household.householdNo, headName: f.household.headName, village: f.household.village.name, category: f.household.category,
        designation: f.household.designation, monitoringType: f.household.monitoringType, memberCount: f.household.memberCount,
        phone: f.household.phoneMasked ?? "—", riskCauses: f.household.riskCauses, address: f.household.addressDetail, openedOn: f.openedOn,
      }
    : {
        householdNo: h!.householdNo, headName: h!.headName, village: h!.village.name, category: h!.category, designation: h!.designation,
        monitoringType: h!.monitoringType, memberCount: h!.memberCount, phone: maskPhone(h!.phone), riskCauses: h!.riskCauses as string[],
        address: h!.addressDetail, openedOn: h!.designatedAt,
      };
  const riskClass = f?.riskClass ? (rules.data?.assistance.riskClasses.find((c) => c.code === f.riskClass)?.label ?? f.riskClass) : "未分类";
  const helpers = f?.assignments ?? [];
  const measures = plan.data?.measures ?? [];
  const latest = conditions.data?.latest ?? [];
  const visitList = visits.data?.items ?? [];
  const reviewList = reviews.data ?? [];

  return (
    <div className="print-desk">
      <div className="print-toolbar no-print" role="toolbar" aria-label="帮扶手册操作">
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(backHref)}>
          返回帮扶档案
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
        <Typography.Text type="secondary">打印时请选择 A4 纸、纵向，不打印页眉页脚。</Typography.Text>
      </div>
      {(plan.isError || conditions.isError || visits.isError || reviews.isError) && (
        <Alert className="no-print" type="warning" showIcon style={{ maxWidth: "210mm", margin: "16px auto 0" }} title="部分内容加载失败，打印件中相应部分显示为“暂无”。" />
      )}
      <article className="print-sheet handbook-sheet" aria-label="帮扶手册">
        <h1>帮扶手册</h1>
        <p className="handbook-subtitle">
          {info.village} · {info.headName}户 · 户编号 {info.householdNo} · 打印日期 {serverToday()}
        </p>

        <Section title="一、家庭基本情况">
          <table className="print-table handbook-table">
            <tbody>
              <tr>
                <th>户主</th><td>{info.headName}</td><th>所在村</th><td>{info.village}</td>
              </tr>
              <tr>
                <th>户类别</th><td>{label(HOUSEHOLD_CATEGORY_LABELS, info.category)}</td>
                <th>认定类型</th>
                <td>{[label(DESIGNATION_LABELS, info.designation), info.monitoringType ? label(MONITORING_TYPE_LABELS, info.monitoringType) : null].filter(Boolean).join("/")}</td>
              </tr>
              <tr>
                <th>家庭人口</th><td>{info.memberCount} 人</td><th>联系电话</th><td>{info.phone}</td>
              </tr>
              <tr>
                <th>风险类型</th><td>{info.riskCauses.map((c) => label(RISK_CAUSE.labels, c)).join("、") || "—"}</td>
                <th>风险类别</th><td>{riskClass}</td>
              </tr>
              <tr>
                <th>纳入帮扶</th><td>{info.openedOn ?? "—"}</td><th>住址</th><td>{info.address ?? "—"}</td>
              </tr>
            </tbody>
          </table>
        </Section>

        <Section title="二、帮扶责任人">
          {helpers.length ? (
            <table className="print-table handbook-table">
              <thead>
                <tr><th>角色</th><th>姓名</th><th>工作单位</th><th>职务</th><th>联系电话</th><th>帮扶起始</th></tr>
              </thead>
              <tbody>
                {helpers.map((a) => (
                  <tr key={a.id}>
                    <td>{label(ASSIGNMENT_ROLES, a.role)}</td><td>{a.helper.name}</td><td>{a.helper.unit}</td>
                    <td>{a.helper.position || "—"}</td><td>{a.helper.phoneMasked ?? "—"}</td><td>{a.startedOn}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty text="暂无帮扶责任人记录。" />
          )}
        </Section>

        <Section title="三、帮扶计划">
          {plan.data?.summary ? <p className="handbook-text">{plan.data.summary}</p> : <Empty text="暂无帮扶计划。" />}
          {!!plan.data?.enjoyedPolicies.length && <p className="handbook-text">享受政策：{plan.data.enjoyedPolicies.join("、")}</p>}
        </Section>

        <Section title="四、帮扶措施">
          {measures.length ? (
            <table className="print-table handbook-table">
              <thead>
                <tr><th>措施</th><th>类型</th><th>责任部门</th><th>状态</th><th>开始</th><th>结束</th><th>落实/终止</th></tr>
              </thead>
              <tbody>
                {measures.map((m) => (
                  <tr key={m.id}>
                    <td>{m.name}{m.memberName ? `（${m.memberName}）` : ""}</td>
                    <td>{label(MEASURE_TYPES, m.type)}</td>
                    <td>{label(MEASURE_DEPARTMENTS, m.department)}</td>
                    <td>{label(MEASURE_STATES, m.state)}</td>
                    <td>{m.startsOn ?? "—"}</td>
                    <td>{m.endsOn ?? "—"}</td>
                    <td>{m.state === "STOPPED" ? `${m.stoppedOn ?? ""} 终止${m.stopReason ? `：${m.stopReason}` : ""}` : (m.deliveredOn ?? "—")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty text="暂无帮扶措施。" />
          )}
        </Section>

        <Section title="五、“两不愁三保障”及饮水安全（最新情况）">
          {latest.length ? (
            <table className="print-table handbook-table">
              <thead>
                <tr><th>项目</th><th>情况</th><th>日期</th><th>说明</th></tr>
              </thead>
              <tbody>
                {latest.map((c) => (
                  <tr key={c.id}>
                    <td>{CONDITION_KINDS[c.kind as ConditionKind] ?? c.kind}</td>
                    <td>{conditionValueLabel(c.kind as ConditionKind, c.value)}</td>
                    <td>{c.observedOn}</td>
                    <td>{c.note ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty text="暂无保障情况记录。" />
          )}
        </Section>

        <Section title="六、走访记录" pageStart>
          {visitList.length ? (
            <table className="print-table handbook-table">
              <thead>
                <tr><th>日期</th><th>方式</th><th>走访人</th><th>走访情况</th></tr>
              </thead>
              <tbody>
                {visitList.map((v) => (
                  <tr key={v.id}>
                    <td>{v.visitedOn}</td>
                    <td>{label(VISIT_MODES, v.mode)}</td>
                    <td>{v.visitor.name}</td>
                    <td>{v.findings}{v.nextSteps ? `（下一步：${v.nextSteps}）` : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty text="暂无走访记录。" />
          )}
        </Section>

        <Section title="七、季度帮扶成效分析">
          {reviewList.length ? (
            <table className="print-table handbook-table">
              <thead>
                <tr><th>季度</th><th>分析日期</th><th>收入变化（元）</th><th>风险</th><th>帮扶成效</th><th>计划调整</th></tr>
              </thead>
              <tbody>
                {reviewList.map((r) => (
                  <tr key={r.id}>
                    <td>{quarterWords(r.quarter)}</td>
                    <td>{r.reviewedOn}</td>
                    <td>{r.incomeChangeYuan === null ? "—" : r.incomeChangeYuan}</td>
                    <td>{r.riskEased ? "已缓解" : "未缓解"}</td>
                    <td>{r.effect}</td>
                    <td>{r.planChanges ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty text="暂无季度帮扶成效分析。" />
          )}
        </Section>
      </article>
    </div>
  );
}
