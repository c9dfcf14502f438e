"use client";
/**
 * The document's `<html>` element with the language of the route. A client component only so it
 * can read the layout segments; it is rendered on the server too, so `lang` is right in the HTML
 * with JavaScript off, and the pages stay static (no request headers are read).
 */
import { useSelectedLayoutSegments } from "next/navigation";
import type { ReactNode } from "react";
import { documentLang } from "./document-lang";

export function LocaleHtml({ children }: { children: ReactNode }) {
  const segments = useSelectedLayoutSegments();
  return <html lang={documentLang(segments)}>{children}</html>;
}
