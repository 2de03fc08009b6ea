"""Throwaway PostgreSQL schemas for the central's tests.

scripts/test.sh starts a PostgreSQL cluster and exports KIOSK_TEST_PG_DSN and
KIOSK_TEST_PG_REQUIRED=1; without the DSN the PostgreSQL runs skip (locally) or fail (when
required, as in CI). Each test gets a schema of its own, named in the DSN's search_path.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

PG_DSN = os.environ.get("KIOSK_TEST_PG_DSN", "")
PG_REQUIRED = os.environ.get("KIOSK_TEST_PG_REQUIRED") == "1"


def require_postgres() -> str:
    """The test cluster's DSN, or skip (fail when KIOSK_TEST_PG_REQUIRED=1)."""
    if not PG_DSN:
        message = ("no PostgreSQL for the central's tests: KIOSK_TEST_PG_DSN is unset "
                   "(scripts/test.sh starts a throwaway cluster and sets it)")
        if PG_REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    return PG_DSN


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A DSN whose search_path is a new, empty schema, dropped afterwards."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    dsn = require_postgres()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield make_conninfo(dsn, options=f"-csearch_path={schema}")
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
