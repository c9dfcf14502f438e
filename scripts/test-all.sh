#!/usr/bin/env bash
# Runs every test TwinOps has: declared dependencies, lint, types, unit + API contract (vitest),
# every bench starts, and Playwright against the production build in Debian's Chromium. Ends with
# one line "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
rm -f test-results/vitest.json test-results/playwright.json
mkdir -p test-results

if [ ! -x "$CHROME_PATH" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "[test] Chromium missing: installing Debian's chromium and a CJK font (apt)..."
    (apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei) >/tmp/twinops-apt.log 2>&1 \
      || { echo "[test] apt install failed; see /tmp/twinops-apt.log"; exit 1; }
  else
    echo "[test] Chromium not found at $CHROME_PATH. Install it first:"
    echo "    sudo apt-get update && sudo apt-get install -y chromium fonts-wqy-microhei"
    exit 1
  fi
fi

failed_steps=()
step() {
  local name=$1; shift
  echo "[test] == $name: $*"
  local t0=$SECONDS
  if "$@"; then echo "[test] == $name ok ($((SECONDS - t0)) s)"; else echo "[test] == $name FAILED"; failed_steps+=("$name"); fi
}

step deps node scripts/check-deps.mjs
# The production build needs nothing from lint or the bench check, nor they from it: it runs
# beside them (each takes one core) and its output is printed as one block when it ends. It skips
# its own type check (BUILD_SKIP_TYPECHECK, next.config.js): the types step runs right after it,
# on the same tsconfig and the route types the build has just written (.next/types), so every file
# is checked once, and never while the build is still writing them.
echo "[test] == build (beside lint and bench): npx next build"
build_t0=$SECONDS
BUILD_SKIP_TYPECHECK=1 npx next build >test-results/build.log 2>&1 &
build_pid=$!
step lint npx eslint . --max-warnings=0
step bench bash scripts/check-bench.sh
build_ok=0
wait "$build_pid" && build_ok=1
sed 's/^/[build] /' test-results/build.log
if [ "$build_ok" = 1 ]; then echo "[test] == build ok ($((SECONDS - build_t0)) s)"; else echo "[test] == build FAILED"; failed_steps+=(build); fi
step types npx tsc --noEmit
step unit npx vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json
if [ "$build_ok" = 1 ]; then step e2e npx playwright test; else echo "[test] == e2e skipped: the build failed"; failed_steps+=(e2e); fi

# One closing line for CI: counts from the runners' JSON reports.
node -e '
const fs = require("fs");
let passed = 0, failed = 0;
try { const v = JSON.parse(fs.readFileSync("test-results/vitest.json", "utf8")); passed += v.numPassedTests; failed += v.numFailedTests; } catch { failed += 1; }
try { const p = JSON.parse(fs.readFileSync("test-results/playwright.json", "utf8")); passed += p.stats.expected + (p.stats.flaky ?? 0); failed += p.stats.unexpected; if (p.stats.flaky) console.log(`[test] ${p.stats.flaky} e2e test(s) passed only on retry (flaky)`); } catch { failed += 1; }
failed += Number(process.argv[1]);
console.log(`tests: ${passed} passed, ${failed} failed`);
' "$(printf '%s\n' "${failed_steps[@]}" | grep -cE '^(deps|lint|types|bench|build)$')"

if [ ${#failed_steps[@]} -gt 0 ]; then echo "[test] failed: ${failed_steps[*]}"; exit 1; fi
