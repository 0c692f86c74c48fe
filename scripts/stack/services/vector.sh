# shellcheck shell=bash
# shellcheck disable=SC2034 # TIMEOUT_<name> is read indirectly (svc_ready_timeout)
# vector: the project's own Qdrant-compatible engine (Go module in vector-engine/, main ./cmd/strata-vector).
# Built into the cache under a hash of its sources, so it is rebuilt only when they change.

TIMEOUT_vector=60
QDRANT_PORT="${QDRANT_PORT:-6333}"
VECTOR_SRC="$REPO_ROOT/vector-engine"
VECTOR_DATA_DIR="$DATA_DIR/vector"
VECTOR_PIDFILE="$RUN_DIR/vector.pid"

vector_available() { # prints why not
  compgen -G "$VECTOR_SRC/cmd/strata-vector/*.go" >/dev/null && [[ -f "$VECTOR_SRC/go.mod" ]] && return 0
  echo "$VECTOR_SRC/cmd/strata-vector has no Go sources (yet)"
  return 1
}

# Hash of what goes into the binary: every file but tests and build output, plus the Go version.
vector_hash() {
  { tree_hash "$VECTOR_SRC" './bin/*' '*_test.go' './.git/*'; "$(go_bin)" env GOVERSION; } | sha256sum | cut -c1-16
}
vector_bin() { echo "$CACHE_DIR/vector/$(vector_hash)/strata-vector"; }
# Fixes the binary for this run (the sources may change while it builds and starts): sets VECTOR_BIN.
VECTOR_BIN=""
vector_resolve() { [[ -n "$VECTOR_BIN" ]] || VECTOR_BIN=$(vector_bin); }

vector_port() { echo "$QDRANT_PORT"; }
vector_installed() { vector_resolve; [[ -x "$VECTOR_BIN" ]]; }
vector_version() { # of the running binary, else of the one the current sources build
  local bin pid
  if pid=$(vector_pid); then bin=$(readlink "/proc/$pid/exe"); else bin=$(vector_bin); fi
  echo "$("$bin" --version 2>/dev/null | head -n1) (sources $(basename "$(dirname "$bin")"))"
}
vector_pid() { pidfile_pid "$VECTOR_PIDFILE" strata-vector; }
vector_ready() { http_ok "http://$LOCAL_IP:$QDRANT_PORT/readyz"; }

vector_install() {
  local bin tmp t0 log
  vector_resolve
  bin=$VECTOR_BIN
  tmp="$bin.tmp-$$"
  log="$LOG_DIR/vector-build.log"
  mkdir -p "$(dirname "$bin")"
  say "go build ./cmd/strata-vector -> $bin"
  t0=$(now_s)
  if ! (cd "$VECTOR_SRC" && nice -n 10 "$(go_bin)" build -o "$tmp" ./cmd/strata-vector) >"$log" 2>&1; then
    rm -f "$tmp"
    fail_with_log "go build of vector-engine failed" "$log"
    return 1
  fi
  mv "$tmp" "$bin"
  say "built in $(($(now_s) - t0))s"
  vector_prune_builds
}

# Sources change often while the engine is developed: keep the 3 newest builds (and the running one).
vector_prune_builds() {
  local keep running d
  running=$(dirname "$(readlink "/proc/$(vector_pid || echo 0)/exe" 2>/dev/null || echo /nonexistent/x)")
  keep=$(ls -1dt "$CACHE_DIR"/vector/*/ 2>/dev/null | head -n 3)
  for d in "$CACHE_DIR"/vector/*/; do
    d=${d%/}
    [[ "$d" == "$running" ]] && continue
    grep -qxF "$d/" <<<"$keep" && continue
    rm -rf "$d"
  done
}

vector_start() {
  mkdir -p "$VECTOR_DATA_DIR"
  vector_resolve
  spawn "$VECTOR_PIDFILE" "$(svc_log vector)" \
    "$VECTOR_BIN" --addr "$LOCAL_IP:$QDRANT_PORT" --data-dir "$VECTOR_DATA_DIR"
}

# A running engine built from older sources keeps running: say so, `stack.sh restart vector` picks it up.
vector_after_start() {
  local pid exe
  pid=$(vector_pid) || return 0
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 0
  [[ "$exe" == "$(vector_bin)" ]] || warn "running $exe, sources changed since: run 'stack.sh restart vector'"
  return 0
}
