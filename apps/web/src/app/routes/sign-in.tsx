import { redirect, useNavigate, useSearchParams } from "react-router";
import { paths, safeRedirectTarget } from "@/config/paths.ts";
import { getMe } from "@/features/auth/api/get-me.ts";
import { SignInPage } from "@/features/auth/components/sign-in-page.tsx";

const NOTICES: Record<string, string> = {
  expired: "长时间未操作，登录已失效，请重新登录",
  "signed-out": "您已退出登录",
};

/** Someone already signed in goes straight on. (A direct call: no cache entry, no session-ended event.) */
export async function signInLoader() {
  try {
    await getMe();
  } catch {
    return null;
  }
  return redirect(paths.home.getHref());
}

export function SignInRoute() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const notice = NOTICES[search.get("reason") ?? ""] ?? null;
  return (
    <SignInPage
      notice={notice}
      onSignedIn={(me) =>
        void navigate(me.user.mustChangePassword ? paths.changePassword.getHref() : safeRedirectTarget(search.get("redirectTo")), {
          replace: true,
        })
      }
    />
  );
}
