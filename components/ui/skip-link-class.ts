/** How a "skip to main content" link looks: hidden until focused, then a chip in the corner. */
export const SKIP_LINK_CLASS =
  "sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2";
