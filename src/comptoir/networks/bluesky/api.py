"""One Bluesky account through the atproto SDK, under Comptoir's error and retry rules.

Sessions: connecting stores the app password (encrypted with the other credentials) and
the SDK's session string. A connector imports that session without any request; the
SDK refreshes the access token when it is about to expire. When the PDS refuses the
token anyway (expired or revoked refresh token), the session is renewed once — refreshed,
or created again from the app password — and the call repeated: a refused token means
the call had no effect, so repeating it cannot do anything twice. The freshest session of
each account is kept in memory for the process, and offered to the caller as
``updated_credentials`` to store, because ``createSession`` is limited to 30 calls in
five minutes per account.

Every address the SDK will talk to (the server typed by the user, the PDS named in the
account's DID document) is checked against private networks, and redirects are never
followed.
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from atproto import Client, Session, SessionEvent
from atproto_client.request import Request, RequestBase
from atproto_core.exceptions import AtProtocolError
from pydantic import ValidationError

from comptoir.networks.bluesky.errors import classify, is_token_error
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.http import USER_AGENT, check_public_url, public_transport, tls_context

logger = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_SERVICE = "https://bsky.social"
TIMEOUT = 20.0
READ_ATTEMPTS = 3
# A rate-limit pause longer than this goes back to the caller with ``retry_after``.
MAX_INLINE_WAIT = 10.0
SDK_ERRORS = (AtProtocolError, httpx.HTTPError, ValidationError, NetworkError)

# The freshest session string per account (DID and app password), for this process.
_SESSIONS: dict[str, str] = {}
_SESSIONS_LOCK = threading.Lock()


def session_key(did: str, app_password: str) -> str:
    digest = hashlib.sha256(app_password.encode()).hexdigest()[:16]
    return f"{did}:{digest}"


def remember_session(key: str, session_string: str) -> None:
    with _SESSIONS_LOCK:
        _SESSIONS[key] = session_string


def cached_session(key: str) -> str | None:
    with _SESSIONS_LOCK:
        return _SESSIONS.get(key)


def forget_sessions() -> None:
    with _SESSIONS_LOCK:
        _SESSIONS.clear()


class SafeRequest(Request):  # type: ignore[misc]
    """The SDK's HTTP layer with a timeout, our User-Agent and no redirects.

    An XRPC call has no reason to be redirected, and following one could reach a private
    address that the checks never saw. The service and PDS addresses come from a user or
    a DID document: connections go through ``public_transport()`` unless one is given.
    """

    def __init__(
        self, timeout: float = TIMEOUT, transport: httpx.BaseTransport | None = None
    ) -> None:
        RequestBase.__init__(self)
        self._client_kwargs = {"timeout": timeout, "transport": transport}
        self._client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=public_transport() if transport is None else transport,
            verify=tls_context(),
        )
        self.add_additional_header("User-Agent", USER_AGENT)


def new_client(
    base_url: str, *, timeout: float = TIMEOUT, transport: httpx.BaseTransport | None = None
) -> Client:
    return Client(base_url=base_url, request=SafeRequest(timeout, transport))


def base_of(client: Client) -> str:
    """The PDS address the client now talks to (without the ``/xrpc`` suffix)."""
    return str(client._base_url).removesuffix("/xrpc")


def check_address(url: str) -> None:
    """Refuse a server on this machine or a private network (unless allowed in settings)."""
    check_public_url(url)


def create_session(client: Client, identifier: str, password: str) -> Session:
    """Log in with a password; the client then talks to the account's own PDS."""
    try:
        client.login(identifier, password, fetch_bsky_profile=False)
    except SDK_ERRORS as exc:
        raise classify(exc, write=False) from exc
    session: Session = client._session
    check_address(base_of(client))
    return session


class BlueskyApi:
    """An SDK client logged in as one account, and the two ways of calling it."""

    def __init__(
        self,
        *,
        did: str,
        pds_url: str,
        credentials: dict[str, Any],
        timeout: float = TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.did = did
        self.credentials = credentials
        self.app_password = str(credentials.get("app_password") or "")
        self.identifier = str(credentials.get("identifier") or did)
        self.service = str(credentials.get("service") or pds_url or DEFAULT_SERVICE)
        self.key = session_key(did, self.app_password)
        self.sleep = sleep
        self.updated_credentials: dict[str, Any] | None = None
        session_string = cached_session(self.key) or str(credentials.get("session") or "")
        if not session_string and not self.app_password:
            raise NetworkError(ErrorKind.AUTH_EXPIRED, "no Bluesky session or app password stored")
        self.client = new_client(pds_url or self.service, timeout=timeout, transport=transport)
        self.client.on_session_change(self._session_changed)
        if session_string:
            try:
                self.client.login(session_string=session_string, fetch_bsky_profile=False)
            except (ValueError, AtProtocolError) as exc:
                logger.info("Stored Bluesky session of %s is unreadable: %s", did, exc)
                session_string = ""
        self._logged_in = bool(session_string)
        self._checked = ""

    # --- Sessions -------------------------------------------------------------------

    def _session_changed(self, event: SessionEvent, session: Session) -> None:
        if event is SessionEvent.IMPORT:
            return
        encoded = session.encode()
        remember_session(self.key, encoded)
        self.updated_credentials = {**self.credentials, "session": encoded}

    def renew(self) -> None:
        """Get a working session again: refresh it, or log in with the app password."""
        if self._logged_in:
            try:
                self.client._refresh_and_set_session()
                return
            except SDK_ERRORS as exc:
                if not is_token_error(exc):
                    raise classify(exc, write=False) from exc
                logger.info("Bluesky session of %s could not be refreshed: %s", self.did, exc)
        if not self.app_password:
            raise NetworkError(ErrorKind.AUTH_EXPIRED, "session expired and no app password")
        self.client.update_base_url(self.service)
        self._checked = ""
        create_session(self.client, self.identifier, self.app_password)
        self._logged_in = True

    def _check_base(self) -> None:
        """Check the PDS address again whenever the SDK moved to another one."""
        base = base_of(self.client)
        if base != self._checked:
            check_address(base)
            self._checked = base

    # --- Calls ----------------------------------------------------------------------

    def _once(self, call: Callable[[], T], *, write: bool, media: bool) -> T:
        if not self._logged_in:
            self.renew()
        self._check_base()
        try:
            return call()
        except SDK_ERRORS as exc:
            if not is_token_error(exc):
                raise classify(exc, write=write, media=media) from exc
        # The token was refused, so the call did nothing: renew once and call again.
        self.renew()
        self._check_base()
        try:
            return call()
        except SDK_ERRORS as exc:
            error = classify(exc, write=write, media=media)
            if is_token_error(exc):
                error = NetworkError(ErrorKind.AUTH_EXPIRED, error.detail, status=error.status)
            raise error from exc

    def read(self, call: Callable[[], T]) -> T:
        """Run a read, retrying a few times what is safe to repeat."""
        for attempt in range(READ_ATTEMPTS):
            try:
                return self._once(call, write=False, media=False)
            except NetworkError as error:
                last = error
            if attempt + 1 == READ_ATTEMPTS or not last.safe_to_retry:
                raise last
            if last.retry_after is not None and last.retry_after > MAX_INLINE_WAIT:
                raise last
            delay = last.retry_after or random.uniform(0, 0.5 * 2**attempt)  # noqa: S311
            logger.info("Bluesky read failed (%s), retrying in %.1fs", last, delay)
            self.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def write(self, call: Callable[[], T], *, media: bool = False) -> T:
        """Run a write once; a failure that may have happened says ``outcome_unknown``."""
        return self._once(call, write=True, media=media)
