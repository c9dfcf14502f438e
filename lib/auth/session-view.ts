/** The caller as the browser sees it (client-safe). */
import type { Domain } from "@/lib/twin/types";

export interface SessionView {
  kind: "user" | "device";
  name: string;
  /** viewer, operator, admin, or device. */
  role: string;
  domains: Domain[];
  /** Sent back as x-csrf-token with every change; null for devices (they change nothing). */
  csrf: string | null;
}

export const canOperateView = (s: SessionView | undefined) => s?.kind === "user" && (s.role === "operator" || s.role === "admin");
