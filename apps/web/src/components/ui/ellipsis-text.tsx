import { Tooltip } from "antd";
import { useLayoutEffect, useRef, useState, type Ref } from "react";
import { Link } from "react-router";
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
 * With `to` the text is the link itself (one tab stop, no control inside a link).
 */
export function EllipsisText({ children, maxWidth, to, "aria-label": ariaLabel }: { children: string | null | undefined; maxWidth?: number | string; to?: string; "aria-label"?: string }) {
  const ref = useRef<HTMLElement>(null);
  const [cut, setCut] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    return watch(el, () => setCut(el.scrollWidth > el.clientWidth + 1));
  }, [children]);
  if (!children) return <>—</>;
  const common = {
    className: "ellipsis-text",
    style: maxWidth !== undefined ? { maxWidth } : undefined,
    "data-cut": cut ? "true" : undefined,
  };
  return (
    <Tooltip title={cut ? children : undefined} trigger={["hover", "focus"]}>
      {to ? (
        <Link ref={ref as Ref<HTMLAnchorElement>} to={to} aria-label={ariaLabel} {...common}>
          {children}
        </Link>
      ) : (
        <span ref={ref as Ref<HTMLSpanElement>} tabIndex={cut ? 0 : undefined} aria-label={ariaLabel} {...common}>
          {children}
        </span>
      )}
    </Tooltip>
  );
}
