"""Shared builders for the central's tests: a valid application and an in-process app client."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from kiosk.central.api.app import create_app
from kiosk.central.api.ratelimit import Clock, RateLimits
from kiosk.central.server import open_storage
from kiosk.central.storage.applications import CentralStorage
from kiosk.wire.protocol import ApplicationPayload


def make_item(**overrides: object) -> ApplicationPayload:
    fields: dict[str, object] = {
        "id": str(uuid.uuid4()), "tracking_number": "482913570164", "service_id": "residence",
        "catalog_version": "2024.1", "created_at": "2024-05-01T08:00:00+08:00",
        "language": "zh_CN", "answers": {"name": "王小明", "age": 41},
        "consent": {"accepted_at": "2024-05-01T08:00:00+00:00", "service": "residence"},
    }
    fields.update(overrides)
    return ApplicationPayload.model_validate(fields)


class FakeClock:
    """Monotonic seconds that move only when a test says so: rate limits without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@contextmanager
def app_client(folder: Path, *, rate_limits: RateLimits | None = None,
               clock: Clock | None = None) -> Iterator[tuple[TestClient, CentralStorage]]:
    """The central app in-process (no sockets), with its storage for setting up and checking."""
    storage = open_storage(folder)
    kwargs = {"clock": clock} if clock else {}
    app = create_app(storage, rate_limits=rate_limits, **kwargs)
    try:
        with TestClient(app) as client:
            yield client, storage
    finally:
        storage.close()


def auth(kiosk_id: str, token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "X-Kiosk-Id": kiosk_id}


def batch(kiosk_id: str, *items: ApplicationPayload | dict[str, object]) -> dict[str, object]:
    return {"protocol": 1, "kiosk_id": kiosk_id,
            "items": [i.model_dump() if isinstance(i, ApplicationPayload) else i for i in items]}
