#!/usr/bin/env bash
# Builds and serves a second console under BASE_PATH=/strata (as behind an ingress sub-path) on port 3001,
# runs e2e/base-path.spec.ts against it, and stops it. The services are the ones `./strata up` started.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOG_DIR="${STRATA_DATA_DIR:-$ROOT/.data}/logs"
export BASE_PATH=/strata NEXT_DIST_DIR=.next-subpath APP_URL=http://localhost:3001 NEXT_TELEMETRY_DISABLED=1

npx next build >"$LOG_DIR/subpath-build.log" 2>&1 || { tail -n 40 "$LOG_DIR/subpath-build.log"; exit 1; }
setsid npx next start -p 3001 >"$LOG_DIR/subpath-console.log" 2>&1 < /dev/null &
pid=$!
trap 'kill -TERM -- "-$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fsS "$APP_URL$BASE_PATH/api/health/live" >/dev/null 2>&1 && break; sleep 0.5; done
npx playwright test e2e/base-path.spec.ts "$@"
