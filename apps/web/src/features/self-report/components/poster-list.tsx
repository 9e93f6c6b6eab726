import { DownloadOutlined, PrinterOutlined } from "@ant-design/icons";
import type { AreaNode } from "@fanpin/domain/area-schemas";
import { Alert, Flex, Input, List, Typography } from "antd";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { paths } from "@/config/paths.ts";
import { describeError } from "@/lib/api-client.ts";
import { useAreas } from "@/lib/get-areas.ts";

export const posterPngHref = (villageId: number) => `/api/self-report-posters/${villageId}.png`;

/** The villages of the user's area, each with its township's name. */
export function useVillages() {
  const areas = useAreas("VILLAGE");
  const villages = useMemo(() => {
    const all = areas.data?.areas ?? [];
    const byId = new Map(all.map((a) => [a.id, a]));
    return all
      .filter((a) => a.level === "VILLAGE")
      .map((v) => ({ ...v, township: v.parentId ? byId.get(v.parentId) ?? null : null }));
  }, [areas.data]);
  return { ...areas, villages };
}

export type PosterVillage = AreaNode & { township: AreaNode | null };

/** 申报二维码: each village of the user's area, to print its A4 poster or download the QR code alone. */
export function PosterList() {
  const { villages, isPending, isError, error } = useVillages();
  const [filter, setFilter] = useState("");
  const shown = filter ? villages.filter((v) => v.name.includes(filter) || v.township?.name.includes(filter)) : villages;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        申报二维码
      </Typography.Title>
      <Typography.Text type="secondary">
        每个村一张海报：农户扫码即可打开本村的“一键申报”页面，无需登录。申报成为该村所属乡镇（街道）的线索，在下一个工作日转交乡镇核实。
      </Typography.Text>
      {isError && <Alert type="error" showIcon title={describeError(error)} />}
      <Input.Search placeholder="按村或乡镇名称查找" allowClear onChange={(e) => setFilter(e.target.value.trim())} style={{ maxWidth: 360 }} />
      <List
        loading={isPending}
        bordered
        dataSource={shown}
        locale={{ emptyText: "没有可显示的村" }}
        renderItem={(v) => (
          <List.Item
            actions={[
              <Link key="print" to={paths.selfReportPoster.getHref(v.id)} aria-label={`打印${v.name}海报`}>
                <PrinterOutlined /> 打印海报
              </Link>,
              <a key="png" href={posterPngHref(v.id)} download={`${v.name}-申报二维码.png`} aria-label={`下载${v.name}二维码`}>
                <DownloadOutlined /> 下载二维码
              </a>,
            ]}
          >
            <List.Item.Meta title={v.name} description={v.township?.name} />
          </List.Item>
        )}
      />
    </Flex>
  );
}
