#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the central's test suite (Debian's postgresql package).
# Sourced by scripts/test.sh: `start_test_postgres` exports KIOSK_TEST_PG_DSN (and
# KIOSK_TEST_PG_REQUIRED=1, so the PostgreSQL tests fail rather than skip if it is empty);
# `stop_test_postgres` stops the cluster and deletes it. Nothing touches the system's own cluster.
#
# initdb and postgres refuse to run as root, so as root the cluster belongs to the `postgres`
# user (created by the Debian package) and every pg command runs through runuser.

KIOSK_PG_DIR=""

_pg_bindir() {
  local dir
  # Newest installed major version first (Debian installs them side by side).
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  command -v pg_ctl >/dev/null 2>&1 && dirname "$(command -v pg_ctl)" && return 0
  return 1
}

_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_pg_free_port() {
  "${VENV:-.venv}/bin/python" - <<'EOF'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
EOF
}

start_test_postgres() {
  export KIOSK_TEST_PG_REQUIRED=1
  if [ -n "${KIOSK_TEST_PG_DSN:-}" ]; then
    echo "== postgresql: using KIOSK_TEST_PG_DSN from the environment"
    return 0
  fi
  local bindir port
  if ! bindir="$(_pg_bindir)"; then
    echo "== postgresql: not installed; the PostgreSQL tests will fail" >&2
    return 0
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "== postgresql: running as root but there is no 'postgres' user; the PostgreSQL tests will fail" >&2
    return 0
  fi
  KIOSK_PG_DIR="$(mktemp -d /tmp/kiosk-test-pg.XXXXXX)"
  chmod 755 "$KIOSK_PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$KIOSK_PG_DIR"
  port="$(_pg_free_port)"
  if _pg_as_owner "$bindir/initdb" -D "$KIOSK_PG_DIR/data" -U kiosk --auth=trust \
        -E UTF8 --locale=C.UTF-8 >"$KIOSK_PG_DIR/initdb.log" 2>&1 \
     && _pg_as_owner "$bindir/pg_ctl" -D "$KIOSK_PG_DIR/data" -l "$KIOSK_PG_DIR/server.log" -w \
        -t 60 -o "-c listen_addresses=127.0.0.1 -p $port -k $KIOSK_PG_DIR -c fsync=off -c max_connections=200" \
        start >/dev/null; then
    export KIOSK_TEST_PG_DSN="postgresql://kiosk@127.0.0.1:$port/postgres"
    echo "== postgresql: throwaway cluster on 127.0.0.1:$port ($("$bindir/postgres" --version))"
  else
    echo "== postgresql: could not start a cluster; the PostgreSQL tests will fail" >&2
    cat "$KIOSK_PG_DIR"/*.log >&2 || true
  fi
}

stop_test_postgres() {
  [ -n "$KIOSK_PG_DIR" ] || return 0
  local bindir
  bindir="$(_pg_bindir)" && _pg_as_owner "$bindir/pg_ctl" -D "$KIOSK_PG_DIR/data" -m immediate \
    stop >/dev/null 2>&1 || true
  rm -rf "$KIOSK_PG_DIR"
  KIOSK_PG_DIR=""
}
