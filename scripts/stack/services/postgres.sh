# shellcheck shell=bash
# shellcheck disable=SC2034 # TIMEOUT_<name> is read indirectly (svc_ready_timeout)
# PostgreSQL (Debian package `postgresql`, 15 on bookworm): our own cluster in $DATA_DIR/postgres, run as
# the `postgres` OS user, TCP on 127.0.0.1 only, unix socket in $RUN_DIR/postgres.

TIMEOUT_postgres=60
PGPORT="${PGPORT:-5432}"
PG_MAJOR="${PG_MAJOR:-15}"
PG_APP_USER="${STRATA_PG_USER:-strata}"
PG_APP_PASSWORD="${STRATA_PG_PASSWORD:-strata}"
PG_APP_DATABASES=(strata keycloak)
PG_OS_USER=postgres
[[ $EUID -eq 0 ]] || PG_OS_USER="$(id -un)"
PGDATA_DIR="$DATA_DIR/postgres"
PG_SOCKET_DIR="$RUN_DIR/postgres"

pg_bindir() {
  local d
  for d in "/usr/lib/postgresql/$PG_MAJOR/bin" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && { echo "$d"; return 0; }
  done
  return 1
}

postgres_port() { echo "$PGPORT"; }
postgres_installed() { pg_bindir >/dev/null; }
postgres_install() { apt_install postgresql; }
postgres_version() { "$(pg_bindir)/postgres" --version | awk '{print $3}'; }

postgres_pid() { pidfile_pid "$PGDATA_DIR/postmaster.pid" postgres; }

pg_admin() { # psql as the cluster superuser over the unix socket
  as_user "$PG_OS_USER" "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PGPORT" \
    -U postgres -d postgres "$@"
}

postgres_ready() {
  "$(pg_bindir)/pg_isready" -q -h "$LOCAL_IP" -p "$PGPORT" -t 2 && pg_admin -tAc 'select 1' >/dev/null
}

# Debian's packaged cluster (started by apt's postinst) may sit on our port: stop it, it is not ours.
postgres_port_taken() { # <port>
  local ver name port status
  have pg_lsclusters || return 0
  while read -r ver name port status _; do
    if [[ "$port" == "$1" && "$status" == online* ]]; then
      say "stopping Debian's default cluster $ver/$name, which holds port $1"
      as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" stop || true
    fi
  done < <(pg_lsclusters -h 2>/dev/null)
}

# The postgres OS user must be able to reach its data dir: a clone under /root (mode 700) is not. Grant the
# search (x) bit only, on the directories that lack it, and say so.
pg_make_traversable() { # <dir>
  local d=$1
  while [[ "$d" != / && -n "$d" ]]; do
    if ! as_user "$PG_OS_USER" test -x "$d"; then
      say "chmod o+x $d (so that the $PG_OS_USER user can reach $PGDATA_DIR; it cannot list it)"
      chmod o+x "$d"
    fi
    d=$(dirname "$d")
  done
}

postgres_init() {
  local bindir log
  bindir=$(pg_bindir)
  log=$(svc_log postgres)
  mkdir -p "$PGDATA_DIR" "$PG_SOCKET_DIR"
  touch "$log"
  if [[ $EUID -eq 0 ]]; then
    chown "$PG_OS_USER:" "$PGDATA_DIR" "$PG_SOCKET_DIR" "$log"
    pg_make_traversable "$(dirname "$PGDATA_DIR")"
    as_user "$PG_OS_USER" test -w "$PGDATA_DIR" \
      || die "user $PG_OS_USER cannot write $PGDATA_DIR (a parent directory is not traversable?); set STRATA_DATA_DIR"
  fi
  chmod 700 "$PGDATA_DIR" "$PG_SOCKET_DIR"
  [[ -s "$PGDATA_DIR/PG_VERSION" ]] && return 0
  say "initdb $PGDATA_DIR"
  as_user "$PG_OS_USER" "$bindir/initdb" -D "$PGDATA_DIR" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >>"$log" 2>&1 \
    || fail_with_log "initdb failed" "$log" || return 1
  # Settings that do not depend on the environment; port and addresses are passed on each start.
  cat >>"$PGDATA_DIR/postgresql.conf" <<'EOF'

# --- strata local stack ---
max_connections = 200
log_destination = 'stderr'
logging_collector = off
EOF
}

postgres_start() {
  postgres_init || return 1
  # Leftover from a crash: postmaster.pid with a dead pid is handled by postgres itself.
  as_user "$PG_OS_USER" "$(pg_bindir)/pg_ctl" -D "$PGDATA_DIR" -l "$(svc_log postgres)" -W \
    -o "-c listen_addresses=$LOCAL_IP -p $PGPORT -c unix_socket_directories='$PG_SOCKET_DIR'" start >/dev/null \
    || fail_with_log "pg_ctl start failed" "$(svc_log postgres)"
}

postgres_stop() {
  as_user "$PG_OS_USER" "$(pg_bindir)/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null
}

# Role and databases for the app and Keycloak (idempotent; runs on every `up`).
postgres_after_start() {
  local db pw_sql
  pw_sql=${PG_APP_PASSWORD//\'/\'\'}
  if [[ "$(pg_admin -tAc "select 1 from pg_roles where rolname = '$PG_APP_USER'")" != 1 ]]; then
    say "creating role $PG_APP_USER (LOGIN CREATEDB)"
    pg_admin -c "create role \"$PG_APP_USER\" login createdb password '$pw_sql'" || return 1
  else
    pg_admin -c "alter role \"$PG_APP_USER\" login createdb password '$pw_sql'" || return 1
  fi
  for db in "${PG_APP_DATABASES[@]}"; do
    if [[ "$(pg_admin -tAc "select 1 from pg_database where datname = '$db'")" != 1 ]]; then
      say "creating database $db (owner $PG_APP_USER)"
      pg_admin -c "create database \"$db\" owner \"$PG_APP_USER\"" || return 1
    fi
  done
}
