"""Test connection: the central checked step by step, each with a verdict in plain words.

address → network → TLS → credentials → sending → clock. Each step runs only if the ones before
it passed, so the first failure is the one to fix. Shared by `kiosk doctor` and the technician
panel. "sending" posts an empty batch padded to SENDING_CHECK_BYTES: a proxy on the way that
refuses request bodies (HTTP 413) passes every GET, so only a POST finds it.
"""

from __future__ import annotations

import datetime as dt
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kiosk.errors import SyncError
from kiosk.settings import Settings
from kiosk.verdict import Verdict

if TYPE_CHECKING:  # httpx loads when a diagnosis runs, not with the technician panel's code
    from kiosk.sync.client import CentralClient

MAX_CLOCK_SKEW_SECONDS = 300.0
SENDING_CHECK_BYTES = 64 * 1024  # a batch of several dozen applications; cheap on a slow link


@dataclass(frozen=True)
class StepResult:
    step: str       # address | network | tls | credentials | clock
    verdict: Verdict
    message: str    # what was found and, when it failed, what to do


@dataclass(frozen=True)
class Diagnosis:
    steps: tuple[StepResult, ...]

    @property
    def ok(self) -> bool:
        return all(s.verdict in (Verdict.PASS, Verdict.WARN) for s in self.steps)


STEPS = ("address", "network", "tls", "credentials", "sending", "clock")


def diagnose(settings: Settings, timeout: float = 5.0,
             client_factory: Callable[[Settings], CentralClient] | None = None) -> Diagnosis:
    results: list[StepResult] = []
    url = settings.get("central.url")
    parts = urlsplit(url) if url else None

    def finish() -> Diagnosis:
        done = {r.step for r in results}
        skipped = [StepResult(s, Verdict.SKIPPED, "not checked: fix the step above first")
                   for s in STEPS if s not in done]
        return Diagnosis(tuple(results + skipped))

    # 1. address
    if not url or parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        results.append(StepResult("address", Verdict.FAIL,
                                  "the central's address is not set or not valid; set it with "
                                  "`kiosk config set central.url https://…`"))
        return finish()
    if not settings.get("central.kiosk_id") or not settings.get("central.token"):
        results.append(StepResult("address", Verdict.FAIL,
                                  "the kiosk id or token is missing; run `kiosk central "
                                  "add-kiosk` at the central and set both here"))
        return finish()
    host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    results.append(StepResult("address", Verdict.PASS, f"{url} (host {host}, port {port})"))

    # 2. network
    try:
        socket.getaddrinfo(host, port)
    except OSError:
        results.append(StepResult("network", Verdict.FAIL, f"the name {host} cannot be looked "
                                  "up (DNS); check the address and the network cable or Wi-Fi"))
        return finish()
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except ConnectionRefusedError:
        results.append(StepResult("network", Verdict.FAIL, f"{host} answered but nothing listens "
                                  f"on port {port}: is the central server running?"))
        return finish()
    except OSError as exc:
        results.append(StepResult("network", Verdict.FAIL, f"cannot reach {host}:{port} "
                                  f"({exc.strerror or 'timed out'}); check the network"))
        return finish()
    results.append(StepResult("network", Verdict.PASS, f"{host}:{port} is reachable"))

    # 3. TLS
    if parts.scheme == "http":
        results.append(StepResult("tls", Verdict.WARN, "not encrypted (http): acceptable on the "
                                  "hall's own network only; use https across the internet"))
    else:
        ca_bundle = settings.get("central.ca_bundle") or None
        try:
            context = ssl.create_default_context(cafile=ca_bundle)
            with socket.create_connection((host, port), timeout=timeout) as raw, \
                    context.wrap_socket(raw, server_hostname=host) as tls:
                version = tls.version()
        except ssl.SSLCertVerificationError as exc:
            results.append(StepResult("tls", Verdict.FAIL, "the central's certificate is not "
                                      f"trusted ({exc.verify_message}); set central.ca_bundle "
                                      "to the county's CA file"))
            return finish()
        except (ssl.SSLError, OSError) as exc:
            results.append(StepResult("tls", Verdict.FAIL, f"secure connection failed: {exc}"))
            return finish()
        results.append(StepResult("tls", Verdict.PASS, f"certificate trusted ({version})"))

    # 4. credentials and 5. clock, through the real protocol
    from kiosk.sync.client import CredentialsRejected

    factory = client_factory or _client
    with factory(settings) as client:
        try:
            answer = client.status_changes("0")
        except CredentialsRejected:
            results.append(StepResult("credentials", Verdict.FAIL, "the central does not accept "
                                      "this kiosk id and token; check them, or issue a new "
                                      "token with `kiosk central add-kiosk`"))
            return finish()
        except SyncError as exc:
            results.append(StepResult("credentials", Verdict.FAIL, str(exc)))
            return finish()
        results.append(StepResult("credentials", Verdict.PASS,
                                  f"accepted as kiosk {settings.get('central.kiosk_id')}"))
        results.append(_sending_step(client))
    if results[-1].verdict is Verdict.FAIL:
        return finish()
    results.append(_clock_step(answer.server_time))
    return finish()


def _sending_step(client: CentralClient) -> StepResult:
    from kiosk.sync.client import BatchTooLarge
    from kiosk.sync.too_large import refusal_of_one

    try:
        client.check_sending(SENDING_CHECK_BYTES)
    except BatchTooLarge as exc:
        refused = refusal_of_one(exc, f"the central at {client.base_url}", "test batch")
        return StepResult("sending", Verdict.FAIL, str(refused or exc))
    except SyncError as exc:
        return StepResult("sending", Verdict.FAIL, f"a test batch was not accepted: {exc}")
    return StepResult("sending", Verdict.PASS, f"the central accepts a test batch of "
                      f"{SENDING_CHECK_BYTES // 1024} KB")


def _clock_step(server_time: str) -> StepResult:
    try:
        central = dt.datetime.fromisoformat(server_time)
    except ValueError:
        return StepResult("clock", Verdict.WARN, "the central did not say its time")
    skew = (dt.datetime.now(dt.UTC) - central).total_seconds()
    if abs(skew) > MAX_CLOCK_SKEW_SECONDS:
        direction = "ahead of" if skew > 0 else "behind"
        return StepResult("clock", Verdict.FAIL, f"this kiosk's clock is {abs(skew) / 60:.0f} "
                          f"minutes {direction} the central's; set the date and time")
    return StepResult("clock", Verdict.PASS, f"clock agrees with the central ({skew:+.0f} s)")


def _client(settings: Settings) -> CentralClient:
    from kiosk.sync.client import CentralClient

    return CentralClient(settings.get("central.url"), settings.get("central.kiosk_id"),
                         settings.get("central.token"),
                         verify=settings.get("central.ca_bundle") or True, timeout=10.0)
