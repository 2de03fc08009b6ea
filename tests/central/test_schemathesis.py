"""Schemathesis against the central's own OpenAPI document, over a real loopback server.

Every operation is called with generated parameters and bodies, authenticated as a registered
kiosk, and each answer must be no 5xx, a documented status code, and a body matching its schema.
Bounded and derandomized so it is repeatable and takes seconds on two cores.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kiosk.central.api.app import create_app
from kiosk.central.api.ratelimit import Limit, RateLimits
from kiosk.central.server import RunningCentral, start_in_thread
from kiosk.central.storage.applications import CentralStorage
from kiosk.wire.protocol import API_PREFIX
from tests.helpers.postgres import fresh_schema

OFFICE_PREFIX = f"{API_PREFIX}/office/"

# Schemathesis calls as fast as it can; the rate limits have their own tests (test_ratelimit.py).
UNLIMITED = RateLimits(health_per_ip=Limit(1e6, 1e6), kiosk=Limit(1e6, 1e6),
                       failed_auth_per_ip=Limit(1e6, 1e6))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory, central_backend: str
            ) -> Iterator[RunningCentral]:
    folder: Path = tmp_path_factory.mktemp("central")
    with ExitStack() as stack:
        dsn = stack.enter_context(fresh_schema()) if central_backend == "postgresql" else None
        yield stack.enter_context(start_in_thread(folder, rate_limits=UNLIMITED, dsn=dsn))


@pytest.fixture(scope="module")
def headers(central: RunningCentral) -> dict[str, dict[str, str]]:
    """Kiosk credentials for the sync routes, an operator's for the office routes."""
    kiosk = central.storage.add_kiosk("hall-01")
    operator = central.storage.add_operator("clerk-01")
    return {"kiosk": {"Authorization": f"Bearer {kiosk}", "X-Kiosk-Id": "hall-01"},
            "office": {"Authorization": f"Bearer {operator}", "X-Operator-Id": "clerk-01"}}


def _spec() -> dict[str, object]:
    # The document depends only on the code, so build it once at import from an app over a
    # throw-away in-memory database; the calls then go to the real server (base_url).
    storage = CentralStorage(Path(":memory:"))
    try:
        return create_app(storage).openapi()
    finally:
        storage.close()


schema = schemathesis.openapi.from_dict(_spec())


@schema.parametrize()
@settings(max_examples=40, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_its_contract(case: schemathesis.Case, central: RunningCentral,
                                           headers: dict[str, dict[str, str]]) -> None:
    who = "office" if case.path.startswith(OFFICE_PREFIX) else "kiosk"
    case.call_and_validate(base_url=central.url, headers=headers[who], timeout=30)
