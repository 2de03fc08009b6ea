#!/usr/bin/env bash
# Installs what Township Kiosk needs, and only what is missing, so running it twice is cheap.
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run on its own.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${KIOSK_VENV:-$ROOT/.venv}"
EXTRAS="${KIOSK_EXTRAS:-dev}"

# Debian packages: speech (espeak-ng + ALSA tools), Chinese fonts, libusb for USB receipt
# printers, the libraries Qt's xcb
# platform plugin loads at start-up, Xvfb for screenshots and tests without a screen (xdotool
# types real key events into it, e.g. a scanner's burst on 查进度), and
# poppler-utils (pdftotext, pdftoppm) to check the PDF receipts in tests; PostgreSQL (Debian 12:
# version 15) for the central's tests on its PostgreSQL back end (scripts/test-postgres.sh).
APT_PACKAGES=(
  espeak-ng alsa-utils libespeak-ng1 fonts-noto-cjk libusb-1.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0
  libxkbcommon0 libegl1 libgl1 libfontconfig1 libdbus-1-3
  xvfb xauth xdotool poppler-utils
  postgresql
  libzinnia0 tegaki-zinnia-simplified-chinese  # handwriting: Zinnia and its Simplified Chinese model, offline
)

missing_apt() {
  local pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_apt() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "kiosk setup: not a Debian/Ubuntu system; install espeak-ng, Noto CJK fonts and Qt's xcb libraries by hand." >&2
    return 0
  fi
  local missing
  missing="$(missing_apt | tr '\n' ' ')"
  [ -z "${missing// /}" ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "kiosk setup: installing Debian packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
  else
    echo "kiosk setup: these Debian packages are missing. Please run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y $missing" >&2
    echo "kiosk setup: continuing; speech, Chinese text or the screen may not work until then." >&2
  fi
}

find_python() {
  local py
  for py in "${KIOSK_PYTHON:-}" python3 python3.13 python3.12 python3.11; do
    [ -n "$py" ] || continue
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  echo "kiosk setup: Python 3.11 or newer is needed (apt-get install python3 python3-venv)." >&2
  return 1
}

install_python_deps() {
  local py stamp
  py="$(find_python)"
  if [ ! -x "$VENV/bin/python" ]; then
    echo "kiosk setup: creating virtual environment in $VENV"
    "$py" -m venv "$VENV" || {
      echo "kiosk setup: could not create a venv; on Debian run: apt-get install python3-venv" >&2; return 1; }
  fi
  # Reinstall only when pyproject.toml changed since the last successful install.
  stamp="$VENV/.kiosk-installed-$EXTRAS"
  if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
    echo "kiosk setup: installing Python packages"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e "$ROOT[$EXTRAS]"
    touch "$stamp"
  fi
}

install_apt
install_python_deps
