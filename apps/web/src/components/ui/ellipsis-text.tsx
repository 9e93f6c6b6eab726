import { Tooltip } from "antd";
import { useLayoutEffect, useRef, useState } from "react";
import "./ellipsis-text.css";

// One observer for every cut text on the page (a queue has dozens): each element's check runs when its size changes.
const checks = new WeakMap<Element, () => void>();
let observer: ResizeObserver | undefined;

function watch(el: Element, check: () => void): () => void {
  observer ??= new ResizeObserver((entries) => entries.forEach((e) => checks.get(e.target)?.()));
  checks.set(el, check);
  observer.observe(el);
  return () => {
    observer?.unobserve(el);
    checks.delete(el);
  };
}

/**
 * One line of possibly long Chinese text (names, villages, addresses), cut
 * with "…". When it is cut, the full text shows on hover and on keyboard
 * focus (the cut text then takes a tab stop), and screen readers read it whole.
 */
export function EllipsisText({ children, maxWidth }: { children: string | null | undefined; maxWidth?: number | string }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [cut, setCut] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    return watch(el, () => setCut(el.scrollWidth > el.clientWidth + 1));
  }, [children]);
  if (!children) return <>—</>;
  return (
    <Tooltip title={cut ? children : undefined} trigger={["hover", "focus"]}>
      <span
        ref={ref}
        className="ellipsis-text"
        style={maxWidth !== undefined ? { maxWidth } : undefined}
        tabIndex={cut ? 0 : undefined}
        data-cut={cut ? "true" : undefined}
      >
        {children}
      </span>
    </Tooltip>
  );
}
