import type { MeResponse, SessionResponse } from "@fanpin/domain/auth-schemas";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, ApiError, NETWORK_ERROR } from "@/lib/api-client.ts";
import { meKeys } from "@/lib/query-keys.ts";

/**
 * The last answer is kept on the device so that the installed app opens
 * without a network (a helper typing a visit in a village without signal):
 * only who is signed in, for the frame; every API call still needs the
 * session. Forgotten when the session ends or the user signs out.
 */
const OFFLINE_ME_KEY = "fanpin:me";

export function forgetOfflineMe(): void {
  try {
    localStorage.removeItem(OFFLINE_ME_KEY);
  } catch {
    // Storage unavailable: nothing was kept.
  }
}

export async function getMe(signal?: AbortSignal): Promise<MeResponse> {
  try {
    // /api/auth/session answers 200 without a session (no failed request in the console on the sign-in page);
    // its "not signed in" becomes the same ApiError a 401 of /api/auth/me would, so callers need not care.
    const session = await api.get<SessionResponse>("/api/auth/session", undefined, signal);
    if (!session.me) {
      const code = session.ended ?? "UNAUTHENTICATED";
      throw new ApiError({ status: 401, code, message: code === "SESSION_EXPIRED" ? "长时间未操作，登录已失效，请重新登录" : "请先登录" });
    }
    const me = session.me;
    try {
      localStorage.setItem(OFFLINE_ME_KEY, JSON.stringify(me));
    } catch {
      // Storage full or unavailable: the app just will not open offline.
    }
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.code === NETWORK_ERROR) {
      const kept = localStorage.getItem(OFFLINE_ME_KEY);
      if (kept) return JSON.parse(kept) as MeResponse;
    }
    if (error instanceof ApiError && error.isSessionEnded) forgetOfflineMe();
    throw error;
  }
}


export const getMeQueryOptions = () =>
  queryOptions({
    queryKey: meKeys.all,
    queryFn: ({ signal }) => getMe(signal),
    staleTime: 5 * 60_000,
    retry: false,
  });

/** The signed-in user, role and area. Routes under the protected layout can rely on it being loaded. */
export function useMe() {
  return useQuery(getMeQueryOptions());
}
