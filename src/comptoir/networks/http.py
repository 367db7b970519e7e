"""The one HTTP layer every connector uses.

It owns timeouts, retries with exponential backoff and jitter, ``Retry-After``, rate
buckets per account and per app, the refusal of private addresses for URLs a user typed,
and the mapping of every failure to an ``ErrorKind``.

Retry policy: a request is retried only when repeating it cannot do anything twice — a
read (GET/HEAD), a write the caller marks idempotent (e.g. with an idempotency key), or
any request that provably never left (connection refused). A write that timed out after
being sent, or that got a 5xx answer, raises ``NetworkError(outcome_unknown=True)``: the
caller reconciles it.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import certifi
import httpcore
import httpx
from django.conf import settings

from comptoir import __version__
from comptoir.networks.errors import ErrorKind, NetworkError, PrivateAddressError, TooLargeError

USER_AGENT = f"Comptoir/{__version__} (+https://github.com/comptoir)"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
STATUS_KINDS = {
    400: ErrorKind.VALIDATION,
    401: ErrorKind.AUTH_EXPIRED,
    402: ErrorKind.BILLING_REQUIRED,
    403: ErrorKind.AUTH_EXPIRED,
    404: ErrorKind.VALIDATION,
    409: ErrorKind.DUPLICATE_CONTENT,
    413: ErrorKind.MEDIA_PROCESSING,
    415: ErrorKind.MEDIA_PROCESSING,
    422: ErrorKind.VALIDATION,
    429: ErrorKind.RATE_LIMITED,
}
MAX_RETRY_AFTER = 300.0


def kind_for_status(status: int) -> ErrorKind:
    if status >= 500:
        return ErrorKind.SERVER
    return STATUS_KINDS.get(status, ErrorKind.UNKNOWN)


def parse_retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait from ``Retry-After`` (seconds form) or ``X-RateLimit-Reset``."""
    value = response.headers.get("Retry-After")
    if value:
        try:
            return min(max(float(value), 0.0), MAX_RETRY_AFTER)
        except ValueError:
            pass
    reset = response.headers.get("X-RateLimit-Reset")
    if reset:
        try:
            from datetime import datetime

            moment = datetime.fromisoformat(reset.replace("Z", "+00:00"))
            return min(max(moment.timestamp() - time.time(), 0.0), MAX_RETRY_AFTER)
        except ValueError:
            try:
                return min(max(float(reset) - time.time(), 0.0), MAX_RETRY_AFTER)
            except ValueError:
                return None
    return None


# --- Private addresses ------------------------------------------------------------------


