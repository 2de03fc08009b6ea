#!/usr/bin/env bash
# Build a folder (for a USB stick) that installs or upgrades Township Kiosk with no internet.
#
#   scripts/build-offline-bundle.sh [--python 3.11] [--platform manylinux_2_28_x86_64] [--out DIR]
#
# It holds: wheels/ (every runtime dependency, binary wheels for the target Python and platform;
# no dev tools), app/ (this checkout's tracked files), install.sh (run on the kiosk) and
# SHA256SUMS. Build it on any machine with internet; docs/deployment.md explains the choices.
# Platforms: manylinux_2_28_x86_64 (most halls), manylinux_2_28_aarch64 (Kunpeng/Phytium ARM
# machines with UOS or Kylin), win_amd64 (Windows). LoongArch has no PySide6 wheels.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYVER="3.11"
PLATFORM="manylinux_2_28_x86_64"
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --python) PYVER="$2"; shift 2 ;;
    --platform) PLATFORM="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
PYTHON="${KIOSK_BUILD_PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"
VERSION="$("$PYTHON" -c 'import tomllib,sys;print(tomllib.load(open(sys.argv[1],"rb"))["project"]["version"])' "$ROOT/pyproject.toml")"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
OUT="${OUT:-$ROOT/dist/township-kiosk-$VERSION-$COMMIT-py$PYVER-$PLATFORM}"
rm -rf "$OUT"
mkdir -p "$OUT/wheels" "$OUT/app"

# 1. Runtime requirements only, straight from pyproject.toml (not the dev extra).
"$PYTHON" - "$ROOT/pyproject.toml" > "$OUT/requirements.txt" <<'PY'
import sys, tomllib
for dep in tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]:
    print(dep)
PY

# 2. Every wheel, for the kiosk's Python and platform (binary only: a hall has no compiler).
PLATFORMS=(--platform "$PLATFORM")
case "$PLATFORM" in  # older manylinux tags run there too
  manylinux_2_28_*) PLATFORMS+=(--platform "manylinux2014_${PLATFORM#manylinux_2_28_}"
                                --platform "manylinux_2_17_${PLATFORM#manylinux_2_28_}") ;;
esac
"$PYTHON" -m pip download --only-binary=:all: --dest "$OUT/wheels" \
  --python-version "$PYVER" "${PLATFORMS[@]}" -r "$OUT/requirements.txt"
# pip itself, so the kiosk's new venv can install from the stick
"$PYTHON" -m pip download --only-binary=:all: --dest "$OUT/wheels" --no-deps \
  --python-version "$PYVER" --platform any pip

# 3. The application itself: the checkout's files that git does not ignore (assets included).
if git -C "$ROOT" rev-parse >/dev/null 2>&1; then
  (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
    | "$PYTHON" -c 'import os,sys; sys.stdout.write("".join(f+"\0" for f in sys.stdin.read().split("\0") if f and os.path.isfile(f)))' \
    | tar --null -T - -cf -) | tar -xf - -C "$OUT/app"
else
  tar -C "$ROOT" --exclude=.venv --exclude=dist --exclude=.git -cf - . | tar -xf - -C "$OUT/app"
fi
echo "$VERSION $COMMIT" > "$OUT/app/VERSION"

cp "$ROOT/scripts/offline-install.sh" "$OUT/install.sh"
chmod +x "$OUT/install.sh"
(cd "$OUT" && find wheels app requirements.txt install.sh -type f -print0 | sort -z \
  | xargs -0 sha256sum > SHA256SUMS)
echo "offline bundle ready: $OUT ($(du -sh "$OUT" | cut -f1)); copy the folder to a USB stick"
