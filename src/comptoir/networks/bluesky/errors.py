"""Failures of the atproto SDK as Comptoir's error kinds.

The SDK raises one exception per family of HTTP status: ``UnauthorizedError`` (401,
403), ``BadRequestError`` (400), ``RateLimitExceededError`` (429), ``NetworkError``
(transport failures and 409, 413, 502) and ``RequestException`` (the rest). The XRPC
error name in the body says more: a PDS answers an expired or revoked token with 400
``ExpiredToken`` or ``InvalidToken``, not 401.

A write that may have reached the PDS (a timeout after sending, a 5xx, an unreadable
answer) is ``outcome_unknown``: it must be reconciled, never simply sent again.
"""

from __future__ import annotations

import time

import httpx
from atproto_client import exceptions as sdk
from atproto_client.models.common import XrpcError
from atproto_core.exceptions import AtProtocolError
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.http import MAX_RETRY_AFTER, kind_for_status

# XRPC error names meaning the session itself is no longer valid.
TOKEN_ERRORS = frozenset({"ExpiredToken", "InvalidToken", "AuthMissing", "AuthRequired"})
# XRPC error names meaning the account cannot be used any more.
ACCOUNT_ERRORS = frozenset(
    {"AccountTakedown", "AccountDeactivated", "AuthenticationRequired", "AuthFactorTokenRequired"}
)
MEDIA_ERRORS = frozenset({"BlobTooLarge", "InvalidMimeType", "PayloadTooLarge"})
# A PDS answers a missing record with 400 RecordNotFound.
NOT_FOUND_ERRORS = frozenset({"RecordNotFound", "NotFound", "HandleNotFound", "RepoNotFound"})


class CredentialsRefusedError(NetworkError):
    """The PDS refused the handle and app password typed in the connection form."""

    def __init__(self, detail: str) -> None:
        super().__init__(ErrorKind.AUTH_EXPIRED, detail, status=401)

    @property
    def user_message(self) -> str:
        return str(
            _(
                "Bluesky refused this handle and app password. Check both, or create a new "
                "app password in Bluesky's settings."
            )
        )


class MainPasswordError(NetworkError):
    """The account's main password was typed where an app password is expected."""

    def __init__(self) -> None:
        super().__init__(ErrorKind.VALIDATION, "main password given instead of an app password")

    @property
    def user_message(self) -> str:
        return str(
            _(
                "This is your account's main password. For your safety, Comptoir only accepts "
                "an app password: create one in Bluesky's settings and paste it here."
            )
        )


def xrpc_error(exc: BaseException) -> tuple[int | None, str, str]:
    """(HTTP status, XRPC error name, message) of an SDK request error, when it has one."""
    response = getattr(exc, "response", None)
    if response is None:
        return None, "", ""
    content = response.content
    if isinstance(content, XrpcError):
        return response.status_code, str(content.error or ""), str(content.message or "")
    return response.status_code, "", ""


def is_not_found(exc: BaseException) -> bool:
    status, name, _message = xrpc_error(exc)
    return name in NOT_FOUND_ERRORS or status == 404


def is_token_error(exc: BaseException) -> bool:
    """The access or refresh token was refused: a new session may still be obtained."""
    if isinstance(exc, sdk.LoginRequiredError):
        return True
    status, name, _message = xrpc_error(exc)
    return name in TOKEN_ERRORS or (status == 401 and name not in ACCOUNT_ERRORS)


def retry_after(exc: sdk.RateLimitExceededError) -> float | None:
    """Seconds to wait, from ``retry-after`` or else ``ratelimit-reset`` (a Unix time)."""
    seconds = exc.retry_after
    if seconds is None and exc.reset_at is not None:
        seconds = exc.reset_at.timestamp() - time.time()
    if seconds is None:
        return None
    return float(min(max(seconds, 0.0), MAX_RETRY_AFTER))


def never_sent(exc: BaseException) -> bool:
    """True when the request provably never reached the server (connection refused)."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, httpx.ConnectError | httpx.ConnectTimeout):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:500]


def classify(exc: BaseException, *, write: bool, media: bool = False) -> NetworkError:
    """Map an SDK exception to a NetworkError with the right kind."""
    detail = describe(exc)
    if isinstance(exc, NetworkError):
        return exc
    if isinstance(exc, sdk.RateLimitExceededError):
        wait = retry_after(exc)
        return NetworkError(ErrorKind.RATE_LIMITED, detail, status=429, retry_after=wait)
    status, name, _message = xrpc_error(exc)
    if isinstance(exc, sdk.RequestErrorBase) and status is None:
        # A transport failure: no answer arrived.
        unknown = write and not never_sent(exc)
        return NetworkError(ErrorKind.NETWORK, detail, outcome_unknown=unknown)
    if isinstance(exc, sdk.LoginRequiredError) or name in TOKEN_ERRORS | ACCOUNT_ERRORS:
        return NetworkError(ErrorKind.AUTH_EXPIRED, detail, status=status)
    if status is not None:
        return classify_status(status, name, detail, write=write, media=media)
    if isinstance(exc, ValidationError | sdk.ModelError | ValueError):
        # An answer that does not parse: a read is tried again later; a write may have
        # been applied before its answer broke.
        kind = ErrorKind.UNKNOWN if write else ErrorKind.SERVER
        return NetworkError(kind, detail, outcome_unknown=write)
    if isinstance(exc, AtProtocolError):
        return NetworkError(ErrorKind.UNKNOWN, detail, outcome_unknown=write)
    return NetworkError(ErrorKind.UNKNOWN, detail, outcome_unknown=write)


def classify_status(
    status: int, name: str, detail: str, *, write: bool, media: bool
) -> NetworkError:
    if status >= 500:
        # The PDS may have stored the write before failing (it answers a record key
        # that already exists with a 500, for instance).
        return NetworkError(ErrorKind.SERVER, detail, status=status, outcome_unknown=write)
    if name in MEDIA_ERRORS or status in {413, 415} or (media and status == 400):
        return NetworkError(ErrorKind.MEDIA_PROCESSING, detail, status=status)
    if status in {401, 403}:
        return NetworkError(ErrorKind.AUTH_EXPIRED, detail, status=status)
    if status == 400:
        return NetworkError(ErrorKind.VALIDATION, detail, status=status)
    return NetworkError(kind_for_status(status), detail, status=status)
