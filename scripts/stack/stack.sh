#!/usr/bin/env bash
# Strata's local service stack without Docker: PostgreSQL, Redis, S3 (SeaweedFS), Keycloak and the vector engine,
# installed on first use and run on 127.0.0.1. See docs/stack.md.
#
#   scripts/stack/stack.sh up|down|restart|status [service ...]
#   scripts/stack/stack.sh check      (S3 CORS + Keycloak realm proofs against the running stack; needs npm ci)
#   scripts/stack/stack.sh reimport-realm   (replace realm strata with deploy/keycloak/strata-realm.json)
#
# Services: postgres redis s3 keycloak vector (aliases: seaweedfs/minio = s3, qdrant = vector); none = all.
# `up` is idempotent: installs what is missing, starts what is stopped, waits until each service is ready.
set -uo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for f in "$STACK_DIR"/services/*.sh; do
  # shellcheck source=/dev/null
  source "$f"
done

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}

cmd=${1:-}
[[ -n "$cmd" ]] || usage
shift

requested=()
for name in "$@"; do
  svc=$(canonical_service "$name") || die "unknown service '$name' (known: ${ALL_SERVICES[*]})"
  requested+=("$svc")
done
((${#requested[@]})) || requested=("${ALL_SERVICES[@]}")

contains() { local x=$1; shift; local y; for y in "$@"; do [[ "$x" == "$y" ]] && return 0; done; return 1; }

# The requested services in stack order; for `up`, plus what they depend on.
ordered() { # <with-deps: yes|no>
  local want=("${requested[@]}") s d
  if [[ $1 == yes ]]; then
    for s in "${requested[@]}"; do
      if svc_has "$s" deps; then for d in $("${s}_deps"); do want+=("$d"); done; fi
    done
  fi
  for s in "${ALL_SERVICES[@]}"; do contains "$s" "${want[@]}" && echo "$s"; done
}

do_up() {
  local s t0
  t0=$(now_s)
  say "data: $DATA_DIR   cache: $CACHE_DIR"
  for s in $(ordered yes); do
    svc_up "$s" || { SVC=$s err "failed; later services not started"; return 1; }
  done
  say "up in $(($(now_s) - t0))s"
}

do_down() {
  local s rc=0 list
  list=$(ordered no | tac)
  for s in $list; do svc_down "$s" || rc=1; done
  return $rc
}

do_status() {
  local s rc=0
  for s in $(ordered no); do
    svc_status_line "$s"
    if ! svc_has "$s" available || "${s}_available" >/dev/null 2>&1; then
      "${s}_pid" >/dev/null || rc=3
    fi
  done
  return $rc
}

do_check() {
  local rc=0
  have node || die "node is needed for the checks"
  (cd "$REPO_ROOT" && node --no-warnings scripts/stack/check-s3-cors.mjs) || rc=1
  (cd "$REPO_ROOT" && node --no-warnings scripts/stack/check-keycloak.mjs) || rc=1
  return $rc
}

case "$cmd" in
  up) do_up ;;
  check) do_check ;;
  reimport-realm) keycloak_reimport_realm ;;
  down | stop) do_down ;;
  restart) do_down && do_up ;;
  status) do_status ;;
  -h | --help | help) usage ;;
  *) usage ;;
esac
