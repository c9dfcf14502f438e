"use client";
/** Last-resort page error: says so plainly in both languages and offers a retry. */
import { useEffect } from "react";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error("[page]", error);
  }, [error]);
  return (
    <main id="main" className="mx-auto flex max-w-xl flex-col gap-3 p-10">
      <h1 className="text-xl font-semibold">Something went wrong · 出错了</h1>
      <p className="text-muted">
        The page could not be shown. The error has been logged{error.digest ? ` (ref ${error.digest})` : ""}.
        <br />
        <span lang="zh-Hans">页面无法显示，错误已记录。</span>
      </p>
      <button type="button" onClick={reset} className="self-start rounded border border-line px-3 py-1.5 hover:bg-surface-2">
        Retry · 重试
      </button>
    </main>
  );
}
