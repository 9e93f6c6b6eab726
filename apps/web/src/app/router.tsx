import { QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { createBrowserRouter, redirect, type LoaderFunctionArgs } from "react-router";
import { RouterProvider } from "react-router/dom";
import { paths } from "@/config/paths.ts";
import type { MeResponse } from "@fanpin/domain/auth-schemas";
import { ApiError, onPasswordChangeRequired, onSessionEnded } from "@/lib/api-client.ts";
import { forgetOfflineMe, getMeQueryOptions } from "@/features/auth/api/get-me.ts";
import { BootLoading, RootError } from "./routes/boot.tsx";
import { meKeys } from "@/lib/query-keys.ts";
import { getRulesQueryOptions } from "@/lib/get-rules.ts";

/** Every signed-in page needs the user; without a session, go to the sign-in page and come back afterwards. */
const requireMe = (queryClient: QueryClient) => async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const here = url.pathname + url.search;
  try {
    const me = await queryClient.ensureQueryData(getMeQueryOptions());
    if (me.user.mustChangePassword && url.pathname !== paths.changePassword.path) {
      return redirect(paths.changePassword.getHref());
    }
    // Every signed-in page reads the rules; ask now, while the page's chunks load, not after they ran.
    void queryClient.prefetchQuery(getRulesQueryOptions());
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
      errorElement: <RootError />,
      hydrateFallbackElement: <BootLoading />,
      // antd's providers: loaded with the page's own chunks, in parallel (routes/antd-root.tsx).
      lazy: async () => ({ Component: (await import("./routes/antd-root.tsx")).AntdRoot }),
      children: [
        {
          path: paths.signIn.path,
          lazy: async () => {
            const m = await import("./routes/sign-in.tsx");
            return { Component: m.SignInRoute, loader: m.signInLoader };
          },
        },
        {
          // Public, without sign-in (一键申报 and its status): outside the guard, and they load none of the app's frame.
          path: paths.selfReport.path,
          lazy: async () => ({ Component: (await import("./routes/self-report.tsx")).SelfReportRoute }),
        },
        {
          path: paths.selfReportStatus.path,
          lazy: async () => ({ Component: (await import("./routes/self-report.tsx")).SelfReportStatusRoute }),
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
              // The notice prints as a page of its own, without the app's frame.
              path: paths.publicityNotice.path,
              lazy: async () => ({ Component: (await import("./routes/publicity-print.tsx")).PublicityPrintRoute }),
            },
            {
              // And a village's self-report poster.
              path: paths.selfReportPoster.path,
              lazy: async () => ({ Component: (await import("./routes/self-report-poster.tsx")).SelfReportPosterRoute }),
            },
            {
              // So does the 帮扶手册.
              path: paths.assistanceHandbook.path,
              lazy: async () => ({ Component: (await import("./routes/assistance-handbook.tsx")).AssistanceHandbookRoute }),
            },
            {
              lazy: async () => ({ Component: (await import("./routes/app/root.tsx")).AppRoot }),
              children: [
                {
                  index: true,
                  lazy: async () => ({ Component: (await import("./routes/app/workbench.tsx")).WorkbenchRoute }),
                },
                {
                  path: paths.cases.path,
                  lazy: async () => ({ Component: (await import("./routes/app/cases/list.tsx")).CaseListRoute }),
                },
                {
                  path: paths.case.path,
                  lazy: async () => ({ Component: (await import("./routes/app/cases/detail.tsx")).CaseDetailRoute }),
                },
                {
                  path: paths.leads.path,
                  lazy: async () => ({ Component: (await import("./routes/app/leads/list.tsx")).LeadsRoute }),
                },
                {
                  path: paths.lead.path,
                  lazy: async () => ({ Component: (await import("./routes/app/leads/detail.tsx")).LeadDetailRoute }),
                },
                {
                  path: paths.households.path,
                  lazy: async () => ({ Component: (await import("./routes/app/households/list.tsx")).HouseholdListRoute }),
                },
                {
                  path: paths.householdNew.path,
                  lazy: async () => ({ Component: (await import("./routes/app/households/new.tsx")).NewHouseholdRoute }),
                },
                {
                  path: paths.householdImport.path,
                  lazy: async () => ({ Component: (await import("./routes/app/households/import.tsx")).ImportHouseholdsRoute }),
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
                  path: paths.assistanceFile.path,
                  lazy: async () => ({ Component: (await import("./routes/app/assistance/file.tsx")).AssistanceFileRoute }),
                },
                {
                  path: paths.visitNew.path,
                  lazy: async () => ({ Component: (await import("./routes/app/assistance/visit-new.tsx")).NewVisitRoute }),
                },
                {
                  path: paths.helpers.path,
                  lazy: async () => ({ Component: (await import("./routes/app/helpers.tsx")).HelpersRoute }),
                },
                {
                  path: paths.publicityNotices.path,
                  lazy: async () => ({ Component: (await import("./routes/app/publicity/list.tsx")).PublicityListRoute }),
                },
                {
                  path: paths.selfReportPosters.path,
                  lazy: async () => ({ Component: (await import("./routes/app/self-report-posters.tsx")).SelfReportPostersRoute }),
                },
                {
                  path: paths.users.path,
                  lazy: async () => ({ Component: (await import("./routes/app/users.tsx")).UsersRoute }),
                },
                {
                  // ECharts comes with this route's chunk only: the first load stays within its budget.
                  path: paths.statistics.path,
                  lazy: async () => ({ Component: (await import("./routes/app/statistics.tsx")).StatisticsRoute }),
                },
                {
                  path: paths.calendar.path,
                  lazy: async () => ({ Component: (await import("./routes/app/calendar.tsx")).CalendarRoute }),
                },
                {
                  path: paths.departmentWarnings.path,
                  lazy: async () => ({ Component: (await import("./routes/app/department-warnings.tsx")).DepartmentWarningsRoute }),
                },
                {
                  path: paths.reports.path,
                  lazy: async () => ({ Component: (await import("./routes/app/reports.tsx")).ReportsRoute }),
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
        forgetOfflineMe();
        const { location, navigation } = router.state;
        if (location.pathname === paths.signIn.path || navigation.location?.pathname === paths.signIn.path) return;
        const redirectTo = location.pathname + location.search;
        void router
          .navigate(paths.signIn.getHref({ redirectTo, reason: code === "SESSION_EXPIRED" ? "expired" : undefined }), { replace: true })
          .then(() => queryClient.clear());
      }),
    [router, queryClient],
  );

  useEffect(
    () =>
      // Any call refused because the password must be changed first (the cached user may not know yet):
      // mark the user so, and go to the change-password page, which then insists.
      onPasswordChangeRequired(() => {
        queryClient.setQueryData<MeResponse>(meKeys.all, (me) => (me ? { ...me, user: { ...me.user, mustChangePassword: true } } : me));
        const { location, navigation } = router.state;
        const target = paths.changePassword.path;
        if (location.pathname === target || navigation.location?.pathname === target) return;
        void router.navigate(paths.changePassword.getHref(), { replace: true });
      }),
    [router, queryClient],
  );

  return <RouterProvider router={router} />;
}
