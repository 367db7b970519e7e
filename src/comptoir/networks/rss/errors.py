"""Feed failures, explained in words about feeds.

The framework's messages speak of publishing ("check the text and the images"); when a
feed address is wrong the person connecting it needs to hear what is wrong with the feed.
The kind, and so the retry rule, stays the framework's.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from comptoir.networks.errors import ErrorKind, NetworkError

NO_FEED = _(
    "No RSS or Atom feed was found at this address. Check the address, or paste the "
    "address of the feed itself."
)
MALFORMED = _("This address gives a feed that cannot be read: its content is malformed.")
TOO_LARGE = _("This feed is too large to be read (more than %(megabytes)s MB).")
REFUSED = _("The site refused to give this feed (error %(status)s). Check the address.")


class FeedError(NetworkError):
    """A classified feed failure carrying its own explanation for the user."""

    def __init__(
        self,
        kind: ErrorKind,
        detail: str,
        message: Promise,
        *,
        status: int | None = None,
        **values: Any,
    ) -> None:
        super().__init__(kind, detail, status=status)
        self.message = message
        self.values = values

    @property
    def user_message(self) -> str:
        values = {"status": self.status, **self.values}
        return str(self.message) % values if "%(" in str(self.message) else str(self.message)
