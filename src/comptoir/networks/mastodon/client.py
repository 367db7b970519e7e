"""One Mastodon instance through Mastodon.py, under Comptoir's error and retry rules.

Mastodon.py is built with ``ratelimit_method="throw"`` so it never sleeps on its own: a
429 becomes ``RATE_LIMITED`` with the wait the instance asked for, and the scheduler
decides. Reads are retried here a few times when that is safe (server error, network
error, short rate-limit pause); writes are never retried here, because a write that timed
out may have happened.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
import requests
from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
    MastodonVersionError,
)

from comptoir.networks.errors import ErrorKind, NetworkError, PrivateAddressError
from comptoir.networks.http import USER_AGENT, check_public_url, kind_for_status, parse_retry_after
from comptoir.networks.public_requests import mount_public_only

logger = logging.getLogger(__name__)
T = TypeVar("T")

TIMEOUT = 20.0
READ_ATTEMPTS = 3
# A rate-limit pause longer than this is not waited out in the request: it goes back to
# the caller with ``retry_after`` so a worker is not held for minutes.
MAX_INLINE_WAIT = 10.0
MALFORMED = "Could not parse response as JSON"
# Words of a 403 that mean the token itself is no longer good enough.
AUTH_WORDS = ("scope", "token", "login", "disabled", "suspended")


class RecordingSession(requests.Session):
    """A session that keeps the last response (for ``Retry-After``) and never redirects.

    An API call has no reason to be redirected, and following a redirect could lead to a
    private address the instance address check never saw. Its connections go only to the
    public address that was checked (``mount_public_only``): the API calls and the
    streaming connection, which Mastodon.py opens through the same session.
    """

    def __init__(self) -> None:
        super().__init__()
        mount_public_only(self)
        self.max_redirects = 0
        self.last_response: requests.Response | None = None
        self.hooks["response"].append(self._remember)

    def _remember(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self.last_response = response


def sent_for_sure_failed(exc: BaseException) -> bool:
    """True when the request provably never reached the instance (connection refused)."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, requests.exceptions.ConnectTimeout):
            return True
        if isinstance(cause, requests.exceptions.ConnectionError):
            reason = getattr(cause.args[0], "reason", None) if cause.args else None
            return "NewConnectionError" in type(reason).__name__ or "NameResolution" in str(reason)
        cause = cause.__cause__ or cause.__context__
    return False


def refused_address(exc: BaseException) -> PrivateAddressError | None:
    """The private-address refusal behind a network error, which Mastodon.py wraps."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, PrivateAddressError):
            return PrivateAddressError(cause.url)
        cause = cause.__cause__ or cause.__context__
    return None


def api_status(exc: MastodonAPIError) -> int | None:
    status = exc.args[1] if len(exc.args) > 1 else None
    return status if isinstance(status, int) else None


class MastodonApi:
    """A ``Mastodon`` client for one account, and the two ways of calling it."""

    def __init__(
        self,
        server_url: str,
        access_token: str,
        *,
        timeout: float = TIMEOUT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not server_url or not access_token:
            raise NetworkError(ErrorKind.AUTH_EXPIRED, "no Mastodon access token stored")
        # The address was checked when the account was connected; checking again here
        # gives a name since pointed at a private network a clear error at once. Each
        # connection is guarded again by the session, against DNS rebinding.
        check_public_url(server_url)
        self.sleep = sleep
        self.session = RecordingSession()
        self.client = Mastodon(
            access_token=access_token,
            api_base_url=server_url,
            ratelimit_method="throw",
            request_timeout=timeout,
            session=self.session,
            user_agent=USER_AGENT,
            version_check_mode="none",
        )

    def read(self, call: Callable[[], T]) -> T:
        """Run a read, retrying what is safe to repeat; raise a classified error."""
        for attempt in range(READ_ATTEMPTS):
            try:
                return call()
            except MastodonError as exc:
                error = self.classify(exc, write=False)
            if attempt + 1 == READ_ATTEMPTS or not error.safe_to_retry:
                raise error
            if error.retry_after is not None and error.retry_after > MAX_INLINE_WAIT:
                raise error
            delay = error.retry_after or random.uniform(0, 0.5 * 2**attempt)  # noqa: S311
            logger.info("Mastodon read failed (%s), retrying in %.1fs", error, delay)
            self.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def write(self, call: Callable[[], T], *, media: bool = False) -> T:
        """Run a write once. A failure that may have happened says ``outcome_unknown``."""
        try:
            return call()
        except MastodonError as exc:
            raise self.classify(exc, write=True, media=media) from exc

    def classify(self, exc: MastodonError, *, write: bool, media: bool = False) -> NetworkError:
        """Map a Mastodon.py exception to a NetworkError kind."""
        detail = " ".join(str(part) for part in exc.args if part is not None)[:500]
        if isinstance(exc, MastodonRatelimitError):
            return NetworkError(
                ErrorKind.RATE_LIMITED, detail, status=429, retry_after=self.retry_after()
            )
        if isinstance(exc, MastodonNetworkError):
            refused = refused_address(exc)
            if refused is not None:  # refused before connecting: nothing was sent
                return refused
            unknown = write and not sent_for_sure_failed(exc)
            return NetworkError(ErrorKind.NETWORK, detail, outcome_unknown=unknown)
        if isinstance(exc, MastodonIllegalArgumentError):
            return NetworkError(ErrorKind.VALIDATION, detail)
        if isinstance(exc, MastodonVersionError):
            return NetworkError(ErrorKind.UNSUPPORTED, detail)
        if isinstance(exc, MastodonAPIError):
            return self._classify_api(exc, detail, write=write, media=media)
        return NetworkError(ErrorKind.UNKNOWN, detail, outcome_unknown=write)

    def _classify_api(
        self, exc: MastodonAPIError, detail: str, *, write: bool, media: bool
    ) -> NetworkError:
        status = api_status(exc)
        if str(exc.args[0]).startswith(MALFORMED) or status is None:
            # A 2xx whose body is not JSON: a read is simply tried again later; a write
            # may have been applied before the body broke, so it must be reconciled.
            kind = ErrorKind.UNKNOWN if write else ErrorKind.SERVER
            return NetworkError(kind, detail, outcome_unknown=write)
        if isinstance(exc, MastodonUnauthorizedError):
            return NetworkError(ErrorKind.AUTH_EXPIRED, detail, status=status)
        if isinstance(exc, MastodonServerError) or status >= 500:
            # A 5xx on a write: the instance may have stored it before failing.
            return NetworkError(ErrorKind.SERVER, detail, status=status, outcome_unknown=write)
        if status == 403 and not any(word in detail.casefold() for word in AUTH_WORDS):
            return NetworkError(ErrorKind.VALIDATION, detail, status=status)
        if media and status not in {401, 403, 404}:
            return NetworkError(ErrorKind.MEDIA_PROCESSING, detail, status=status)
        if isinstance(exc, MastodonNotFoundError):
            return NetworkError(ErrorKind.VALIDATION, detail, status=404)
        return NetworkError(kind_for_status(status), detail, status=status)

    def retry_after(self) -> float | None:
        """Seconds the instance asked us to wait, from the 429's own headers."""
        response = self.session.last_response
        if response is not None and response.status_code == 429:
            return parse_retry_after(httpx.Response(429, headers=list(response.headers.items())))
        reset = self.client.ratelimit_reset
        return max(float(reset) - time.time(), 0.0) if reset else None
