"use client";
/**
 * The "skip to main content" link of pages outside the internal frame. Internal pages (the `(ops)`
 * route group) render their own in the reader's language (OpsFrame), so this one steps aside for
 * them; public pages take their language from the URL (`/public/zh/...`); the rest (sign-in,
 * device set-up, walls) serve readers of either language and say it in both.
 */
import { useSelectedLayoutSegments } from "next/navigation";
import { SKIP_LINK_CLASS } from "./skip-link-class";
import { documentLang } from "@/lib/i18n/document-lang";
import { t } from "@/lib/i18n/messages";

export function SkipLink() {
  const segments = useSelectedLayoutSegments();
  if (segments[0] === "(ops)") return null;
  const public_ = segments[0] === "public";
  const lang = documentLang(segments);
  const text = !public_ ? `${t("en", "skipToMain")} / ${t("zh", "skipToMain")}` : t(lang.startsWith("zh") ? "zh" : "en", "skipToMain");
  return (
    <a href="#main" className={SKIP_LINK_CLASS}>
      {text}
    </a>
  );
}
