import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { Outlet } from "react-router";

dayjs.locale("zh-cn");

/** Whoever asks the system for less motion (vestibular disorders, slow phones) gets antd without animations. */
const reducedMotion = typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;

/**
 * The root of every page: antd in Chinese (dates, empty states, pagination)
 * and antd's App for message/notification/modal. A lazy route, so antd loads
 * in parallel with the page's chunk instead of before the router starts.
 */
export function AntdRoot() {
  return (
    <ConfigProvider
      locale={zhCN}
      // "登录", not "登 录": screen readers and tests read the label as written.
      button={{ autoInsertSpace: false }}
      theme={reducedMotion ? { token: { motion: false } } : undefined}
    >
      <AntApp style={{ height: "100%" }}>
        <Outlet />
      </AntApp>
    </ConfigProvider>
  );
}
