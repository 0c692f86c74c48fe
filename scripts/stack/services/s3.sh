# shellcheck shell=bash
# shellcheck disable=SC2034 # TIMEOUT_<name> is read indirectly (svc_ready_timeout)
# S3: SeaweedFS (`weed server`: master, volume, filer and S3 gateway in one process), built from source at a
# pinned version through the Go module proxy and cached by version. Upstream's go.mod has a `replace`, so
# `go install …/weed@<version>` is refused; scripts/stack/seaweedfs/ is a small module that repeats the
# replace and pins every dependency (go.sum), and `go build` runs there. See docs/stack.md.

TIMEOUT_s3=90
SEAWEEDFS_BUILD_DIR="$STACK_DIR/seaweedfs"
# The version is the one pinned in the build module, so the cache key can never drift from what is built.
SEAWEEDFS_VERSION=$(awk '$1 == "require" && $2 == "github.com/seaweedfs/seaweedfs" { print $3 }' "$SEAWEEDFS_BUILD_DIR/go.mod")
# The release that commit is (`weed version`); docker-compose.yml's image tag must match it.
SEAWEEDFS_RELEASE=4.53
S3_PORT="${S3_PORT:-8333}"
SEAWEEDFS_MASTER_PORT="${SEAWEEDFS_MASTER_PORT:-9333}"
# Not weed's default 8080: that is Keycloak's port on this stack.
SEAWEEDFS_VOLUME_PORT="${SEAWEEDFS_VOLUME_PORT:-8340}"
SEAWEEDFS_FILER_PORT="${SEAWEEDFS_FILER_PORT:-8888}"
S3_CORS_ORIGINS="${S3_CORS_ORIGINS:-http://localhost:3000,http://127.0.0.1:3000,http://localhost:3001,http://localhost:3002,http://localhost:3003,http://localhost:3004,http://localhost:3005,http://localhost:3006,http://localhost:3007}"
# Dev-only identities (like the realm): access key strata / strata-dev-secret. Production mounts its own.
S3_IDENTITIES_FILE="${S3_IDENTITIES_FILE:-$REPO_ROOT/deploy/seaweedfs/s3.json}"
# Master settings and the buckets' disk-type rules, shared with docker-compose.yml.
SEAWEEDFS_CONFIG_DIR="$REPO_ROOT/deploy/seaweedfs"
S3_DATA_DIR="$DATA_DIR/s3"
S3_PIDFILE="$RUN_DIR/s3.pid"
WEED_BIN="$CACHE_DIR/seaweedfs/$SEAWEEDFS_VERSION/weed"

s3_port() { echo "$S3_PORT"; }
# Each HTTP port's gRPC twin is +10000 (weed's default when the gRPC port is left at 0).
s3_ports() {
  local p
  for p in "$S3_PORT" "$SEAWEEDFS_MASTER_PORT" "$SEAWEEDFS_VOLUME_PORT" "$SEAWEEDFS_FILER_PORT"; do
    echo "$p $((p + 10000))"
  done | tr '\n' ' '
}
s3_installed() { [[ -x "$WEED_BIN" ]]; }
s3_version() { echo "seaweedfs $("$WEED_BIN" version 2>/dev/null | awk '/version/ { print $2, $3; exit }') ($SEAWEEDFS_VERSION)"; }
s3_pid() { pidfile_pid "$S3_PIDFILE" "$WEED_BIN"; }
s3_ready() { http_ok "http://$LOCAL_IP:$S3_PORT/status"; }

s3_install() {
  local go tmp t0 log
  go=$(go_bin)
  log="$LOG_DIR/s3-build.log"
  tmp="$(dirname "$WEED_BIN")/.weed-$$"
  mkdir -p "$(dirname "$WEED_BIN")"
  say "building SeaweedFS $SEAWEEDFS_VERSION with $("$go" env GOVERSION) (about 13 minutes on 2 cores, once per version; log: $log)"
  t0=$(now_s)
  # -mod=mod: go.sum pins every module; the module cache holds them after the first download.
  if ! (cd "$SEAWEEDFS_BUILD_DIR" && GOFLAGS=-mod=mod nice -n 10 "$go" build -trimpath -ldflags "-s -w" \
      -o "$tmp" github.com/seaweedfs/seaweedfs/weed) >"$log" 2>&1; then
    rm -f "$tmp"
    fail_with_log "building SeaweedFS $SEAWEEDFS_VERSION failed" "$log"
    return 1
  fi
  mv "$tmp" "$WEED_BIN"
  say "built $WEED_BIN in $(($(now_s) - t0))s"
}

s3_start() {
  mkdir -p "$S3_DATA_DIR/ssd" "$S3_DATA_DIR/hdd" "$S3_DATA_DIR/master" "$S3_DATA_DIR/filer"
  [[ -r "$S3_IDENTITIES_FILE" ]] || die "S3 identities file $S3_IDENTITIES_FILE is missing"
  # -filer.disk=hdd: buckets without a rule go to hdd. Left empty, weed server copies -volume.disk ("ssd,hdd")
  # into the filer's default, a layout no volume has, and every write to such a bucket fails with 500.
  # Each default bucket must be able to hold data: master.toml grows one volume at a time, volumes are small
  # (256 MB) and each disk has 100 slots, so no bucket can take every slot (see deploy/seaweedfs/master.toml).
  # cwd = the data dir: the filer's embedded store (leveldb2) is created relative to it.
  (cd "$S3_DATA_DIR/filer" && spawn "$S3_PIDFILE" "$(svc_log s3)" "$WEED_BIN" -logtostderr=true -v=0 \
    -config_dir="$SEAWEEDFS_CONFIG_DIR" server \
    -ip="$LOCAL_IP" -ip.bind="$LOCAL_IP" \
    -dir="$S3_DATA_DIR/ssd,$S3_DATA_DIR/hdd" -volume.disk=ssd,hdd -volume.max=100,100 \
    -master.dir="$S3_DATA_DIR/master" -master.port="$SEAWEEDFS_MASTER_PORT" \
    -master.volumeSizeLimitMB=256 -master.telemetry=false \
    -volume.port="$SEAWEEDFS_VOLUME_PORT" -volume.preStopSeconds=0 \
    -filer -filer.port="$SEAWEEDFS_FILER_PORT" -filer.allowedOrigins="$S3_CORS_ORIGINS" -filer.disk=hdd \
    -s3 -s3.port="$S3_PORT" -s3.config="$S3_IDENTITIES_FILE" \
    -s3.allowedOrigins="$S3_CORS_ORIGINS" -s3.autoCreateBucket=false -s3.allowBackslashInKey=true \
    -s3.port.iceberg=0 -s3.port.lance=0)
  SPAWNED_PID=$(cat "$S3_PIDFILE")
}

# Routes the hot buckets to the ssd-tagged directory and the cold ones to hdd (filer path rules: a bucket's
# objects live under /buckets/<name>/; deploy/seaweedfs/disk-types.weedshell lists them). Idempotent:
# fs.configure replaces the rule for the same prefix.
s3_after_start() {
  if ! "$WEED_BIN" shell -master="$LOCAL_IP:$SEAWEEDFS_MASTER_PORT" -filer="$LOCAL_IP:$SEAWEEDFS_FILER_PORT" \
      <"$SEAWEEDFS_CONFIG_DIR/disk-types.weedshell" >>"$(svc_log s3)" 2>&1; then
    fail_with_log "could not set the buckets' disk types (weed shell fs.configure)" "$(svc_log s3)"
    return 1
  fi
}
