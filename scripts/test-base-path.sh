#!/usr/bin/env bash
# Builds and serves a second console under BASE_PATH=/strata (as behind an ingress sub-path) on port 3001,
# runs e2e/base-path.spec.ts against it, and stops it. The services are the ones `./strata up` started.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOG_DIR="${STRATA_DATA_DIR:-$ROOT/.data}/logs"
export BASE_PATH=/strata NEXT_DIST_DIR=.next-subpath APP_URL=http://localhost:3001 NEXT_TELEMETRY_DISABLED=1

# The dev realm allows redirects to localhost:3001 only, so the port is fixed: something else on it would
# answer the test instead of this console (a 404 page with no sub-path), so refuse to start.
if (exec 3<>/dev/tcp/127.0.0.1/3001) 2>/dev/null; then
  echo "port 3001 is already in use; the sub-path console needs it (stop what listens there: ss -ltnp 'sport = :3001')" >&2
  exit 1
fi

npx next build >"$LOG_DIR/subpath-build.log" 2>&1 || { tail -n 40 "$LOG_DIR/subpath-build.log"; exit 1; }
setsid npx next start -p 3001 >"$LOG_DIR/subpath-console.log" 2>&1 < /dev/null &
pid=$!
trap 'kill -TERM -- "-$pid" 2>/dev/null || true' EXIT
answered=0
for _ in $(seq 1 120); do
  if curl -fsS "$APP_URL$BASE_PATH/api/health/live" >/dev/null 2>&1; then answered=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
if (( ! answered )); then echo "the sub-path console did not answer on $APP_URL$BASE_PATH"; tail -n 40 "$LOG_DIR/subpath-console.log"; exit 1; fi
npx playwright test e2e/base-path.spec.ts "$@"
