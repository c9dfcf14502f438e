"use client";
import { useEffect, useRef, useState } from "react";

/**
 * True once the element has come within `margin` of the viewport (and stays true). Charts use it
 * to load ECharts only when someone can see them, so a phone reading the figures at the top never
 * pays for a chart further down.
 */
export function useInView<T extends Element>(margin = "200px"): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    // Every browser that runs our client code has IntersectionObserver; without it, stay hidden
    // (the chart is an extra: its summary and table are in the HTML).
    if (!el || seen || typeof IntersectionObserver === "undefined") return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setSeen(true);
          io.disconnect();
        }
      },
      { rootMargin: margin },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [margin, seen]);
  return [ref, seen];
}
