import "./lib/zod-jitless.ts";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AppProvider } from "./app/providers.tsx";
import { AppRouter } from "./app/router.tsx";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <AppProvider>
      <AppRouter />
    </AppProvider>
  </StrictMode>,
);

// The installable app (pwa/service-worker.ts): the shell opens offline, so a visit can be typed and queued without signal.
if (import.meta.env.PROD && "serviceWorker" in navigator) {
  // Installing the worker downloads every chunk of the app: wait until the first page has loaded its
  // own chunks and data and the browser is idle, so the precache does not compete with them.
  const register = () => void navigator.serviceWorker.register("/sw.js").catch(() => undefined);
  window.addEventListener("load", () => {
    setTimeout(() => ("requestIdleCallback" in window ? requestIdleCallback(register, { timeout: 5000 }) : register()), 3000);
  });
}
