// @ts-check
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Next loads this file as CommonJS
const { nextHeaderRules, optionsFromEnv } = require("./lib/security/headers.cjs");

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A separate build folder lets two builds of one checkout run side by side (tests, benchmarks).
  distDir: process.env.TWINOPS_DIST_DIR || ".next",
  serverExternalPackages: ["better-sqlite3"],
  turbopack: { root: __dirname },
  // `npm test` type-checks the same tsconfig, route types included, in its own step right after the
  // build (tsc --noEmit); it sets BUILD_SKIP_TYPECHECK=1 so the build does not check every file a
  // second time (20–50 s of CI). Any other build checks types as usual.
  typescript: { ignoreBuildErrors: process.env.BUILD_SKIP_TYPECHECK === "1" },
  // proxy.ts answers `/path/` with a 308 to `/path` itself: Next's own redirect goes out before
  // the headers() below are applied, so it carried none of the security headers.
  skipTrailingSlashRedirect: true,
  // Security headers on every response (docs/security.md). `next build` writes them into the
  // routes manifest, so the environment they read (TWINOPS_OIDC_ISSUER) is the build's.
  async headers() {
    return nextHeaderRules(optionsFromEnv(process.env));
  },
};

module.exports = nextConfig;