def is_public_ip(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def private_allowed(host: str, allowed_hosts: Iterable[str] | None = None) -> bool:
    """True for a host listed in ``COMPTOIR_ALLOWED_PRIVATE_HOSTS`` (tests, intranet feeds)."""
    if allowed_hosts is None:
        allowed_hosts = getattr(settings, "ALLOWED_PRIVATE_HOSTS", [])
    return host in set(allowed_hosts)


def public_addresses(host: str, port: int, url: str) -> list[str]:
    """Resolve ``host`` once; every address must be public, else ``PrivateAddressError(url)``.

    A failed resolution raises ``socket.gaierror`` (or ``UnicodeError``) for the caller to map.
    """
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses or not all(is_public_ip(a.split("%")[0]) for a in addresses):
        raise PrivateAddressError(url)
    return addresses


def check_public_url(url: str, allowed_hosts: Iterable[str] | None = None) -> None:
    """Refuse URLs that lead to this machine or a private network (SSRF protection).

    Every address the host name resolves to must be public. Hosts listed in the
    ``COMPTOIR_ALLOWED_PRIVATE_HOSTS`` setting (tests, intranet feeds) are let through.
    This is the early check, whose error a form can show: the connection itself is
    guarded by ``public_transport()``.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise PrivateAddressError(url)
    host = parts.hostname
    if private_allowed(host, allowed_hosts):
        return
    try:
        public_addresses(host, parts.port or 443, url)
    except (socket.gaierror, UnicodeError) as exc:
        raise NetworkError(ErrorKind.NETWORK, f"cannot resolve {host}: {exc}") from exc


class PublicOnlyBackend(httpcore.SyncBackend):
    """Opens connections only to public addresses, to the very address that was checked.

    Checking a URL before the request is not enough: the HTTP client resolved the name
    again to connect, and a hostile DNS server can answer a public address to the check
    and 127.0.0.1 to the connection (DNS rebinding). Here the name is resolved once, every
    address is checked, and the socket is opened to a checked IP literal. TLS is unchanged:
    httpcore still gives the host name as ``server_hostname`` for SNI and the certificate.
    """

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        if private_allowed(host):
            return super().connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            addresses = public_addresses(host, port, f"{host}:{port}")
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        for address in addresses[:-1]:  # each in turn, as socket.create_connection does
            with contextlib.suppress(httpcore.ConnectError, httpcore.ConnectTimeout):
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
        return super().connect_tcp(addresses[-1], port, timeout, local_address, socket_options)


def public_transport() -> httpx.HTTPTransport:
    """The transport for a URL a user supplied: see ``PublicOnlyBackend``."""
    transport = httpx.HTTPTransport(verify=tls_context())
    transport._pool._network_backend = PublicOnlyBackend()  # httpx has no argument for it
    return transport


# --- Rate buckets -----------------------------------------------------------------------


@dataclass
class TokenBucket:
    """``capacity`` requests, refilled at ``rate`` per second."""

    capacity: float
    rate: float
    tokens: float | None = None  # full until first used; below zero when tokens are owed
    updated: float = 0.0

    def wait_time(self, now: float) -> float:
        """0 when a token was taken, else how long until one is free (none taken)."""
        if self.tokens is None:
            self.tokens, self.updated = self.capacity, now
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate

    def reserve(self) -> None:
        """Take the next token before it is free: the caller waits until it is."""
        assert self.tokens is not None, "wait_time() first"
        self.tokens -= 1


class RateLimiter:
    """In-process buckets keyed by (network, account) and (network, "app")."""

    def __init__(self) -> None:
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str, capacity: float, per_seconds: float, max_wait: float) -> None:
        with self._lock:
            bucket = self._buckets.setdefault(key, TokenBucket(capacity, capacity / per_seconds))
            wait = bucket.wait_time(time.monotonic())
            if wait > max_wait:
                raise NetworkError(ErrorKind.RATE_LIMITED, f"bucket {key}", retry_after=wait)
            if wait:
                # Reserved now, so that callers waiting at the same time queue one
                # behind the other instead of all going at once.
                bucket.reserve()
        if wait:
            time.sleep(wait)


RATE_LIMITER = RateLimiter()


@dataclass(frozen=True)
class RateLimit:
    capacity: int
    per_seconds: float


# --- The client -------------------------------------------------------------------------


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The certificate store, read once per process and shared by every client.

    Reading it takes tens of milliseconds: per client, that was most of the time a
    busy worker spent publishing.
    """
    return ssl.create_default_context(cafile=certifi.where())


class HttpClient:
    """An ``httpx.Client`` wrapper with Comptoir's retry, rate and error rules."""

    def __init__(
        self,
        *,
        network: str,
        account_key: str = "",
        base_url: str = "",
        headers: dict[str, str] | None = None,
        timeout: float = 15.0,
        max_attempts: int = 4,
        account_limit: RateLimit | None = None,
        app_limit: RateLimit | None = None,
        max_wait: float = 10.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.network = network
        self.account_key = account_key
        self.max_attempts = max_attempts
        self.account_limit = account_limit
        self.app_limit = app_limit
        self.max_wait = max_wait
        self.sleep = sleep
        self.client = httpx.Client(
            base_url=base_url,
            headers={"User-Agent": USER_AGENT, **(headers or {})},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            follow_redirects=False,
            verify=tls_context(),
        )

    def close(self) -> None:
        self.client.close()

    def _throttle(self) -> None:
        if self.app_limit:
            RATE_LIMITER.acquire(
                f"{self.network}:app",
                self.app_limit.capacity,
                self.app_limit.per_seconds,
                self.max_wait,
            )
        if self.account_limit and self.account_key:
            RATE_LIMITER.acquire(
                f"{self.network}:{self.account_key}",
                self.account_limit.capacity,
                self.account_limit.per_seconds,
                self.max_wait,
            )

    def backoff(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with full jitter, or what the server asked for."""
        if retry_after is not None:
            return retry_after
        return random.uniform(0, min(30.0, 0.5 * 2**attempt))  # noqa: S311

    def request(
        self, method: str, url: str, *, idempotent: bool | None = None, **kwargs: Any
    ) -> httpx.Response:
        """Send a request; return a 2xx/3xx response or raise a classified NetworkError."""
        method = method.upper()
        repeatable = method in READ_METHODS if idempotent is None else idempotent
        last_error: NetworkError | None = None
        for attempt in range(self.max_attempts):
            if attempt:
                assert last_error is not None
                delay = self.backoff(attempt, last_error.retry_after)
                if delay > self.max_wait * 3:
                    raise last_error
                self.sleep(delay)
            self._throttle()
            try:
                response = self.client.request(method, url, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                # The request never reached the server: repeating it is always safe.
                last_error = NetworkError(ErrorKind.NETWORK, str(exc))
                continue
            except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError) as exc:
                last_error = NetworkError(ErrorKind.NETWORK, str(exc), outcome_unknown=True)
                if repeatable:
                    continue
                raise last_error from exc
            except httpx.HTTPError as exc:
                raise NetworkError(ErrorKind.NETWORK, str(exc), outcome_unknown=True) from exc
            if response.status_code < 400:
                return response
            last_error = self.error_for(response)
            if last_error.kind is ErrorKind.RATE_LIMITED or (
                repeatable and last_error.kind is ErrorKind.SERVER
            ):
                continue
            if last_error.kind is ErrorKind.SERVER:
                # A gateway may answer 5xx after the network did the write: only a look on
                # the network can tell, so the caller reconciles before doing it again.
                last_error.outcome_unknown = True
            raise last_error
        assert last_error is not None
        raise last_error

    def error_for(self, response: httpx.Response) -> NetworkError:
        kind = kind_for_status(response.status_code)
        try:
            body = response.text[:500]
        except UnicodeDecodeError:
            body = "<undecodable body>"
        return NetworkError(
            kind,
            f"HTTP {response.status_code}: {body}",
            status=response.status_code,
            retry_after=parse_retry_after(response) if kind is ErrorKind.RATE_LIMITED else None,
        )

    def json(self, method: str, url: str, **kwargs: Any) -> Any:
        """Send and decode JSON; a body that is not JSON is a classified error, not a crash."""
        response = self.request(method, url, **kwargs)
        try:
            return response.json()
        except ValueError as exc:
            raise NetworkError(
                ErrorKind.SERVER if method.upper() in READ_METHODS else ErrorKind.UNKNOWN,
                f"malformed JSON from {url}: {response.text[:200]!r}",
                outcome_unknown=method.upper() not in READ_METHODS,
            ) from exc


@dataclass(frozen=True)
class FetchedDocument:
    url: str
    status: int
    headers: httpx.Headers
    content: bytes


def fetch_public(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    max_bytes: int = 5_000_000,
    timeout: float = 15.0,
    max_redirects: int = 5,
    transport: httpx.BaseTransport | None = None,
) -> FetchedDocument:
    """GET a URL a user supplied: every redirect hop is checked against private addresses
    (and connected through ``public_transport()`` unless a transport is given), the body
    is cut off at ``max_bytes`` and the whole exchange at ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    with httpx.Client(
        headers={"User-Agent": USER_AGENT, **(headers or {})},
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        transport=public_transport() if transport is None else transport,
        follow_redirects=False,
        verify=tls_context(),
    ) as client:
        for _hop in range(max_redirects + 1):
            if time.monotonic() > deadline:
                raise NetworkError(ErrorKind.NETWORK, f"{url} took too long")
            check_public_url(url)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400 and response.status_code != 304:
                        raise NetworkError(
                            kind_for_status(response.status_code),
                            f"HTTP {response.status_code} from {url}",
                            status=response.status_code,
                        )
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise TooLargeError(url, max_bytes)
                        if time.monotonic() > deadline:
                            raise NetworkError(ErrorKind.NETWORK, f"{url} took too long")
                        chunks.append(chunk)
                    return FetchedDocument(
                        url, response.status_code, response.headers, b"".join(chunks)
                    )
            except httpx.HTTPError as exc:
                raise NetworkError(ErrorKind.NETWORK, f"{url}: {exc}") from exc
        raise NetworkError(ErrorKind.VALIDATION, f"too many redirects from {url}")
