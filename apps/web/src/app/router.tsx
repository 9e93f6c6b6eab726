import { QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { createBrowserRouter, redirect, type LoaderFunctionArgs } from "react-router";
import { RouterProvider } from "react-router/dom";
import { PageLoading } from "@/components/ui/page-loading.tsx";
import { paths } from "@/config/paths.ts";
import { ApiError, onSessionEnded } from "@/lib/api-client.ts";
import { getMeQueryOptions } from "@/features/auth/api/get-me.ts";
import { RootErrorBoundary } from "./routes/root-error-boundary.tsx";

/** Every signed-in page needs the user; without a session, go to the sign-in page and come back afterwards. */
const requireMe = (queryClient: QueryClient) => async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const here = url.pathname + url.search;
  try {
    const me = await queryClient.ensureQueryData(getMeQueryOptions());
    if (me.user.mustChangePassword && url.pathname !== paths.changePassword.path) {
      return redirect(paths.changePassword.getHref());
    }
    return null;
  } catch (error) {
    if (error instanceof ApiError && error.isSessionEnded) {
      return redirect(paths.signIn.getHref({ redirectTo: here, reason: error.code === "SESSION_EXPIRED" ? "expired" : undefined }));
    }
    throw error;
  }
};

export function createAppRouter(queryClient: QueryClient) {
  return createBrowserRouter([
    {
      id: "root",
      errorElement: <RootErrorBoundary />,
      hydrateFallbackElement: <PageLoading />,
      children: [
        {
          path: paths.signIn.path,
          lazy: async () => {
            const m = await import("./routes/sign-in.tsx");
            return { Component: m.SignInRoute, loader: m.signInLoader };
          },
        },
        {
          id: "protected",
          loader: requireMe(queryClient),
          children: [
            {
              path: paths.changePassword.path,
              lazy: async () => ({ Component: (await import("./routes/change-password.tsx")).ChangePasswordRoute }),
            },
            {
              lazy: async () => ({ Component: (await import("./routes/app/root.tsx")).AppRoot }),
              children: [
                { index: true, loader: () => redirect(paths.households.getHref()) },
                {
                  path: paths.households.path,
                  lazy: async () => ({ Component: (await import("./routes/app/households/list.tsx")).HouseholdListRoute }),
                },
                {
                  path: paths.householdNew.path,
                  lazy: async () => ({ Component: (await import("./routes/app/households/new.tsx")).NewHouseholdRoute }),
                },
                {
                  path: paths.household.path,
                  lazy: async () => ({ Component: (await import("./routes/app/households/detail.tsx")).HouseholdDetailRoute }),
                },
                {
                  path: paths.householdEdit.path,
                  lazy: async () => ({ Component: (await import("./routes/app/households/edit.tsx")).EditHouseholdRoute }),
                },
                {
                  path: paths.users.path,
                  lazy: async () => ({ Component: (await import("./routes/app/users.tsx")).UsersRoute }),
                },
                {
                  path: "*",
                  lazy: async () => ({ Component: (await import("./routes/not-found.tsx")).NotFoundRoute }),
                },
              ],
            },
          ],
        },
      ],
    },
  ]);
}

export function AppRouter() {
  const queryClient = useQueryClient();
  const router = useMemo(() => createAppRouter(queryClient), [queryClient]);

  useEffect(
    () =>
      // Any call refused for a missing/ended session: forget the user's data and ask them to sign in again.
      onSessionEnded((code) => {
        const { location, navigation } = router.state;
        if (location.pathname === paths.signIn.path || navigation.location?.pathname === paths.signIn.path) return;
        const redirectTo = location.pathname + location.search;
        void router
          .navigate(paths.signIn.getHref({ redirectTo, reason: code === "SESSION_EXPIRED" ? "expired" : undefined }), { replace: true })
          .then(() => queryClient.clear());
      }),
    [router, queryClient],
  );

  return <RouterProvider router={router} />;
}
