// @ts-check
/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A separate build folder lets two builds of one checkout run side by side (tests, benchmarks).
  distDir: process.env.TWINOPS_DIST_DIR || ".next",
  serverExternalPackages: ["better-sqlite3"],
  turbopack: { root: __dirname },
};

module.exports = nextConfig;
