import { App } from "antd";
import { useCallback } from "react";
import { ApiError, describeError } from "./api-client.ts";

/**
 * Shows an API error the way every screen does: a short message with the
 * API's Chinese text; server faults stay on screen with the request number
 * so the user can quote it to the administrator.
 */
export function useNotifyError() {
  const { message, notification } = App.useApp();
  return useCallback(
    (error: unknown, fallbackTitle = "操作失败") => {
      // A session that ended is handled once, centrally, by sending the user to the sign-in page.
      // So is a password that must be changed first (the user is taken to the change-password page).
      if (error instanceof ApiError && (error.isSessionEnded || error.isPasswordChangeRequired)) return;
      if (error instanceof ApiError && (error.status >= 500 || error.status === 0)) {
        notification.error({ title: fallbackTitle, description: describeError(error), duration: 0 });
        return;
      }
      void message.error(describeError(error));
    },
    [message, notification],
  );
}
