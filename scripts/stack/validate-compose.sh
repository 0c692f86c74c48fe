#!/usr/bin/env bash
# Validates docker-compose.yml offline (no Docker engine needed), exits non-zero if it is invalid:
#  1. `docker-compose config -q` (Debian's docker-compose 1.29, installed with apt-get if missing): YAML,
#     anchors, the Compose schema (unknown keys, wrong types, depends_on conditions), undefined services.
#  2. What the schema cannot see: bind-mounted files and the build's Dockerfile exist, the JSON files mounted
#     parse, every long-running service but the worker has a healthcheck, ports are published on 127.0.0.1,
#     and the Keycloak and SeaweedFS images are the versions the local stack runs.
#
#   scripts/stack/validate-compose.sh [compose-file]
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=services/keycloak.sh
source "$STACK_DIR/services/keycloak.sh"
# shellcheck source=services/s3.sh
source "$STACK_DIR/services/s3.sh"
SVC=compose
file="${1:-$REPO_ROOT/docker-compose.yml}"
[[ -r "$file" ]] || die "$file not found"

have docker-compose || apt_install docker-compose
if ! python3 -c 'import yaml' 2>/dev/null; then apt_install python3-yaml; fi

resolved=$(mktemp)
trap 'rm -f "$resolved"' EXIT
# Compose interpolates ${VAR:-default} from the environment; validate the defaults, not this shell's values.
if ! env -u SESSION_SECRET -u BASE_PATH -u KEYCLOAK_ADMIN -u KEYCLOAK_ADMIN_PASSWORD \
  docker-compose -f "$file" config >"$resolved"; then
  die "$file is invalid (docker-compose config)"
fi
say "docker-compose $(docker-compose version --short 2>/dev/null): schema ok"

KEYCLOAK_VERSION="$KEYCLOAK_VERSION" SEAWEEDFS_RELEASE="$SEAWEEDFS_RELEASE" python3 - "$resolved" <<'EOF' || die "$file failed the extra checks"
import json, os, sys, yaml

doc = yaml.safe_load(open(sys.argv[1]))
problems = []
for name, svc in doc["services"].items():
    for vol in svc.get("volumes", []):
        src = vol.get("source") if isinstance(vol, dict) else vol.split(":")[0]
        kind = vol.get("type") if isinstance(vol, dict) else ("bind" if src.startswith(("/", ".")) else "volume")
        if kind != "bind":
            continue
        if not os.path.exists(src):
            problems.append(f"{name}: bind-mounted {src} does not exist")
        elif src.endswith(".json"):
            try:
                json.load(open(src))
            except ValueError as e:
                problems.append(f"{name}: {src} is not valid JSON: {e}")
    build = svc.get("build")
    if build:
        ctx = build["context"] if isinstance(build, dict) else build
        dockerfile = os.path.join(ctx, (build.get("dockerfile") if isinstance(build, dict) else None) or "Dockerfile")
        if not os.path.isfile(dockerfile):
            problems.append(f"{name}: {dockerfile} does not exist")
    # The worker and one-shot set-up jobs (restart: "no") are the only services without a healthcheck.
    if name != "worker" and svc.get("restart") != "no" and "healthcheck" not in svc:
        problems.append(f"{name}: no healthcheck")
    for p in svc.get("ports", []):
        host_ip = p.get("host_ip") if isinstance(p, dict) else str(p).split(":")[0]
        if host_ip != "127.0.0.1":
            problems.append(f"{name}: port {p} is not bound to 127.0.0.1")
for svc_name in ("seaweedfs", "seaweedfs-disk-types"):
    image = doc["services"].get(svc_name, {}).get("image", "")
    if not image.endswith(":" + os.environ["SEAWEEDFS_RELEASE"]):
        problems.append(f"{svc_name}: image {image} differs from the local stack's SeaweedFS {os.environ['SEAWEEDFS_RELEASE']}")
kc = doc["services"].get("keycloak", {}).get("image", "")
if not kc.endswith(":" + os.environ["KEYCLOAK_VERSION"]):
    problems.append(f"keycloak: image {kc} differs from the local stack's Keycloak {os.environ['KEYCLOAK_VERSION']}")
for p in problems:
    print(f"[compose] ERROR: {p}", file=sys.stderr)
print(f"[compose] {len(doc['services'])} services, {len(doc.get('volumes') or {})} named volumes: "
      + ("extra checks ok" if not problems else f"{len(problems)} problem(s)"))
sys.exit(1 if problems else 0)
EOF
say "$file is valid"
