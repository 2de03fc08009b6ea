"""`kiosk central loadsim`: N kiosks reconnecting at once after an outage, against a real central.

Each simulated kiosk is an asyncio task with its own queue of valid applications (sample answers
from the shipped catalog), speaking the real protocol over httpx. Like a real kiosk it notices the
central within one probe interval (a uniform delay, the probe's phase), sends its queue oldest
first in batches, honours Retry-After on 429/503 and otherwise backs off with the kiosks' own full
jitter (kiosk/wire/backoff.py). The central runs in its own processes (`kiosk central serve
--workers W`, SQLite or PostgreSQL), so the simulator never shares a GIL with it. Afterwards the
database is counted: every application must be stored exactly once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import random
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from kiosk.wire.backoff import Backoff
from kiosk.wire.protocol import BATCH_PATH, KIOSK_ID_HEADER, PROTOCOL_VERSION

KIOSK_PREFIX = "loadsim-"


@dataclass(frozen=True)
class LoadConfig:
    kiosks: int = 500
    queue: int = 20              # applications waiting on each kiosk
    batch: int = 50              # the kiosk engine's batch size
    probe_interval: float = 1.0  # a kiosk notices the central within this many seconds
    backoff_base: float = 2.0    # first retry within [0, base] s, doubling, capped at 5 min
    timeout: float = 60.0        # per request, like the kiosk's read timeout
    seed: int = 1


@dataclass
class KioskLog:
    latencies: list[float] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    undelivered: int = 0


@dataclass
class LoadReport:
    backend: str
    workers: int
    config: dict[str, Any]
    applications: int
    duration_s: float
    throughput_per_s: float
    requests: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    accepted: int
    duplicate: int
    rejected: int
    undelivered: int
    errors: dict[str, int]
    stored: int
    exactly_once: bool
    requests_per_second: list[int]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sample_payloads(count: int, rng: random.Random) -> list[dict[str, Any]]:
    """`count` valid applications for the shipped catalog, as they travel on the wire."""
    from kiosk.domain.catalog import load_catalog
    from kiosk.domain.samples import sample_answers
    from kiosk.domain.tracking import check_digit

    catalog = load_catalog()
    services = list(catalog.services)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
    items = []
    for _ in range(count):
        service = rng.choice(services)
        digits = "".join(rng.choice("0123456789") for _ in range(11))
        items.append({
            # Fresh ids every run: a reused database (PostgreSQL) must not see a rerun's
            # applications as changed copies of the last run's (they would be rejected).
            "id": str(uuid.uuid4()),
            "tracking_number": digits + check_digit(digits), "service_id": service.id,
            "catalog_version": catalog.version, "created_at": now, "language": "zh_CN",
            "answers": sample_answers(service),
            "consent": {"accepted_at": now, "service": service.id}})
    return items


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.isdigit() else None


async def _kiosk(client: httpx.AsyncClient, kiosk_id: str, token: str,
                 queue: list[dict[str, Any]], config: LoadConfig, rng: random.Random,
                 t0: float, log: KioskLog) -> None:
    headers = {"Authorization": f"Bearer {token}", KIOSK_ID_HEADER: kiosk_id}
    backoff = Backoff(base=config.backoff_base, uniform=rng.uniform)
    await asyncio.sleep(rng.uniform(0.0, config.probe_interval))
    while queue:
        batch = queue[:config.batch]
        body = {"protocol": PROTOCOL_VERSION, "kiosk_id": kiosk_id, "items": batch}
        started = time.perf_counter()
        log.starts.append(started - t0)
        try:
            response = await client.post(BATCH_PATH, json=body, headers=headers)
        except httpx.TransportError as exc:
            log.errors[f"network: {type(exc).__name__}"] += 1
            await asyncio.sleep(backoff.next_delay())
            continue
        log.latencies.append(time.perf_counter() - started)
        if response.status_code == 200:
            for result in response.json()["results"]:
                log.statuses[result["status"]] += 1
            queue = queue[len(batch):]
            backoff.reset()
            continue
        log.errors[f"HTTP {response.status_code}"] += 1
        if response.status_code in (429, 503) or response.status_code >= 500:
            delay = backoff.next_delay()
            told = _retry_after(response)
            await asyncio.sleep(max(delay, told) if told else delay)
            continue
        log.undelivered += len(queue)  # 401, 413…: a real kiosk stops and tells the technician
        return


async def simulate(url: str, credentials: list[tuple[str, str]], config: LoadConfig
                   ) -> tuple[KioskLog, float]:
    """Run every kiosk to the end of its queue; the merged log and the wall time."""
    rng = random.Random(config.seed)  # noqa: S311 - reproducible simulation, not secrets
    queues = [sample_payloads(config.queue, rng) for _ in credentials]
    logs = [KioskLog() for _ in credentials]
    limits = httpx.Limits(max_connections=len(credentials) + 10,
                          max_keepalive_connections=len(credentials) + 10)
    async with httpx.AsyncClient(base_url=url, timeout=config.timeout, limits=limits) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*[
            _kiosk(client, kiosk_id, token, queue, config, random.Random(rng.random()), t0,  # noqa: S311
                   log)
            for (kiosk_id, token), queue, log in zip(credentials, queues, logs, strict=True)])
        duration = time.perf_counter() - t0
    merged = KioskLog()
    for log in logs:
        merged.latencies += log.latencies
        merged.starts += log.starts
        merged.statuses.update(log.statuses)
        merged.errors.update(log.errors)
        merged.undelivered += log.undelivered
    return merged, duration


def _percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not ordered:
        return 0.0
    return ordered[max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))]


def build_report(log: KioskLog, duration: float, config: LoadConfig, backend: str,
                 workers: int, stored: int) -> LoadReport:
    total = config.kiosks * config.queue
    per_second = [0] * (int(max(log.starts, default=0.0)) + 1)
    for start in log.starts:
        per_second[int(start)] += 1
    ms = sorted(latency * 1000 for latency in log.latencies)
    accepted = log.statuses["accepted"]
    return LoadReport(
        backend=backend, workers=workers, config=asdict(config), applications=total,
        duration_s=round(duration, 3), throughput_per_s=round(accepted / duration, 1)
        if duration else 0.0, requests=len(log.starts),
        p50_ms=round(_percentile(ms, 50), 1), p99_ms=round(_percentile(ms, 99), 1),
        max_ms=round(ms[-1], 1) if ms else 0.0, accepted=accepted,
        duplicate=log.statuses["duplicate"], rejected=log.statuses["rejected"],
        undelivered=log.undelivered, errors=dict(log.errors), stored=stored,
        exactly_once=stored == total == accepted, requests_per_second=per_second)


def render(report: LoadReport) -> str:
    """The report as text, with the request rate over time as a histogram."""
    lines = [
        f"{report.backend}, {report.workers} worker(s): {report.config['kiosks']} kiosks × "
        f"{report.config['queue']} applications (batches of {report.config['batch']})",
        f"  delivered {report.accepted}/{report.applications} in {report.duration_s:.2f} s: "
        f"{report.throughput_per_s:.0f} applications/s over {report.requests} requests",
        f"  batch latency p50 {report.p50_ms:.0f} ms, p99 {report.p99_ms:.0f} ms, "
        f"max {report.max_ms:.0f} ms",
        f"  duplicates {report.duplicate}, rejected {report.rejected}, undelivered "
        f"{report.undelivered}, errors {report.errors or 'none'}",
        f"  stored {report.stored}: exactly once {'yes' if report.exactly_once else 'NO'}",
        "  requests started per second:"]
    peak = max(report.requests_per_second, default=0) or 1
    for second, count in enumerate(report.requests_per_second):
        lines.append(f"  {second:>4}s {count:>6} {'#' * round(40 * count / peak)}")
    return "\n".join(lines)
