"""Every central test runs twice: on SQLite (the embedded default) and on PostgreSQL.

The PostgreSQL run points $KIOSK_CENTRAL_DSN at a fresh schema, which `open_storage` and
`start_in_thread` honour, so the tests themselves do not change between back ends.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.central.server import DSN_ENV
from tests.helpers.postgres import fresh_schema, require_postgres


@pytest.fixture(scope="module", params=["sqlite", "postgresql"], autouse=True)
def central_backend(request: pytest.FixtureRequest) -> str:
    backend: str = request.param
    if backend == "postgresql":
        require_postgres()
    return backend


@pytest.fixture(autouse=True)
def central_database(central_backend: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(DSN_ENV, raising=False)
    if central_backend == "sqlite":
        yield
        return
    with fresh_schema() as dsn:
        monkeypatch.setenv(DSN_ENV, dsn)
        yield


@pytest.fixture
def sqlite_only(central_backend: str) -> None:
    if central_backend != "sqlite":
        pytest.skip("about the SQLite file itself")
