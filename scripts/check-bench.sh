#!/usr/bin/env bash
# Every benchmark must at least start: each bench/*.ts (but the helpers auth.ts, heap-snapshot.ts and usage.ts) runs
# with --help, which prints its header and exits before it needs a server or a browser. Catches a
# bench that no longer loads (such as top-level await in a file tsx runs as CommonJS).
set -uo pipefail
cd "$(dirname "$0")/.."
failed=0
for f in bench/*.ts; do
  case "$f" in bench/auth.ts | bench/heap-snapshot.ts | bench/usage.ts) continue ;; esac
  if ! grep -q 'helpAndExit(__filename)' "$f"; then
    echo "[bench] $f: no helpAndExit(__filename) after its imports"; failed=1; continue
  fi
  # The same flags as the README's command lines (store.ts imports server-only code).
  if out=$(npx tsx --conditions=react-server "$f" --help 2>&1); then
    echo "[bench] $f starts"
  else
    echo "[bench] $f does not start:"; echo "$out" | head -20; failed=1
  fi
done
exit $failed
