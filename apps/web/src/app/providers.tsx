import { QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { createQueryClient } from "@/lib/react-query.ts";

/**
 * The query cache, for the whole app. antd (its Chinese locale, theme and
 * message/notification/modal) is provided by the root route
 * (routes/antd-root.tsx), which loads alongside the first page's own code:
 * the first script stays React, the router and the query cache, and the
 * session check (/api/auth/me) starts before antd is parsed.
 * Zod's Chinese messages are installed by the domain schemas themselves
 * (each imports @fanpin/domain/zod-zh), so zod stays out of the first bundle.
 */
export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
