"use client";
/**
 * A wall board that failed to render as a whole (the server render threw, or something outside
 * the board's own boundaries did). Nobody stands at a wall to press "Retry": it says so, dark and
 * large like the wall, and every 30 s loads the board again by itself once the server answers.
 */
import { useEffect, useState } from "react";

const RETRY_S = 30;

export default function WallError({ error }: { error: Error & { digest?: string } }) {
  const [left, setLeft] = useState(RETRY_S);
  useEffect(() => {
    console.error("[wall]", error);
  }, [error]);
  useEffect(() => {
    // A full load: a server-side failure needs a new render from the server, not a client retry.
    // Only once the server answers: a reload during an outage would swap this screen for the
    // browser's own error page, which never retries.
    let stopped = false;
    let remaining = RETRY_S;
    const tick = setInterval(() => {
      remaining -= 1;
      if (remaining <= 0) {
        remaining = RETRY_S;
        void fetch("/api/twin/v1", { cache: "no-store" })
          .then((r) => {
            if (r.ok && !stopped) window.location.reload();
          })
          .catch(() => undefined);
      }
      setLeft(remaining);
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(tick);
    };
  }, []);
  return (
    <div className="wall-root fixed inset-0 flex flex-col items-center justify-center gap-[1rem] bg-bg p-[2rem] text-center text-fg">
      <h1 className="m-0 text-[2rem] font-semibold">
        This board could not be shown · <span lang="zh-Hans">看板无法显示</span>
      </h1>
      <p role="status" className="m-0 text-[1.25rem] text-muted">
        Trying again in {left} s{error.digest ? ` (ref ${error.digest})` : ""} · <span lang="zh-Hans">{left} 秒后重试</span>
      </p>
    </div>
  );
}
