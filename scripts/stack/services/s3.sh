# shellcheck shell=bash
# shellcheck disable=SC2034 # TIMEOUT_<name> is read indirectly (svc_ready_timeout)
# S3: MinIO, built from source with `go install` through the Go module proxy.
# SeaweedFS was the first choice, but the Go module proxy refuses every version of
# github.com/seaweedfs/seaweedfs ("403 Forbidden: This module version is not available"), see docs/stack.md.
# MinIO's CORS is global (MINIO_API_CORS_ALLOW_ORIGIN) and exposes ETag: buckets need no CORS call.

TIMEOUT_s3=60
# MinIO's last commit on the Go proxy (its RELEASE.* tags are not semver, so the proxy names commits).
MINIO_MODULE=github.com/minio/minio
MINIO_VERSION="${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
S3_PORT="${S3_PORT:-8333}"
S3_REGION="${S3_REGION:-us-east-1}"
S3_ACCESS_KEY_ID="${S3_ACCESS_KEY_ID:-strata}"
S3_SECRET_ACCESS_KEY="${S3_SECRET_ACCESS_KEY:-strata-dev-secret}"
S3_CORS_ORIGINS="${S3_CORS_ORIGINS:-http://localhost:3000,http://127.0.0.1:3000}"
S3_DATA_DIR="$DATA_DIR/s3"
S3_PIDFILE="$RUN_DIR/s3.pid"
MINIO_BIN="$CACHE_DIR/minio/$MINIO_VERSION/minio"

s3_port() { echo "$S3_PORT"; }
s3_installed() { [[ -x "$MINIO_BIN" ]]; }
s3_version() { echo "minio@$MINIO_VERSION"; }
s3_pid() { pidfile_pid "$S3_PIDFILE" "$MINIO_BIN"; }
s3_ready() { http_ok "http://$LOCAL_IP:$S3_PORT/minio/health/ready"; }

s3_install() {
  local go tmp t0 log
  go=$(go_bin)
  tmp="$CACHE_DIR/minio/.build-$$"
  log="$LOG_DIR/s3-build.log"
  mkdir -p "$tmp"
  say "building $MINIO_MODULE@$MINIO_VERSION with $("$go" env GOVERSION) (several minutes on 2 cores; log: $log)"
  t0=$(now_s)
  if ! GOBIN="$tmp" nice -n 19 "$go" install "$MINIO_MODULE@$MINIO_VERSION" >"$log" 2>&1; then
    rm -rf "$tmp"
    fail_with_log "go install $MINIO_MODULE@$MINIO_VERSION failed" "$log"
    return 1
  fi
  mkdir -p "$(dirname "$MINIO_BIN")"
  mv "$tmp/minio" "$MINIO_BIN"
  rm -rf "$tmp"
  say "built $MINIO_BIN in $(($(now_s) - t0))s"
}

s3_start() {
  mkdir -p "$S3_DATA_DIR" "$RUN_DIR/minio-certs"
  ((${#S3_ACCESS_KEY_ID} >= 3 && ${#S3_SECRET_ACCESS_KEY} >= 8)) \
    || die "MinIO needs S3_ACCESS_KEY_ID >= 3 and S3_SECRET_ACCESS_KEY >= 8 characters"
  spawn "$S3_PIDFILE" "$(svc_log s3)" env \
    MINIO_ROOT_USER="$S3_ACCESS_KEY_ID" MINIO_ROOT_PASSWORD="$S3_SECRET_ACCESS_KEY" \
    MINIO_SITE_REGION="$S3_REGION" MINIO_API_CORS_ALLOW_ORIGIN="$S3_CORS_ORIGINS" \
    MINIO_BROWSER=off MINIO_UPDATE=off MINIO_CALLHOME_ENABLE=off \
    "$MINIO_BIN" server --address "$LOCAL_IP:$S3_PORT" --certs-dir "$RUN_DIR/minio-certs" --quiet "$S3_DATA_DIR"
}
