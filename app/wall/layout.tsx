import type { ReactNode } from "react";
import "./wall.css";

export default function WallLayout({ children }: { children: ReactNode }) {
  return children;
}
