"use client";
import { useEffect, useRef, useState } from "react";

/**
 * Whether the element is within `margin` of the viewport now, and whether it ever was. Charts
 * below the fold are not drawn until scrolled to, and do not redraw while out of sight: a filter
 * change then costs only the charts someone can see.
 */
export function useVisible<T extends Element>(margin = "150px"): [React.RefObject<T | null>, { now: boolean; ever: boolean }] {
  const ref = useRef<T>(null);
  const [state, setState] = useState({ now: false, ever: false });
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === "undefined") {
      setState({ now: true, ever: true });
      return;
    }
    const io = new IntersectionObserver(
      (entries) => {
        const now = entries.some((e) => e.isIntersecting);
        setState((s) => (s.now === now && (s.ever || !now) ? s : { now, ever: s.ever || now }));
      },
      { rootMargin: margin },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [margin]);
  return [ref, state];
}
