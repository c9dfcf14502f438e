"use client";
import { createContext, useContext } from "react";

/**
 * Where a panel is drawn: on a laptop page, or on a wall read from across the room (no hover, no
 * scrolling, large type, headline numbers filling their tiles). Set by the wall runtime; pages
 * leave the default.
 */
export type DisplayMode = "page" | "wall";

const Mode = createContext<DisplayMode>("page");

export const DisplayModeProvider = Mode.Provider;

export function useDisplayMode(): DisplayMode {
  return useContext(Mode);
}
