"""Item 3: draining a backlog to the reference central over loopback, against two baselines.

All three contestants send the same applications (copies of one queued kiosk database) to a
fresh central process each, with the central's rate limits lifted (see central_proc):
- ours: `SyncEngine.push_pending()` exactly as the sync thread runs it (claim, decrypt, build
  payloads, POST, record verdicts durably), at the kiosk's configured batch size;
- one per request: a client that POSTs each application on its own, as OpenRosa clients (ODK
  Collect, Enketo) submit one form per request; bodies serialized before the clock starts;
- bare batches: an httpx loop POSTing the same applications in batches of the protocol's
  maximum (500), already serialized: no kiosk-side work at all, the practical limit.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from kiosk.bench.central_proc import CentralProcess
from kiosk.bench.fixtures import cached_data_dir
from kiosk.bench.report import Item
from kiosk.paths import database_path
from kiosk.settings import Settings
from kiosk.store.store import Store
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import SyncEngine, sender_id, to_payload
from kiosk.wire.protocol import BATCH_PATH, KIOSK_ID_HEADER, MAX_BATCH_ITEMS, PROTOCOL_VERSION


@dataclass(frozen=True)
class Drain:
    sent: int
    accepted: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.accepted / self.seconds if self.seconds > 0 else 0.0


def configure(folder: Path, central: CentralProcess, token: str) -> Settings:
    settings = Settings.load(folder)
    settings.set("central.url", central.url)
    settings.set("central.kiosk_id", central.kiosk_id)
    settings.set("central.token", token)
    return settings


def drain_ours(folder: Path, central: CentralProcess) -> Drain:
    assert central.token is not None  # noqa: S101 - a fresh central always issues one
    settings = configure(folder, central, central.token)
    with Store.open(database_path(folder)) as store, \
            CentralClient(central.url, central.kiosk_id, central.token) as client:
        engine = SyncEngine(store, client, sender_id("engine"),
                            batch_size=settings.get("sync.batch_size"))
        queued = store.counts()["queued"]
        began = time.perf_counter()
        report = engine.push_pending()
        seconds = time.perf_counter() - began
        left = store.counts()["queued"]
    if left:
        raise RuntimeError(f"the sync engine left {left} application(s) queued")
    return Drain(queued, report.accepted, seconds)


def serialized_items(folder: Path) -> list[dict[str, object]]:
    """The queued applications as the wire's JSON items (decrypted once, before any clock)."""
    with Store.open(database_path(folder)) as store:
        apps = store.list_applications("queued", limit=10_000_000)
    return [to_payload(a).model_dump(mode="json") for a in apps]


def _bodies(kiosk_id: str, items: Sequence[dict[str, object]], size: int) -> list[bytes]:
    return [json.dumps({"protocol": PROTOCOL_VERSION, "kiosk_id": kiosk_id,
                        "items": list(items[i:i + size])}, ensure_ascii=False).encode("utf-8")
            for i in range(0, len(items), size)]


def drain_bare(central: CentralProcess, items: Sequence[dict[str, object]], size: int) -> Drain:
    """POST pre-serialized bodies of `size` items each over one keep-alive connection."""
    assert central.token is not None  # noqa: S101
    bodies = _bodies(central.kiosk_id, items, size)
    headers = {"Authorization": f"Bearer {central.token}", KIOSK_ID_HEADER: central.kiosk_id,
               "Content-Type": "application/json"}
    accepted = 0
    with httpx.Client(base_url=central.url, headers=headers, timeout=60) as client:
        began = time.perf_counter()
        for body in bodies:
            response = client.post(BATCH_PATH, content=body)
            response.raise_for_status()
            accepted += sum(1 for r in response.json()["results"] if r["status"] == "accepted")
        seconds = time.perf_counter() - began
    return Drain(len(items), accepted, seconds)


def throughput_items(work: Path, count: int, one_per_request_count: int) -> list[Item]:
    """Item 3. The one-per-request baseline may send fewer applications (`--quick`): it is
    measured as a rate, and at ~400/s 10,000 of them take half a minute."""
    template = work / "cache"
    results: dict[str, Drain] = {}
    items: list[dict[str, object]] = []
    for name in ("bare", "ours", "one"):
        folder = cached_data_dir(template, count, "queued", work / f"sync-{name}")
        central_dir = work / f"central-{name}"
        shutil.rmtree(central_dir, ignore_errors=True)
        with CentralProcess.start(central_dir) as central:
            if name == "ours":
                results[name] = drain_ours(folder, central)
                continue
            items = items or serialized_items(folder)
            if name == "bare":
                results[name] = drain_bare(central, items, MAX_BATCH_ITEMS)
            else:
                results[name] = drain_bare(central, items[:one_per_request_count], 1)
    for name, drain in results.items():
        if drain.accepted != drain.sent:
            raise RuntimeError(f"{name}: the central accepted {drain.accepted} of {drain.sent}")
    ours, bare, one = results["ours"], results["bare"], results["one"]
    batch = Settings.load(work / "sync-ours").get("sync.batch_size")
    how = f"{ours.sent:,} applications, batch size {batch}"
    return [
        Item("sync throughput vs one per request", ours.per_second, one.per_second, "apps/s",
             10.0, better="higher",
             note=f"{how}; baseline sent {one.sent:,} one per HTTP request (OpenRosa style)"),
        Item("sync throughput vs bare batch loop", ours.per_second, bare.per_second, "apps/s",
             0.5, better="higher", note="baseline: httpx loop, pre-serialized batches of 500"),
        Item("sync throughput", ours.per_second, None, "apps/s", 5000.0, budget_on="ours",
             better="higher", note=f"drained in {ours.seconds:.2f} s"),
    ]
