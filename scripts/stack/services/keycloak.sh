# shellcheck shell=bash
# shellcheck disable=SC2034 # TIMEOUT_<name> is read indirectly (svc_ready_timeout)
# Keycloak: the Quarkus distribution zip from Maven Central (mvn dependency:copy), unpacked once per version
# into the cache, then copied per data dir ($DATA_DIR/keycloak/keycloak-<version>) because start-dev
# re-augments into lib/ and writes data/ (transaction logs, tmp): a shared dist must stay read-only.
# Runs start-dev (HTTP) against our PostgreSQL database `keycloak` and imports the strata realm if absent.

TIMEOUT_keycloak=300
KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.7.3}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8080}"
KEYCLOAK_MANAGEMENT_PORT="${KEYCLOAK_MANAGEMENT_PORT:-9000}"
# Tokens carry iss=<hostname>/realms/strata however Keycloak is reached (127.0.0.1 or localhost): fixed.
KEYCLOAK_HOSTNAME="${KEYCLOAK_HOSTNAME:-http://localhost:$KEYCLOAK_PORT}"
KEYCLOAK_ADMIN="${KEYCLOAK_ADMIN:-admin}"
KEYCLOAK_ADMIN_PASSWORD="${KEYCLOAK_ADMIN_PASSWORD:-admin}"
KEYCLOAK_REALM_FILE="${KEYCLOAK_REALM_FILE:-$REPO_ROOT/deploy/keycloak/strata-realm.json}"
KEYCLOAK_DIST="$CACHE_DIR/keycloak/$KEYCLOAK_VERSION/keycloak-$KEYCLOAK_VERSION"
KEYCLOAK_HOME="$DATA_DIR/keycloak/keycloak-$KEYCLOAK_VERSION"
KEYCLOAK_PIDFILE="$RUN_DIR/keycloak.pid"

# Keycloak 26 supports OpenJDK 17, 21 and 25 and recommends the newest: take the newest one installed.
keycloak_java_home() {
  local d
  if [[ -n "${KEYCLOAK_JAVA_HOME:-}" ]]; then echo "$KEYCLOAK_JAVA_HOME"; return 0; fi
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 \
    /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-amd64; do
    [[ -x "$d/bin/java" ]] && { echo "$d"; return 0; }
  done
  return 1
}

