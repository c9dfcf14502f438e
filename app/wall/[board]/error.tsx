"use client";
/**
 * A wall board that failed to render as a whole (the server render threw, or something outside
 * the board's own boundaries did). Nobody stands at a wall to press "Retry": it says so, dark and
 * large like the wall, and loads the board again by itself every 30 s until it comes back.
 */
import { useEffect, useState } from "react";

const RETRY_S = 30;

export default function WallError({ error }: { error: Error & { digest?: string } }) {
  const [left, setLeft] = useState(RETRY_S);
  useEffect(() => {
    console.error("[wall]", error);
  }, [error]);
  useEffect(() => {
    const tick = setInterval(() => setLeft((s) => Math.max(0, s - 1)), 1000);
    // A full load: a server-side failure needs a new render from the server, not a client retry.
    const reload = setTimeout(() => window.location.reload(), RETRY_S * 1000);
    return () => {
      clearInterval(tick);
      clearTimeout(reload);
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
