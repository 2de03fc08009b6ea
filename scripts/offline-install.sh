#!/usr/bin/env bash
# Install or upgrade Township Kiosk from an offline bundle (run from the USB stick, as the
# kiosk user, not root):   ./install.sh [--prefix ~/.local/share/township-kiosk-app] [--python python3]
#
# Nothing is downloaded. The data directory (applications, settings, keys, logs) is never moved
# or deleted: a copy of the database is made first, then the new version opens it, which runs
# the migrations (Store.open), then `kiosk status`, `kiosk catalog` and
# `kiosk doctor`'s machine checks verify it. The
# previous version stays beside the new one; `current` is switched only when all went well.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PREFIX="${KIOSK_PREFIX:-$HOME/.local/share/township-kiosk-app}"
PYTHON="${KIOSK_PYTHON:-python3}"
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX="$2"; shift 2 ;;
    --python) PYTHON="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

echo "== checking the bundle"
(cd "$HERE" && sha256sum --quiet -c SHA256SUMS) || {
  echo "the bundle is damaged (checksum mismatch); copy it to the stick again" >&2; exit 1; }
read -r VERSION COMMIT < "$HERE/app/VERSION"
TARGET="$PREFIX/versions/$VERSION-$COMMIT"

echo "== stopping the kiosk while it is replaced (if it runs as a service)"
if systemctl --user is-enabled kiosk-ui.service >/dev/null 2>&1; then
  systemctl --user stop kiosk-ui.service kiosk-sync.service || true
fi

echo "== installing $VERSION ($COMMIT) into $TARGET"
mkdir -p "$PREFIX/versions"
rm -rf "$TARGET.partial"
"$PYTHON" -m venv "$TARGET.partial/venv"
VPY="$TARGET.partial/venv/bin/python"
"$VPY" -m pip install --quiet --no-index --find-links "$HERE/wheels" --upgrade pip
"$VPY" -m pip install --quiet --no-index --find-links "$HERE/wheels" -r "$HERE/requirements.txt"
cp -a "$HERE/app" "$TARGET.partial/app"
# The app runs from its folder (assets/ sit beside the package): a .pth puts it on the path.
SITE="$("$VPY" -c 'import sysconfig;print(sysconfig.get_paths()["purelib"])')"
echo "$TARGET/app" > "$SITE/township_kiosk.pth"
rm -rf "$TARGET"
mv "$TARGET.partial" "$TARGET"
VPY="$TARGET/venv/bin/python"
kiosk() { "$VPY" -P -m kiosk "$@"; }  # -P: never a kiosk/ folder from the current directory

DATA="$("$VPY" -P -c 'from kiosk.paths import resolve_data_dir; print(resolve_data_dir())')"
echo "== data directory: $DATA (kept as it is)"
if [ -f "$DATA/kiosk.sqlite3" ]; then
  mkdir -p "$DATA/backups"
  BACKUP="$DATA/backups/kiosk-before-$VERSION-$(date +%Y%m%dT%H%M%S).sqlite3"
  "$VPY" - "$DATA/kiosk.sqlite3" "$BACKUP" <<'PY'
import sqlite3, sys
src, dst = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with dst:
    src.backup(dst)
PY
  chmod 600 "$BACKUP"
  echo "   database copied to $BACKUP"
fi

echo "== migrating and verifying with the new version"
kiosk status >/dev/null          # opens the store: runs the pending migrations
kiosk catalog >/dev/null          # the shipped catalog loads
{ kiosk doctor --json || true; } | "$VPY" -c 'import json,sys; r=json.load(sys.stdin); [print("  ", c["verdict"], c["check"], "-", c["message"]) for c in r["machine"]]'

ln -sfn "$TARGET" "$PREFIX/current.new" && mv -T "$PREFIX/current.new" "$PREFIX/current"
mkdir -p "$HOME/.local/bin"
cat > "$HOME/.local/bin/kiosk" <<SH
#!/bin/sh
exec "$PREFIX/current/venv/bin/python" -P -m kiosk "\$@"
SH
chmod +x "$HOME/.local/bin/kiosk"

echo "== autostart"
"$PREFIX/current/venv/bin/python" -P -m kiosk install-service
echo "done: Township Kiosk $VERSION. The previous versions stay in $PREFIX/versions;"
echo "to go back, point $PREFIX/current at one and run \`kiosk install-service\` again."
