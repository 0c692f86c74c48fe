# shellcheck shell=bash
# Shared helpers for scripts/stack/*. Sourced, never run. Each service file (services/<name>.sh) defines
#   <name>_port <name>_version <name>_installed <name>_install <name>_pid <name>_start <name>_ready
# and TIMEOUT_<name> (readiness timeout, seconds); optionally
#   <name>_available (prints why not and fails when the service cannot run in this checkout),
#   <name>_deps (services it needs), <name>_ports (all ports it binds, default <name>_port),
#   <name>_port_taken (a chance to free a port held by a known foreign instance),
#   <name>_after_start (idempotent setup once ready), <name>_stop (default: SIGTERM its pid).

STACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$STACK_DIR/../.." && pwd)"
DATA_DIR="${STRATA_DATA_DIR:-$REPO_ROOT/.data}"
CACHE_DIR="${STRATA_CACHE_DIR:-${HOME:-/root}/.cache/strata}"
LOG_DIR="$DATA_DIR/logs"
RUN_DIR="$DATA_DIR/run"
LOCAL_IP=127.0.0.1

# --- output ---------------------------------------------------------------------------------------------

_svc_tag() { printf '[%s]' "${SVC:-stack}"; }
say() { printf '%s %s\n' "$(_svc_tag)" "$*"; }
warn() { printf '%s WARNING: %s\n' "$(_svc_tag)" "$*" >&2; }
err() { printf '%s ERROR: %s\n' "$(_svc_tag)" "$*" >&2; }
die() { err "$*"; exit 1; }

# Prints an error and the last lines of a log file, returns 1.
fail_with_log() { # <message> <logfile>
  err "$1"
  if [[ -s "$2" ]]; then
    printf -- '----- last 40 lines of %s -----\n' "$2" >&2
    tail -n 40 "$2" >&2
    printf -- '----- end of %s -----\n' "$2" >&2
  else
    printf '(log %s is empty or missing)\n' "$2" >&2
  fi
  return 1
}

now_s() { date +%s; }

# --- commands and packages ------------------------------------------------------------------------------

have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif have sudo; then sudo -n "$@"
  else die "need root for: $* (run as root or install sudo)"; fi
}

_APT_UPDATED=""
apt_install() { # <package...>
  have apt-get || die "apt-get not found; install $* by hand"
  if [[ -z "$_APT_UPDATED" ]]; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
    _APT_UPDATED=1
  fi
  say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
    || die "apt-get install $* failed"
}

go_bin() {
  if have go; then command -v go
  elif [[ -x /usr/local/go/bin/go ]]; then echo /usr/local/go/bin/go
  else die "Go toolchain not found (need go >= 1.24 on PATH or in /usr/local/go)"; fi
}

# Runs a command as the given OS user when we are root, as ourselves otherwise.
as_user() { # <user> <cmd...>
  local user=$1; shift
  if [[ $EUID -eq 0 && "$user" != root ]]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

# --- processes and ports --------------------------------------------------------------------------------

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# Prints the pid from a pid file if that process is alive and its command line contains <pattern>.
pidfile_pid() { # <pidfile> <pattern>
  local pid
  [[ -r "$1" ]] || return 1
  pid=$(head -n1 "$1" 2>/dev/null | tr -dc '0-9')
  pid_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" || return 1
  echo "$pid"
}

port_open() { # <port> : something accepts TCP connections on 127.0.0.1:<port>
  timeout 2 bash -c "exec 3<>/dev/tcp/$LOCAL_IP/$1" 2>/dev/null
}

# Describes who listens on a port (pid and command), empty if nobody / unknown.
port_owner() { # <port>
  local line pid
  have ss || return 0
  line=$(ss -Hltnp "sport = :$1" 2>/dev/null | head -n1)
  [[ -n "$line" ]] || return 0
  pid=$(grep -o 'pid=[0-9]*' <<<"$line" | head -n1 | cut -d= -f2)
  if [[ -n "$pid" ]]; then
    printf 'pid %s: %s' "$pid" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | sed 's/ *$//' | cut -c1-160)"
  else
    printf '%s' "$line"
  fi
}

port_owner_pid() { # <port>
  have ss || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2
}

# Starts a daemon in its own session (so `down` can stop its whole process group), output to a log file.
spawn() { # <pidfile> <logfile> <cmd...>
  local pidfile=$1 logfile=$2; shift 2
  printf '\n===== %s starting: %s =====\n' "$(date -Is)" "$*" >>"$logfile"
  setsid "$@" >>"$logfile" 2>&1 </dev/null &
  SPAWNED_PID=$!
  echo "$SPAWNED_PID" >"$pidfile"
}
SPAWNED_PID=""

# SIGTERM a process (and, if it led one, its process group); SIGKILL what is left after <timeout> s.
stop_pid() { # <pid> [timeout]
  local pid=$1 timeout=${2:-30} i pgid
  pid_alive "$pid" || return 0
  pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 5; i++)); do
    pid_alive "$pid" || break
    sleep 0.2
  done
  if pid_alive "$pid"; then
    warn "pid $pid still alive after ${timeout}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # A leader we started with setsid: make sure no child (e.g. the JVM under kc.sh) outlives it.
  if [[ -n "$pgid" && "$pgid" == "$pid" ]] && pgrep -g "$pgid" >/dev/null 2>&1; then
    kill -TERM -- "-$pgid" 2>/dev/null || true
    sleep 2
    kill -KILL -- "-$pgid" 2>/dev/null || true
  fi
  return 0
}