keycloak_port() { echo "$KEYCLOAK_PORT"; }
keycloak_ports() { echo "$KEYCLOAK_PORT $KEYCLOAK_MANAGEMENT_PORT"; }
keycloak_installed() { [[ -x "$KEYCLOAK_DIST/bin/kc.sh" ]] && keycloak_java_home >/dev/null; }
keycloak_version() { echo "$KEYCLOAK_VERSION (java $("$(keycloak_java_home)/bin/java" -version 2>&1 | awk -F'"' 'NR==1{print $2}'))"; }
# kc.sh may exec the JVM in place (after a re-augmentation): match what both command lines contain.
keycloak_pid() { pidfile_pid "$KEYCLOAK_PIDFILE" "$KEYCLOAK_HOME/bin"; }
keycloak_deps() { echo postgres; }

keycloak_ready() {
  http_ok "http://$LOCAL_IP:$KEYCLOAK_MANAGEMENT_PORT/health/ready" \
    && http_ok "http://$LOCAL_IP:$KEYCLOAK_PORT/realms/strata/.well-known/openid-configuration"
}

keycloak_install() {
  local tmp t0 zip
  if ! keycloak_java_home >/dev/null; then apt_install openjdk-17-jre-headless; fi
  [[ -x "$KEYCLOAK_DIST/bin/kc.sh" ]] && return 0
  have mvn || apt_install maven
  have unzip || apt_install unzip
  tmp=$(mktemp -d "$CACHE_DIR/.keycloak-XXXXXX")
  t0=$(now_s)
  say "downloading org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip (mvn dependency:copy)"
  # Run outside any project; the artifact also stays in ~/.m2 for the next fresh cache.
  if ! (cd "$tmp" && mvn -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
    -DoutputDirectory="$tmp" >"$tmp/mvn.log" 2>&1); then
    fail_with_log "mvn dependency:copy failed" "$tmp/mvn.log"
    rm -rf "$tmp"
    return 1
  fi
  zip="$tmp/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  unzip -q "$zip" -d "$tmp/x" || { rm -rf "$tmp"; die "unzip $zip failed"; }
  mkdir -p "$(dirname "$KEYCLOAK_DIST")"
  rm -rf "$KEYCLOAK_DIST"
  mv "$tmp/x/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_DIST"
  rm -rf "$tmp"
  say "Keycloak $KEYCLOAK_VERSION in $KEYCLOAK_DIST ($(($(now_s) - t0))s)"
}

keycloak_start() {
  local java_home
  java_home=$(keycloak_java_home)
  [[ -r "$KEYCLOAK_REALM_FILE" ]] || die "realm file $KEYCLOAK_REALM_FILE not found"
  postgres_ready || { err "PostgreSQL (Keycloak's database) is not running: stack.sh up postgres"; return 1; }
  if [[ ! -x "$KEYCLOAK_HOME/bin/kc.sh" ]]; then
    say "copying the distribution to $KEYCLOAK_HOME"
    mkdir -p "$DATA_DIR/keycloak"
    rm -rf "$KEYCLOAK_HOME.tmp"
    cp -a "$KEYCLOAK_DIST" "$KEYCLOAK_HOME.tmp" && mv "$KEYCLOAK_HOME.tmp" "$KEYCLOAK_HOME" || return 1
  fi
  # --import-realm reads data/import and skips realms that already exist.
  mkdir -p "$KEYCLOAK_HOME/data/import"
  cp "$KEYCLOAK_REALM_FILE" "$KEYCLOAK_HOME/data/import/strata-realm.json"
  spawn "$KEYCLOAK_PIDFILE" "$(svc_log keycloak)" env \
    JAVA_HOME="$java_home" \
    KC_DB=postgres KC_DB_URL="jdbc:postgresql://$LOCAL_IP:$PGPORT/keycloak" \
    KC_DB_USERNAME="$PG_APP_USER" KC_DB_PASSWORD="$PG_APP_PASSWORD" \
    KC_HTTP_HOST="$LOCAL_IP" KC_HTTP_PORT="$KEYCLOAK_PORT" KC_HOSTNAME="$KEYCLOAK_HOSTNAME" \
    KC_HEALTH_ENABLED=true KC_HTTP_MANAGEMENT_PORT="$KEYCLOAK_MANAGEMENT_PORT" \
    KC_BOOTSTRAP_ADMIN_USERNAME="$KEYCLOAK_ADMIN" KC_BOOTSTRAP_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" \
    "$KEYCLOAK_HOME/bin/kc.sh" start-dev --import-realm
}

# --- realm file changes ---------------------------------------------------------------------------------
# --import-realm only imports an absent realm, so edits to the realm file do not reach a running stack's
# database. `up` records which file content the realm came from and warns when the file changed since;
# `stack.sh reimport-realm` replaces the realm with the file (runtime changes to it, e.g. users created
# since, are lost).
KEYCLOAK_REALM_STAMP="$DATA_DIR/keycloak/strata-realm.sha256"

keycloak_realm_sha() { sha256sum <"$KEYCLOAK_REALM_FILE" | cut -d' ' -f1; }

keycloak_after_start() {
  # This start imported the realm: the log after the last start marker says so.
  if awk '/^===== .* starting: /{found=0} /Realm .strata. imported/{found=1} END{exit !found}' "$(svc_log keycloak)"; then
    keycloak_realm_sha >"$KEYCLOAK_REALM_STAMP"
  fi
  if [[ ! -s "$KEYCLOAK_REALM_STAMP" ]]; then
    warn "unknown which version of $KEYCLOAK_REALM_FILE realm 'strata' came from: 'stack.sh reimport-realm' makes it match"
  elif [[ "$(cat "$KEYCLOAK_REALM_STAMP")" != "$(keycloak_realm_sha)" ]]; then
    warn "$KEYCLOAK_REALM_FILE changed since realm 'strata' was imported: run 'stack.sh reimport-realm' to apply it"
  fi
  return 0
}

keycloak_admin_token() {
  curl -fsS --max-time 10 "http://$LOCAL_IP:$KEYCLOAK_PORT/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli \
    --data-urlencode "username=$KEYCLOAK_ADMIN" --data-urlencode "password=$KEYCLOAK_ADMIN_PASSWORD" \
    | grep -o '"access_token":"[^"]*"' | cut -d'"' -f4
}

keycloak_reimport_realm() {
  local SVC=keycloak token base code
  keycloak_pid >/dev/null && keycloak_ready || die "Keycloak is not running: stack.sh up keycloak"
  token=$(keycloak_admin_token) && [[ -n "$token" ]] || die "could not get an admin token (KEYCLOAK_ADMIN/KEYCLOAK_ADMIN_PASSWORD)"
  base="http://$LOCAL_IP:$KEYCLOAK_PORT/admin/realms"
  code=$(curl -sS -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $token" "$base/strata")
  [[ "$code" == 204 || "$code" == 404 ]] || die "deleting realm strata answered HTTP $code"
  say "deleted realm strata, importing $KEYCLOAK_REALM_FILE"
  code=$(curl -sS -o "$RUN_DIR/realm-import.out" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data-binary "@$KEYCLOAK_REALM_FILE" "$base")
  [[ "$code" == 201 ]] || die "importing the realm answered HTTP $code: $(cat "$RUN_DIR/realm-import.out")"
  keycloak_realm_sha >"$KEYCLOAK_REALM_STAMP"
  say "realm strata re-imported"
}
