#!/usr/bin/env bash
# Every check Strata has, against the real services: lint, types, compose file, the vector engine's Go
# tests, unit + integration tests (vitest), and end-to-end tests in Chromium (Playwright).
# Runs every step even after a failure, prints one summary line, and exits non-zero if anything failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REPORTS="${STRATA_DATA_DIR:-$ROOT/.data}/test-reports"
mkdir -p "$REPORTS"
rm -f "$REPORTS"/*.json
started_all=$SECONDS

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
failed_steps=()
step() { # name, command...
  local name="$1"; shift
  say "$name"
  local started=$SECONDS
  if "$@"; then echo "--- $name: ok ($((SECONDS - started)) s)"; else echo "--- $name: FAILED ($((SECONDS - started)) s)"; failed_steps+=("$name"); fi
}

ensure_chromium() {
  [[ -x /usr/bin/chromium ]] && return 0
  say "Installing Debian's Chromium for the end-to-end tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
}

./strata up || { echo "the stack did not come up; see the output above"; echo "tests: 0 passed, 1 failed"; exit 1; }
ensure_chromium || failed_steps+=("install chromium")

step "lint (eslint)" npx eslint .
step "type-check (tsc)" npx tsc --noEmit
if [[ -x scripts/stack/validate-compose.sh ]]; then step "docker-compose.yml validation" scripts/stack/validate-compose.sh; fi
if [[ -f vector-engine/go.mod ]]; then
  step "vector engine: gofmt + go vet + go test" bash -c 'cd vector-engine && test -z "$(gofmt -l .)" && go vet ./... && go test -count=1 -json ./... > "$0/go-test.json"; status=$?; grep -h "\"Action\":\"fail\"" "$0/go-test.json" | grep "\"Test\"" | head -20; exit $status' "$REPORTS"
fi
step "unit + integration tests (vitest)" npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest.json"
step "end-to-end tests (playwright)" env PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/playwright.json" npx playwright test --reporter=list,json
# schemathesis closes in pytest's style ("== 3 warnings in 40s ==", no "passed"), which a reader of closing
# lines takes for a run without tests: its report goes to a file, and only its counts (or, on failure, the
# report's tail) are printed here.
fuzz_api() {
  local log="$REPORTS/schemathesis.log"
  if scripts/fuzz-api.sh > "$log" 2>&1; then
    grep -E '^ *[0-9]+ generated' "$log" | sed 's/^ */schemathesis cases: /'
  else
    tail -n 80 "$log"; return 1
  fi
}
step "API fuzzing (schemathesis against /api/v1/openapi.json)" fuzz_api
step "console under a sub-path (BASE_PATH=/strata)" env PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/playwright-subpath.json" scripts/test-base-path.sh --reporter=list,json

summary=$(node -e '
const fs = require("fs"), dir = process.argv[1];
let passed = 0, failed = 0, skipped = 0;
const read = (f) => { try { return fs.readFileSync(`${dir}/${f}`, "utf8"); } catch { return null; } };
const v = read("vitest.json");
if (v) { const j = JSON.parse(v); passed += j.numPassedTests; failed += j.numFailedTests; skipped += j.numPendingTests + j.numTodoTests; }
for (const f of ["playwright.json", "playwright-subpath.json"]) {
  const p = read(f);
  if (p) { const s = JSON.parse(p).stats; passed += s.expected + s.flaky; failed += s.unexpected; skipped += s.skipped; }
}
const g = read("go-test.json");
if (g) for (const line of g.split("\n")) { if (!line) continue; const e = JSON.parse(line); if (!e.Test) continue;
  if (e.Action === "pass") passed++; else if (e.Action === "fail") failed++; else if (e.Action === "skip") skipped++; }
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$REPORTS")

echo "Finished in $((SECONDS - started_all)) s."
if (( ${#failed_steps[@]} > 0 )); then
  printf 'FAILED steps: %s\n' "${failed_steps[*]}"
  echo "$summary"
  exit 1
fi
echo "All checks passed."
# Last line on purpose: CI reads the closing "N passed, N failed" line.
echo "$summary"