# Polls <cmd...> once a second until it succeeds. Fails early if <pid> (when not empty) dies.
wait_until() { # <timeout> <pid-or-empty> <cmd...>
  local timeout=$1 pid=$2 start
  shift 2
  start=$(now_s)
  while ! "$@" >/dev/null 2>&1; do
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then return 2; fi
    (($(now_s) - start >= timeout)) && return 1
    sleep 1
  done
}

http_ok() { curl -fsS -o /dev/null --max-time 3 "$1"; }

# A short content hash of a directory's files (sorted paths + contents), ignoring some path patterns.
tree_hash() { # <dir> [find -not -path patterns...]
  local dir=$1; shift
  local args=()
  local p
  for p in "$@"; do args+=(-not -path "$p"); done
  (cd "$dir" && find . -type f "${args[@]}" -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) \
    | sha256sum | cut -c1-16
}

# --- generic service driver -----------------------------------------------------------------------------

# shellcheck disable=SC2034 # used by stack.sh
ALL_SERVICES=(postgres redis s3 keycloak vector)

# Names accepted on the command line for a service.
canonical_service() { # <name>
  case "$1" in
    postgres | postgresql | pg) echo postgres ;;
    redis) echo redis ;;
    s3 | minio | seaweedfs) echo s3 ;;
    keycloak | kc) echo keycloak ;;
    vector | qdrant | strata-vector) echo vector ;;
    *) return 1 ;;
  esac
}

svc_has() { declare -F "${1}_$2" >/dev/null; }

svc_ports() { if svc_has "$1" ports; then "${1}_ports"; else "${1}_port"; fi; }

svc_log() { echo "$LOG_DIR/$1.log"; }

# Readiness timeout in seconds: STACK_TIMEOUT_<NAME> overrides the service's TIMEOUT_<name> default.
svc_ready_timeout() { # <service>
  local var="STACK_TIMEOUT_${1^^}" def="TIMEOUT_$1"
  echo "${!var:-${!def:-60}}"
}

svc_up() { # <service>
  local SVC=$1 pid port owner t0 rc reason
  t0=$(now_s)
  if svc_has "$SVC" available && ! reason=$("${SVC}_available"); then say "skipped: $reason"; return 0; fi
  mkdir -p "$DATA_DIR" "$LOG_DIR" "$RUN_DIR" "$CACHE_DIR"
  if pid=$("${SVC}_pid"); then
    say "already running (pid $pid)"
  else
    if ! "${SVC}_installed"; then
      "${SVC}_install" || return 1
    fi
    for port in $(svc_ports "$SVC"); do
      port_open "$port" || continue
      if svc_has "$SVC" port_taken; then "${SVC}_port_taken" "$port" || true; fi
      if port_open "$port"; then
        owner=$(port_owner "$port")
        err "port $LOCAL_IP:$port is already in use${owner:+ by $owner}; stop it or choose another port (see docs/stack.md)"
        return 1
      fi
    done
    say "starting on $LOCAL_IP:$(svc_ports "$SVC" | tr ' ' ',') (log: $(svc_log "$SVC"))"
    SPAWNED_PID=""
    "${SVC}_start" || return 1
    # Watch the started process so that an early exit fails at once (and not after the timeout).
    pid=$("${SVC}_pid") || pid=$SPAWNED_PID
  fi
  wait_until "$(svc_ready_timeout "$SVC")" "$pid" "${SVC}_ready"
  rc=$?
  if ((rc == 2)); then
    fail_with_log "process exited before becoming ready" "$(svc_log "$SVC")"; return 1
  elif ((rc != 0)); then
    fail_with_log "not ready after $(svc_ready_timeout "$SVC")s" "$(svc_log "$SVC")"; return 1
  fi
  if svc_has "$SVC" after_start; then "${SVC}_after_start" || return 1; fi
  say "ready: $(svc_status_line "$SVC" | sed 's/  */ /g') ($(($(now_s) - t0))s)"
}

svc_down() { # <service>
  local SVC=$1 pid
  if ! pid=$("${SVC}_pid"); then say "not running"; return 0; fi
  say "stopping (pid $pid)"
  if svc_has "$SVC" stop; then "${SVC}_stop" "$pid"; else stop_pid "$pid" 60; fi
  if pid=$("${SVC}_pid"); then err "still running (pid $pid)"; return 1; fi
  say "stopped"
}

svc_status_line() { # <service>
  local SVC=$1 pid state version
  if svc_has "$SVC" available && ! "${SVC}_available" >/dev/null 2>&1; then
    printf '%-9s %-8s pid=%-7s port=%-5s version=%s\n' "$SVC" absent - "$("${SVC}_port")" "(not in this checkout)"
    return 0
  fi
  if pid=$("${SVC}_pid"); then state=running; else state=stopped; pid=-; fi
  if [[ $state == running ]] || "${SVC}_installed" 2>/dev/null; then version=$("${SVC}_version" 2>/dev/null || echo '?')
  else version="(not installed)"; fi
  printf '%-9s %-8s pid=%-7s port=%-5s version=%s\n' "$SVC" "$state" "$pid" "$("${SVC}_port")" "$version"
}
