import { ArrowLeftOutlined, PrinterOutlined } from "@ant-design/icons";
import { Alert, Button, DatePicker, Flex, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect } from "react";
import { useNavigate } from "react-router";
import { PageError } from "@/components/ui/page-error.tsx";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { useNotice } from "../api/get-notices.ts";
import { chineseDate } from "../utils/chinese-date.ts";
import "@/components/print/a4-sheet.css";
import "./notice-print.css";

type NoticePrintProps = {
  villageId: number;
  period: string;
  /** For the notice still to be posted: the planned posting day (default today). */
  postedOn?: string;
  onPostedOnChange: (postedOn: string | undefined) => void;
};

/**
 * 村内公示 as an A4 page: title, the opening paragraph (with the period),
 * the households, where to raise objections and the 监督电话, and the village
 * committee's 落款 and date with room for its seal. The toolbar (back, planned posting day, print) does not print.
 * Nothing on it identifies a person beyond the head's name and village.
 */
export function NoticePrint({ villageId, period, postedOn, onPostedOnChange }: NoticePrintProps) {
  const notice = useNotice(villageId, period, postedOn);
  const navigate = useNavigate();
  const n = notice.data;

  useEffect(() => {
    if (n) document.title = n.title;
    return () => {
      document.title = "防止返贫动态监测和帮扶系统";
    };
  }, [n]);

  const back = () => void navigate(paths.publicityNotices.getHref());
  if (notice.isPending) return <PageLoading />;
  if (notice.isError) {
    return <PageError error={notice.error} backTo={{ href: paths.publicityNotices.getHref(), label: "返回公示列表" }} onRetry={() => void notice.refetch()} />;
  }
  const data = notice.data;
  const objection =
    `公示期间，如对公示名单有异议，请以书面或口头形式向${data.objectionBodies.join("或")}反映` +
    "。反映情况应实事求是，以真实姓名反映的，我们将对反映人信息严格保密。";

  return (
    <div className="print-desk">
      <div className="print-toolbar no-print" role="toolbar" aria-label="公示操作">
        <Button icon={<ArrowLeftOutlined />} onClick={back}>
          返回公示列表
        </Button>
        {!data.posted && (
          <Flex align="center" gap={8}>
            <Typography.Text>计划张贴日期</Typography.Text>
            <DatePicker
              aria-label="计划张贴日期"
              allowClear={false}
              value={dayjs(data.postedOn)}
              onChange={(d) => onPostedOnChange(d ? d.format("YYYY-MM-DD") : undefined)}
            />
          </Flex>
        )}
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
        <Typography.Text type="secondary">
          {data.posted ? `${data.postedOn} 张贴，` : "尚未张贴："}共 {data.householdCount} 户。打印时请选择 A4 纸、纵向，不打印页眉页脚。
        </Typography.Text>
      </div>
      {!data.posted && (
        <Alert
          className="no-print"
          type="info"
          showIcon
          style={{ maxWidth: "210mm", margin: "16px auto 0" }}
          title="该公示尚未张贴：公示期按计划张贴日期计算。张贴后请在案件中登记“张贴公示”，公示期以登记的张贴日期为准。"
        />
      )}
      <article className="print-sheet notice-sheet" aria-label="公示内容">
        <h1>{data.title}</h1>
        <p>{data.preamble}</p>
        <table className="print-table notice-table">
          <thead>
            <tr>
              <th style={{ width: "8%" }}>序号</th>
              <th style={{ width: "14%" }}>户主姓名</th>
              <th style={{ width: "20%" }}>所在村（组）</th>
              <th style={{ width: "18%" }}>户类别</th>
              <th style={{ width: "20%" }}>拟认定类型</th>
              <th>风险类型</th>
            </tr>
          </thead>
          <tbody>
            {data.households.map((h, i) => (
              <tr key={`${i}-${h.headName}`}>
                <td>{i + 1}</td>
                <td>{h.headName}</td>
                <td>{h.naturalVillage ?? data.village.name}</td>
                <td>{h.categoryLabel}</td>
                <td>{h.proposedLabel}</td>
                <td>{h.reasons.join("、") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {/* The period is said once, in the preamble. */}
        {data.place && <p>公示地点：{data.place}。</p>}
        <p>{objection}</p>
        {data.objectionPhone && <p className="notice-phone">监督电话：{data.objectionPhone}</p>}
        {/* 落款: the issuing committee and the date, with room above and around them for the seal (盖章, about 42 mm). */}
        <div className="notice-signature" aria-label="落款">
          <div>{data.issuer}（盖章）</div>
          <div>{chineseDate(data.issuedOn)}</div>
        </div>
      </article>
    </div>
  );
}
