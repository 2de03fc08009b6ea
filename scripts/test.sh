#!/usr/bin/env bash
# Installs what is missing, then runs the whole test suite (offscreen Qt, real central on loopback,
# real SQLite files, a throwaway PostgreSQL cluster, real espeak-ng). Extra arguments go to
# pytest. Exit status is pytest's.
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
# shellcheck source=test-postgres.sh
source "$ROOT/scripts/test-postgres.sh"
trap stop_test_postgres EXIT
start_test_postgres
echo "== pytest"
status=0
"$VENV/bin/python" -m pytest -p no:cacheprovider "$@" || status=$?
exit "$status"
