import { ArrowLeftOutlined, PrinterOutlined } from "@ant-design/icons";
import { Button, Typography } from "antd";
import { useEffect } from "react";
import { useNavigate } from "react-router";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { PageError } from "@/components/ui/page-error.tsx";
import { paths } from "@/config/paths.ts";
import { ApiError } from "@/lib/api-client.ts";
import { posterPngHref, useVillages } from "./poster-list.tsx";
import "@/components/print/a4-sheet.css";
import "./poster-print.css";

/** A village's 一键申报 poster as an A4 portrait page: title, village, the QR code, 12317 and how to report. */
export function PosterPrint({ villageId }: { villageId: number }) {
  const navigate = useNavigate();
  const { villages, isPending, isError, error, refetch } = useVillages();
  const village = villages.find((v) => v.id === villageId);
  useEffect(() => {
    if (village) document.title = `${village.name} 一键申报海报`;
    return () => {
      document.title = "防止返贫动态监测和帮扶系统";
    };
  }, [village]);
  const backTo = { href: paths.selfReportPosters.getHref(), label: "返回申报二维码" };
  if (isPending) return <PageLoading />;
  if (isError) return <PageError error={error} backTo={backTo} onRetry={() => void refetch()} />;
  if (!village) return <PageError error={new ApiError({ status: 404, code: "AREA_NOT_FOUND", message: "未找到该村，或该村不在您的管辖范围内" })} backTo={backTo} />;

  return (
    <div className="print-desk">
      <div className="print-toolbar no-print" role="toolbar" aria-label="海报操作">
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(backTo.href)}>
          {backTo.label}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
        <Typography.Text type="secondary">打印时请选择 A4 纸、纵向，不打印页眉页脚。</Typography.Text>
      </div>
      <article className="print-sheet poster-sheet" aria-label="申报海报">
        <h1>一键申报 防止返贫</h1>
        <p className="poster-village">
          {village.township ? `${village.township.name} ` : ""}
          {village.name}
        </p>
        <img className="poster-qr" src={posterPngHref(village.id)} alt={`${village.name}申报二维码`} />
        <p className="poster-scan">微信或手机相机扫一扫，即可申报</p>
        <ol className="poster-steps">
          <li>扫描上方二维码，打开本村的申报页面（无需登录）；</li>
          <li>填写姓名、手机号码和家里遇到的困难，提交后记下申报编号；</li>
          <li>乡镇（街道）工作人员将在下一个工作日收到申报，并与您联系核实；</li>
          <li>凭申报编号和手机号码后 4 位，可随时查询办理进度。</li>
        </ol>
        <p className="poster-hotline">
          咨询、反映问题请拨打热线 <strong>12317</strong>
        </p>
      </article>
    </div>
  );
}
