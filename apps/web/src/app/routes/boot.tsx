import { lazy, Suspense } from "react";

/** While the first page's code and the session check load: plain markup, antd is not there yet. */
export function BootLoading() {
  return (
    <div role="status" aria-live="polite" style={{ minHeight: 240, display: "flex", alignItems: "center", justifyContent: "center", color: "rgba(0,0,0,0.45)", fontSize: 14 }}>
      加载中…
    </div>
  );
}

/** When even the error page's chunk cannot load (a new version replaced the files): say so without antd. */
function PlainRootError() {
  return (
    <div role="alert" style={{ padding: 48, textAlign: "center", fontSize: 16 }}>
      <p>系统已更新，请刷新页面</p>
      <button type="button" onClick={() => window.location.reload()}>
        刷新页面
      </button>
    </div>
  );
}

const RootErrorBoundary = lazy(() =>
  import("./root-error-boundary.tsx").then((m) => ({ default: m.RootErrorBoundary }), () => ({ default: PlainRootError })),
);

/** The root error page, loaded when needed (it uses antd). */
export function RootError() {
  return (
    <Suspense fallback={<BootLoading />}>
      <RootErrorBoundary />
    </Suspense>
  );
}
