import { ArrowLeftOutlined } from "@ant-design/icons";
import { Button, Flex, Space, Typography } from "antd";
import { useLocation, useNavigate, useParams } from "react-router";
import { paths } from "@/config/paths.ts";
import { AssistanceFileView } from "@/features/assistance/components/assistance-file-view.tsx";
import { useAssistanceFile } from "@/features/assistance/api/reviews.ts";

/** /assistance/:householdId — the assistance file on its own (a helper's way in; desk roles see it as the household's 帮扶 tab). */
export function AssistanceFileRoute() {
  const { householdId = "" } = useParams();
  return (
    <Flex vertical gap={16}>
      <AssistanceFileHeading key={`h-${householdId}`} householdId={householdId} />
      <AssistanceFileView key={householdId} householdId={householdId} />
    </Flex>
  );
}

/** The page's heading (the tab inside the household screen has the household's own): 帮扶档案 and whose it is. */
function AssistanceFileHeading({ householdId }: { householdId: string }) {
  // The same cache entry the sections read: no request of its own.
  const file = useAssistanceFile(householdId);
  const navigate = useNavigate();
  const location = useLocation();
  const h = file.data?.household;
  return (
    <Space size={8} wrap style={{ minWidth: 0 }}>
      <Button icon={<ArrowLeftOutlined />} aria-label="返回" onClick={() => void (location.key === "default" ? navigate(paths.home.getHref()) : navigate(-1))} />
      <Typography.Title level={4} style={{ margin: 0, wordBreak: "break-word" }}>
        帮扶档案{h ? `：${h.headName} 户` : ""}
      </Typography.Title>
      {h && <Typography.Text type="secondary">{h.village.name}</Typography.Text>}
    </Space>
  );
}
