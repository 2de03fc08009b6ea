"""The kiosk's HTTP client for the central: the only module of the kiosk that talks HTTP.

Every failure leaves this module as one of four errors, each telling the caller what to do:

- `CentralUnavailable`: retry later (with backoff, or after `retry_after` seconds if the central
  said so); the network, the central or its answer was broken this time.
- `CredentialsRejected`: stop sending and tell the technician; retrying cannot help.
- `BatchTooLarge`: split the batch and send the halves. A single item refused although it is
  within the protocol's limit is not the item's fault: `PathRefused` (kiosk.sync.too_large).
- `CentralMisconfigured`: the configured address (or CA bundle) cannot work; tell the technician.

Messages are plain English for a technician and never contain residents' answers.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from kiosk.errors import SyncError
from kiosk.wire.backoff import parse_retry_after
from kiosk.wire.protocol import (
    ANNOUNCEMENTS_PATH,
    BATCH_PATH,
    CATALOG_PATH,
    CONSULTATION_RESULTS_PATH,
    HEALTH_PATH,
    KIOSK_ID_HEADER,
    PROTOCOL_VERSION,
    RATINGS_PATH,
    STATUS_CHANGES_PATH,
    VOTES_PATH,
    Announcements,
    ApplicationPayload,
    CatalogDocument,
    ConsultationResults,
    EncodedBatch,
    HealthInfo,
    PushResponse,
    RatingPayload,
    StatusChanges,
    VotePayload,
    encode_batch,
)

_USER_AGENT = f"township-kiosk sync-protocol/{PROTOCOL_VERSION}"
_Model = TypeVar("_Model", bound=BaseModel)


class CentralUnavailable(SyncError):
    """Retryable: the central could not be reached or did not answer properly this time."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class CredentialsRejected(SyncError):
    """The central refused this kiosk's id or token (401/403): stop and call the technician."""


class BatchTooLarge(SyncError):
    """A 413 for a batch: send it again in smaller batches.

    `sent_bytes` is the size of the refused body; `from_central` says whether the answer was the
    central's own (a JSON ErrorBody: `detail` and `server_time`) or something else's on the way,
    such as a reverse proxy's HTML page.
    """

    def __init__(self, message: str, *, sent_bytes: int = 0, from_central: bool = True) -> None:
        super().__init__(message)
        self.sent_bytes, self.from_central = sent_bytes, from_central


class PathRefused(CentralUnavailable):
    """A 413 the protocol's limits cannot explain: one item well within MAX_BODY_BYTES refused.

    Something on the way (a reverse proxy's body size limit, a firewall) or the central's own
    set-up refuses what the protocol allows, so the records are fine: they stay queued and the
    sender backs off until the path lets them through (docs/protocol.md, "413").
    """


class CentralMisconfigured(SyncError):
    """The central's address or TLS settings cannot work: needs the technician."""


class ProtocolMismatch(CentralMisconfigured):
    """The central speaks another protocol version or refuses our requests as malformed."""


