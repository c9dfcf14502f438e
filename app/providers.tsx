"use client";
/**
 * Client context of a page: SWR seeded with the server's data (`fallback`, keyed by the API URLs
 * of keys.ts), the view settings (language, city, time zone) and the one live event stream.
 */
import type { ReactNode } from "react";
import { SWRConfig } from "swr";
import { LiveProvider } from "@/components/live/live-context";
import { ViewProvider, type ViewSettings } from "@/components/live/view-context";
import { twinFetcher } from "@/lib/twin-client/hooks";

export function Providers({
  fallback,
  view,
  children,
}: {
  fallback: Record<string, unknown>;
  view: ViewSettings;
  children: ReactNode;
}) {
  return (
    <SWRConfig value={{ fallback, fetcher: twinFetcher, revalidateOnFocus: true, dedupingInterval: 1500 }}>
      <ViewProvider value={view}>
        <LiveProvider>{children}</LiveProvider>
      </ViewProvider>
    </SWRConfig>
  );
}
