import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto flex max-w-xl flex-col gap-3 p-10">
      <h1 className="text-xl font-semibold">Page not found · 页面不存在</h1>
      <p className="text-muted">
        There is nothing at this address. <span lang="zh-Hans">此地址没有内容。</span>
      </p>
      <Link href="/" className="text-accent underline underline-offset-2">
        Back to the command center · 返回指挥中心
      </Link>
    </main>
  );
}