def _redact(url: str) -> str:
    """The URL as shown in messages: without user:password@ if someone put credentials in it."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return url
    return str(parsed.copy_with(username=None, password=None)) if parsed.userinfo else url


def _check_url(base_url: str) -> httpx.URL:
    shown = _redact(base_url)
    try:
        url = httpx.URL(base_url.strip())
    except (httpx.InvalidURL, TypeError) as exc:
        raise CentralMisconfigured(f"the central address {shown!r} is not a valid URL: {exc}")\
            from None
    if url.scheme not in ("http", "https"):
        what = f"scheme {url.scheme!r}" if url.scheme else "no scheme"
        raise CentralMisconfigured(
            f"the central address {shown!r} has {what}; it must start with https:// or http://")
    if not url.host:
        raise CentralMisconfigured(f"the central address {shown!r} has no host name")
    return url


def _ssl_verify(verify: bool | str) -> bool | ssl.SSLContext:
    if isinstance(verify, bool):
        return verify
    if not Path(verify).is_file():
        raise CentralMisconfigured(f"the TLS CA bundle {verify} does not exist")
    try:
        return ssl.create_default_context(cafile=verify)
    except (ssl.SSLError, OSError) as exc:
        raise CentralMisconfigured(
            f"the TLS CA bundle {verify} is not a usable certificate file: {exc}") from None


def _root_causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in chain:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    return chain


def _why_unreachable(exc: httpx.TransportError) -> str:
    """Name the failure the way a technician would check it: DNS, refused, TLS, timeout, reset."""
    chain = _root_causes(exc)
    for cause in chain:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"its TLS certificate was not accepted ({cause.verify_message})"
        if isinstance(cause, socket.gaierror):
            return "the host name could not be resolved (DNS)"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, ConnectionResetError | BrokenPipeError):
            return "the connection was reset"
    text = " ".join(str(cause) for cause in chain).lower()
    if isinstance(exc, httpx.ConnectTimeout):
        return "timed out while connecting"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out waiting for the answer"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection closed before the answer was complete"
    if isinstance(exc, httpx.ProxyError):
        return "the network proxy failed"
    if "refused" in text:
        return "connection refused"
    if "name or service" in text or "nodename" in text or "getaddrinfo" in text:
        return "the host name could not be resolved (DNS)"
    if "ssl" in text or "certificate" in text:
        return "the TLS handshake failed"
    if "reset" in text:
        return "the connection was reset"
    return f"network error ({type(exc).__name__})"


def _is_central_error(response: httpx.Response) -> bool:
    """True for the central's own error body (ErrorBody); a proxy's page is not one."""
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and isinstance(body.get("detail"), str) \
        and isinstance(body.get("server_time"), str)


def _detail(response: httpx.Response) -> str:
    """The central's own explanation, if it gave one (our central never echoes answers)."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return ""
    return f": {detail[:200]}" if isinstance(detail, str) and detail else ""


