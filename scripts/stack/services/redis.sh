# shellcheck shell=bash
# shellcheck disable=SC2034 # TIMEOUT_<name> is read indirectly (svc_ready_timeout)
# Redis (Debian package `redis-server`, 7.0 on bookworm): BullMQ's queue, so AOF on and no eviction.

TIMEOUT_redis=30
REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_DATA_DIR="$DATA_DIR/redis"
REDIS_PIDFILE="$RUN_DIR/redis.pid"

redis_port() { echo "$REDIS_PORT"; }
redis_installed() { have redis-server && have redis-cli; }
redis_install() { apt_install redis-server redis-tools; }
redis_version() { redis-server --version | grep -o 'v=[0-9.]*' | cut -d= -f2; }
redis_pid() { pidfile_pid "$REDIS_PIDFILE" redis-server; }
redis_ready() { [[ "$(redis-cli -h "$LOCAL_IP" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

# apt's postinst starts Debian's own instance on 6379: stop that one (it is not ours).
redis_port_taken() { # <port>
  local pid
  pid=$(port_owner_pid "$1")
  [[ -n "$pid" && -r /run/redis/redis-server.pid && "$(cat /run/redis/redis-server.pid)" == "$pid" ]] || return 0
  say "stopping Debian's default redis-server (pid $pid), which holds port $1"
  stop_pid "$pid" 30
}

redis_start() {
  mkdir -p "$REDIS_DATA_DIR"
  # --daemonize: redis forks, writes the pid file and returns once it listens (or fails).
  redis-server --daemonize yes --bind "$LOCAL_IP" --port "$REDIS_PORT" --protected-mode yes \
    --dir "$REDIS_DATA_DIR" --appendonly yes --appendfsync everysec --maxmemory-policy noeviction \
    --pidfile "$REDIS_PIDFILE" --logfile "$(svc_log redis)" \
    || fail_with_log "redis-server failed to start" "$(svc_log redis)"
}
