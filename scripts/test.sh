#!/usr/bin/env bash
# Installs what is missing, then runs the whole test suite (offscreen Qt, real central on loopback,
# real SQLite files, real espeak-ng). Extra arguments go to pytest. Exit status is pytest's.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bootstrap.sh
source "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
echo "== ruff"
"$VENV/bin/ruff" check kiosk tests
echo "== mypy"
"$VENV/bin/mypy" kiosk
echo "== pytest"
exec "$VENV/bin/python" -m pytest -p no:cacheprovider "$@"
