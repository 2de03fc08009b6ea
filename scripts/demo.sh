#!/usr/bin/env bash
# Installs what is missing, then starts the demo: a reference central on loopback and the kiosk.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bootstrap.sh
source "$ROOT/scripts/bootstrap.sh"
exec "$VENV/bin/kiosk" demo "$@"