class CentralClient:
    """Talks sync protocol v1 to one central on behalf of one kiosk.

    An unusable address or CA bundle does not fail construction (settings may be fixed later
    without restarting); it makes `push` and `health` raise CentralMisconfigured and `probe`
    return False.
    """

    def __init__(self, base_url: str, kiosk_id: str, token: str, *, verify: bool | str = True,
                 timeout: float = 30.0, transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = _redact(base_url)
        self.kiosk_id = kiosk_id
        self._token = token
        self._client: httpx.Client | None = None
        self._timeout = timeout
        self._config_error: CentralMisconfigured | None = None
        try:
            url = _check_url(base_url)
            self._client = httpx.Client(
                base_url=url, verify=_ssl_verify(verify), timeout=httpx.Timeout(timeout),
                transport=transport, follow_redirects=False,
                headers={"User-Agent": _USER_AGENT, "Accept": "application/json"})
        except CentralMisconfigured as exc:
            self._config_error = exc

    # -- public API --------------------------------------------------------------------------

    def push(self, items: Sequence[ApplicationPayload]) -> PushResponse:
        """Send one batch; returns one result per item in order, or raises a classified error."""
        return self.push_encoded(encode_batch(self.kiosk_id, items))

    def push_encoded(self, batch: EncodedBatch) -> PushResponse:
        """`push` for a batch encoded beforehand (`encode_batch`); same contract."""
        return self._push(BATCH_PATH, batch, "batch")

    def check_sending(self, size: int) -> None:
        """POST an empty batch padded with JSON whitespace to `size` bytes: the central answers
        it like any batch, so a proxy on the way that refuses bodies of this size shows up as
        BatchTooLarge before applications are refused (the diagnosis's "sending" step)."""
        body = encode_batch(self.kiosk_id, []).body
        self._push(BATCH_PATH, EncodedBatch([], body + b" " * max(0, size - len(body))),
                   "test batch")

    def push_ratings(self, items: Sequence[RatingPayload]) -> PushResponse:
        """Send one batch of 好差评 ratings; same contract as `push`."""
        return self._push(RATINGS_PATH, encode_batch(self.kiosk_id, items), "batch of ratings")

    def push_votes(self, items: Sequence[VotePayload]) -> PushResponse:
        """Send one batch of consultation votes; same contract as `push`."""
        return self._push(VOTES_PATH, encode_batch(self.kiosk_id, items), "batch of votes")

    def _push(self, path: str, batch: EncodedBatch, what: str) -> PushResponse:
        response = self._send("POST", path, content=batch.body,
                              headers={**self._auth_headers(), "Content-Type": "application/json"})
        try:
            answer = PushResponse.model_validate_json(response.content)
        except ValidationError:
            raise CentralUnavailable(
                f"the central at {self.base_url} sent a malformed answer to a {what}") from None
        got = [result.id for result in answer.results]
        if got != batch.ids:
            # Acknowledging the wrong records would lose data; treat the answer as broken.
            raise CentralUnavailable(
                f"the central at {self.base_url} answered for {len(got)} item(s) that do not "
                f"match the {len(batch.ids)} sent")
        return answer

    def health(self, timeout: float | None = None) -> HealthInfo:
        """The central's health answer, for diagnostics; raises a classified error."""
        response = self._send("GET", HEALTH_PATH, timeout=timeout)
        try:
            info = HealthInfo.model_validate_json(response.content)
        except ValidationError:
            raise CentralUnavailable(
                f"the central at {self.base_url} sent a malformed health answer") from None
        if info.protocol != PROTOCOL_VERSION:
            raise ProtocolMismatch(
                f"the central at {self.base_url} speaks sync protocol {info.protocol}, this "
                f"kiosk speaks {PROTOCOL_VERSION}; update the kiosk or the central")
        return info

    def status_changes(self, since: str) -> StatusChanges:
        """The office's decisions on this kiosk's applications after the cursor `since`."""
        response = self._send("GET", STATUS_CHANGES_PATH, params={"since": since},
                              headers=self._auth_headers())
        try:
            return StatusChanges.model_validate_json(response.content)
        except ValidationError:
            raise CentralUnavailable(
                f"the central at {self.base_url} sent malformed status changes") from None

    def catalog(self, etag: str | None) -> tuple[CatalogDocument | None, str | None]:
        """The central's catalog and its ETag, or (None, etag) when unchanged since `etag`."""
        return self._get_unless_unchanged(CATALOG_PATH, CatalogDocument, etag, "catalog")

    def announcements(self, etag: str | None) -> tuple[Announcements | None, str | None]:
        """The central's current announcements and their ETag, or (None, etag) if unchanged."""
        return self._get_unless_unchanged(ANNOUNCEMENTS_PATH, Announcements, etag,
                                          "announcements")

    def consultation_results(self, etag: str | None
                             ) -> tuple[ConsultationResults | None, str | None]:
        """Results of the consultations closed by now, or (None, etag) if unchanged."""
        return self._get_unless_unchanged(CONSULTATION_RESULTS_PATH, ConsultationResults, etag,
                                          "consultation results")

    def _get_unless_unchanged(self, path: str, model: type[_Model], etag: str | None,
                              what: str) -> tuple[_Model | None, str | None]:
        headers = self._auth_headers()
        if etag:
            headers["If-None-Match"] = etag
        response = self._send("GET", path, headers=headers, accept={304})
        if response.status_code == 304:
            return None, etag
        try:
            document = model.model_validate_json(response.content)
        except ValidationError:
            raise CentralUnavailable(
                f"the central at {self.base_url} sent a malformed {what}") from None
        return document, response.headers.get("ETag")

    def _auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}", KIOSK_ID_HEADER: self.kiosk_id}

    def probe(self, timeout: float = 2.0) -> bool:
        """True iff the central answers its health check right now; never raises."""
        try:
            self.health(timeout=timeout)
        except Exception:
            return False
        return True

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def __enter__(self) -> CentralClient:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- the edge where failures get their class ---------------------------------------------

    def _send(self, method: str, path: str, *, content: bytes | None = None,
              headers: dict[str, str] | None = None, timeout: float | None = None,
              params: dict[str, str] | None = None, accept: set[int] | None = None
              ) -> httpx.Response:
        if self._client is None:
            assert self._config_error is not None  # noqa: S101 - set whenever _client is None
            raise self._config_error
        where = f"the central at {self.base_url}"
        limit = httpx.USE_CLIENT_DEFAULT if timeout is None else httpx.Timeout(timeout)
        budget = self._timeout if timeout is None else timeout
        try:
            response = self._request_within(method, path, budget, content=content,
                                            headers=headers, timeout=limit, params=params)
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise CentralMisconfigured(f"{where} cannot be used: {exc}") from None
        except httpx.DecodingError:
            raise CentralUnavailable(f"{where} sent an undecodable answer") from None
        except httpx.TransportError as exc:
            raise CentralUnavailable(f"cannot reach {where}: {_why_unreachable(exc)}") from None
        if accept is None or response.status_code not in accept:
            self._raise_for_status(response, where, path, len(content or b""))
        return response

    def _request_within(self, method: str, path: str, budget: float, **kwargs: Any
                        ) -> httpx.Response:
        """One request that gives up once `budget` seconds have passed overall.

        httpx's timeouts bound each network operation, not the whole request: an answer dripped
        a few bytes at a time (headers included) would hold the sync thread, and outlive its
        claim lease, for as long as the drip lasts. So the request runs in a helper thread and
        the caller waits at most the budget; a request given up on ends by itself when the
        central finishes or its connection's read timeout fires.
        """
        client = self._client
        assert client is not None  # noqa: S101 - checked by the caller
        outcome: list[httpx.Response | BaseException] = []
        done = threading.Event()

        def run() -> None:
            try:
                outcome.append(client.request(method, path, **kwargs))
            except BaseException as exc:  # handed to the caller's thread below
                outcome.append(exc)
            finally:
                done.set()

        threading.Thread(target=run, name="central-request", daemon=True).start()
        if not done.wait(budget + 0.5):
            raise httpx.ReadTimeout("the answer took longer than the overall time limit")
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result

    @staticmethod
    def _raise_for_status(response: httpx.Response, where: str, path: str,
                          sent_bytes: int = 0) -> None:
        status = response.status_code
        if status == 200:
            return
        detail = _detail(response)
        if status in (401, 403):
            raise CredentialsRejected(
                f"{where} rejected this kiosk's credentials (HTTP {status}){detail}; "
                "check the kiosk id and token")
        if status == 413:
            from_central = _is_central_error(response)
            who = where if from_central else f"something between this kiosk and {where}"
            raise BatchTooLarge(
                f"{who} refused {sent_bytes:,} bytes as too large (HTTP 413){detail}",
                sent_bytes=sent_bytes, from_central=from_central)
        if status in (404, 405):
            raise CentralMisconfigured(
                f"{where} has no {path} (HTTP {status}); is this the central's address?")
        if 300 <= status < 400:
            target = response.headers.get("Location", "another address")
            raise CentralMisconfigured(
                f"{where} redirects to {target} (HTTP {status}); set the central address to it")
        if status in (408, 429) or status >= 500:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            raise CentralUnavailable(f"{where} is unavailable (HTTP {status}){detail}",
                                     retry_after=retry_after)
        if 400 <= status < 500:
            raise ProtocolMismatch(
                f"{where} refused the request (HTTP {status}){detail}; the kiosk and central "
                "versions may not match")
        raise CentralUnavailable(f"{where} gave an unexpected answer (HTTP {status})")
