import { QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { useState, type ReactNode } from "react";
import { createQueryClient } from "@/lib/react-query.ts";

dayjs.locale("zh-cn");

/** Whoever asks the system for less motion (vestibular disorders, slow phones) gets antd without animations. */
const reducedMotion = typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;

/**
 * Application-wide providers: the query cache, antd in Chinese (dates, empty
 * states, pagination), and antd's App for message/notification/modal.
 * Zod's Chinese messages are installed by the domain schemas themselves
 * (each imports @fanpin/domain/zod-zh), so zod stays out of the first bundle.
 */
export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={zhCN}
        // "登录", not "登 录": screen readers and tests read the label as written.
        button={{ autoInsertSpace: false }}
        theme={reducedMotion ? { token: { motion: false } } : undefined}
      >
        <AntApp style={{ height: "100%" }}>{children}</AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
