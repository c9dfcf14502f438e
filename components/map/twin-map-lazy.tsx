"use client";
/**
 * The map owner as pages load it: MapLibre (a megabyte of script, then WebGL) is fetched only in
 * the browser and only once the page is interactive (see use-idle-start.ts), so hydration and the
 * first input never wait for it. A skeleton of the map's size stands in until then.
 */
import dynamic from "next/dynamic";
import { useIdleStart } from "@/components/ui/use-idle-start";
import type { TwinMapProps } from "./twin-map";

const TwinMapNow = dynamic(() => import("./twin-map").then((m) => m.TwinMap), {
  ssr: false,
  loading: () => <div className="skeleton h-full w-full" />,
});

export function TwinMap(props: TwinMapProps) {
  const started = useIdleStart();
  return started ? <TwinMapNow {...props} /> : <div className="skeleton h-full w-full" />;
}
