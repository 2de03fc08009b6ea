"""Rate limits: token buckets on an injected clock (no sleeps), and the 429s the central sends."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiosk.central.api.ratelimit import Limit, RateLimits, TokenBuckets, retry_after_header
from kiosk.central.server import start_in_thread
from kiosk.central.storage.applications import CentralStorage
from kiosk.sync.client import CentralClient, CentralUnavailable
from kiosk.wire.protocol import BATCH_PATH, HEALTH_PATH, STATUS_CHANGES_PATH
from tests.helpers.central_factories import FakeClock, app_client, auth, batch, make_item


def test_bucket_allows_the_burst_then_refills_at_the_rate() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(Limit(rate=2.0, burst=3.0), clock)
    assert [buckets.take("ip") for _ in range(3)] == [None, None, None]
    assert buckets.take("ip") == pytest.approx(0.5)
    assert buckets.take("other-ip") is None  # buckets are per key
    clock.advance(0.5)
    assert buckets.take("ip") is None
    assert buckets.take("ip") == pytest.approx(0.5)
    clock.advance(3600)
    assert [buckets.take("ip") for _ in range(4)][-1] is not None  # refills to burst, no more


def test_blocked_peeks_without_spending_and_a_backwards_clock_drains_nothing() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(Limit(rate=1.0, burst=1.0), clock)
    assert buckets.blocked("ip") is None
    assert buckets.blocked("ip") is None
    assert buckets.take("ip") is None
    assert buckets.blocked("ip") == pytest.approx(1.0)
    clock.advance(-50)
    assert buckets.blocked("ip") == pytest.approx(1.0)


def test_keys_are_bounded_dropping_the_least_recently_used() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(Limit(rate=1.0, burst=1.0), clock, max_keys=2)
    buckets.take("a")
    buckets.take("b")
    buckets.take("c")  # evicts "a", the least recently used
    assert buckets.take("a") is None
    assert buckets.take("c") is not None


def test_buckets_are_thread_safe() -> None:
    buckets = TokenBuckets(Limit(rate=1e-9, burst=1000.0), FakeClock())
    allowed: list[int] = []
    lock = threading.Lock()

    def spend() -> None:
        mine = sum(buckets.take("k") is None for _ in range(500))
        with lock:
            allowed.append(mine)

    threads = [threading.Thread(target=spend) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(allowed) == 1000  # exactly the burst, never more, under contention


def test_retry_after_is_whole_seconds_rounded_up() -> None:
    assert [retry_after_header(s) for s in (0.0, 0.2, 1.0, 5.01)] == ["1", "1", "1", "6"]


def test_limits_must_make_sense() -> None:
    with pytest.raises(ValueError, match="rate"):
        Limit(rate=0, burst=5)


def test_health_is_limited_per_address_with_429_retry_after_and_server_time(
        tmp_path: Path) -> None:
    clock = FakeClock()
    with app_client(tmp_path, clock=clock) as (client, _):
        codes = [client.get(HEALTH_PATH).status_code for _ in range(21)]
        assert codes == [200] * 20 + [429]  # the default burst is 20
        refused = client.get(HEALTH_PATH)
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "1"
        assert set(refused.json()) == {"detail", "server_time"}
        clock.advance(0.2)  # 5 per second: one token back
        assert client.get(HEALTH_PATH).status_code == 200


def test_a_normal_kiosk_never_meets_the_limits(tmp_path: Path) -> None:
    clock = FakeClock()
    with app_client(tmp_path, clock=clock) as (client, storage):
        headers = auth("hall-01", storage.add_kiosk("hall-01"))
        # Ten simulated minutes of a kiosk probing health every second and syncing every 5 s
        # (a batch, then the status-change pull), plus a catch-up burst after an outage.
        for second in range(600):
            assert client.get(HEALTH_PATH).status_code == 200
            if second % 5 == 0:
                body = batch("hall-01", make_item())
                assert client.post(BATCH_PATH, json=body, headers=headers).status_code == 200
                assert client.get(STATUS_CHANGES_PATH, headers=headers).status_code == 200
            clock.advance(1.0)
        for _ in range(25):
            body = batch("hall-01", make_item())
            assert client.post(BATCH_PATH, json=body, headers=headers).status_code == 200


def test_each_kiosk_has_its_own_budget(tmp_path: Path) -> None:
    clock = FakeClock()
    limits = RateLimits(kiosk=Limit(rate=10.0, burst=30.0))
    with app_client(tmp_path, clock=clock, rate_limits=limits) as (client, storage):
        busy = auth("hall-01", storage.add_kiosk("hall-01"))
        calm = auth("hall-02", storage.add_kiosk("hall-02"))
        codes = [client.get(STATUS_CHANGES_PATH, headers=busy).status_code for _ in range(31)]
        assert codes == [200] * 30 + [429]
        refused = client.post(BATCH_PATH, json=batch("hall-01", make_item()), headers=busy)
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "1"
        assert storage.count_applications() == 0  # refused before anything was stored
        assert client.get(STATUS_CHANGES_PATH, headers=calm).status_code == 200
        clock.advance(0.1)
        assert client.get(STATUS_CHANGES_PATH, headers=busy).status_code == 200


def test_failed_authentications_are_limited_per_address(tmp_path: Path) -> None:
    clock = FakeClock()
    with app_client(tmp_path, clock=clock) as (client, storage):
        good = auth("hall-01", storage.add_kiosk("hall-01"))
        wrong = {**good, "Authorization": "Bearer tk_guess"}
        codes = [client.get(STATUS_CHANGES_PATH, headers=wrong).status_code for _ in range(11)]
        assert codes == [401] * 10 + [429]  # 10 per minute
        # Once blocked, even the right token is not looked at: guessing cannot go on.
        blocked = client.get(STATUS_CHANGES_PATH, headers=good)
        assert blocked.status_code == 429
        assert blocked.headers["Retry-After"] == "6"  # one failure back every 6 s
        assert "server_time" in blocked.json()
        clock.advance(6.0)
        assert client.get(STATUS_CHANGES_PATH, headers=good).status_code == 200
        # Successes spend nothing from the failure budget.
        for _ in range(20):
            assert client.get(STATUS_CHANGES_PATH, headers=good).status_code == 200


def test_the_kiosk_client_treats_429_as_retry_later(tmp_path: Path) -> None:
    # A real server and the real client; 0.5/s with a burst of 1 means the second push, made
    # well within a second of the first, must wait ceil(~2 s) = 2 s whatever the exact timing.
    limits = RateLimits(kiosk=Limit(rate=0.5, burst=1.0))
    with start_in_thread(tmp_path, rate_limits=limits) as central:
        token = central.storage.add_kiosk("hall-01")
        with CentralClient(central.url, "hall-01", token) as kiosk:
            kiosk.push([make_item()])
            with pytest.raises(CentralUnavailable, match="HTTP 429") as caught:
                kiosk.push([make_item()])
        assert central.storage.count_applications() == 1
    assert caught.value.retry_after == 2.0


def test_storage_is_untouched_by_refused_requests(tmp_path: Path) -> None:
    limits = RateLimits(failed_auth_per_ip=Limit(rate=1 / 60, burst=1.0))
    with app_client(tmp_path, clock=FakeClock(), rate_limits=limits) as (client, storage):
        client.post(BATCH_PATH, json=batch("hall-01", make_item()),
                    headers=auth("hall-01", "tk_wrong"))
        assert client.post(BATCH_PATH, json=batch("hall-01", make_item()),
                           headers=auth("hall-01", "tk_wrong")).status_code == 429
        assert isinstance(storage, CentralStorage)
        assert storage.count_applications() == 0
