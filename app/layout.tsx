import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { DEFAULT_PUBLIC_URL, env } from "@/lib/config/env";
import { SkipLink } from "@/components/ui/skip-link";
import { LocaleHtml } from "@/lib/i18n/locale-html";
import "./globals.css";

export const metadata: Metadata = {
  // Search engines need absolute alternate-language (hreflang) and canonical links.
  metadataBase: new URL(env().TWINOPS_PUBLIC_URL ?? DEFAULT_PUBLIC_URL),
  title: { default: "TwinOps", template: "%s · TwinOps" },
  description: "Command center for digital twin cities: energy, transport, construction and health, live.",
};

export const viewport: Viewport = {
  colorScheme: "dark light",
  themeColor: [
    { media: "(prefers-color-scheme: dark)", color: "#0c1117" },
    { media: "(prefers-color-scheme: light)", color: "#eef2f6" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The language comes from the URL on public pages (/public/zh/...), so <html lang> follows it.
    <LocaleHtml>
      <body className="min-h-screen">
        <SkipLink />
        {children}
      </body>
    </LocaleHtml>
  );
}
