import { Flex, Typography } from "antd";
import type { ReactNode } from "react";
import "./self-report.css";

/** The public pages' frame: phone first, a plain header, nothing of the signed-in app. */
export function PublicFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="public-page">
      <header className="public-header">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <Typography.Text type="secondary">防止返贫动态监测 · 热线 12317</Typography.Text>
      </header>
      <Flex vertical gap={16} className="public-body">
        {children}
      </Flex>
    </div>
  );
}
