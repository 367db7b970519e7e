"""Every failure of a network call maps to one error kind.

A kind says whether trying again is safe and gives the user a plain explanation in their
language. "Safe to retry" means the request certainly had no effect (nothing was
published, nothing was sent): an unknown outcome is never retried blindly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class KindInfo:
    safe_to_retry: bool
    message: Promise


class ErrorKind(Enum):
    RATE_LIMITED = "rate_limited"
    AUTH_EXPIRED = "auth_expired"
    VALIDATION = "validation"
    DUPLICATE_CONTENT = "duplicate_content"
    BILLING_REQUIRED = "billing_required"
    NETWORK = "network"
    SERVER = "server"
    MEDIA_PROCESSING = "media_processing"
    UNSUPPORTED = "unsupported"
    UNKNOWN = "unknown"

    @property
    def info(self) -> KindInfo:
        return KIND_INFO[self]

    @property
    def safe_to_retry(self) -> bool:
        return self.info.safe_to_retry

    @property
    def message(self) -> Promise:
        return self.info.message


KIND_INFO: dict[ErrorKind, KindInfo] = {
    ErrorKind.RATE_LIMITED: KindInfo(
        True, _("The network asks us to slow down. Comptoir will try again a little later.")
    ),
    ErrorKind.AUTH_EXPIRED: KindInfo(
        False,
        _("The connection to this account has expired or was revoked. Reconnect the account."),
    ),
    ErrorKind.VALIDATION: KindInfo(
        False, _("The network refused the content. Check the text and the images, then retry.")
    ),
    ErrorKind.DUPLICATE_CONTENT: KindInfo(
        False, _("The network says this content was already published.")
    ),
    ErrorKind.BILLING_REQUIRED: KindInfo(
        False, _("The network requires a paid plan or credits for this action.")
    ),
    ErrorKind.NETWORK: KindInfo(
        True, _("The network could not be reached. Comptoir will try again shortly.")
    ),
    ErrorKind.SERVER: KindInfo(
        True, _("The network had an internal problem. Comptoir will try again shortly.")
    ),
    ErrorKind.MEDIA_PROCESSING: KindInfo(
        False, _("The network could not process an image or a video. Try another file.")
    ),
    ErrorKind.UNSUPPORTED: KindInfo(False, _("This network does not allow this action.")),
    ErrorKind.UNKNOWN: KindInfo(
        False,
        _("Something unexpected happened and the outcome is unknown. Check on the network."),
    ),
}


class NetworkError(Exception):
    """A classified failure; ``detail`` is the network's own words, kept for the logs."""

    def __init__(
        self,
        kind: ErrorKind,
        detail: str = "",
        *,
        retry_after: float | None = None,
        status: int | None = None,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind
        self.detail = detail
        self.retry_after = retry_after
        self.status = status
        # True when the request may have reached the network (e.g. a timeout after sending):
        # such a write must be reconciled, never simply retried.
        self.outcome_unknown = outcome_unknown

    @property
    def safe_to_retry(self) -> bool:
        return self.kind.safe_to_retry and not self.outcome_unknown

    @property
    def user_message(self) -> str:
        return str(self.kind.message)


class TooLargeError(NetworkError):
    """A document a user pointed us to is larger than we agree to read."""

    def __init__(self, url: str, max_bytes: int) -> None:
        super().__init__(ErrorKind.VALIDATION, f"{url} is larger than {max_bytes} bytes")
        self.max_bytes = max_bytes


class PrivateAddressError(NetworkError):
    """A user-supplied URL points to this machine or a private network: refused."""

    def __init__(self, url: str) -> None:
        super().__init__(ErrorKind.VALIDATION, f"refused private or local address: {url}")
        self.url = url

    @property
    def user_message(self) -> str:
        return str(_("This address points to a private network and cannot be used."))


def retry_delay(error: NetworkError | None, earlier_tries: int) -> float:
    """Seconds to wait before trying again: what the network asked for, else a doubling
    delay (capped at about a minute) with jitter, so that many waiting items do not all
    come back at the same moment."""
    if error is not None and error.retry_after is not None:
        return float(error.retry_after)
    return random.uniform(0.5, 1.0) * 2.0 ** min(max(earlier_tries, 0), 6)  # noqa: S311
