"""RSS and Atom feeds as a connected account: the business's own blog, the local press,
its competitors. A feed can only be read, so the connector reads (``fetch_since``) and
filters (``search``); it publishes nothing and answers nothing.

Every request goes through ``fetch_public``: a feed address is typed by a user, so each
redirect hop is checked against private addresses, and size and time are capped. Reads
are conditional (ETag, Last-Modified) so a feed that did not change costs one small
request, and entries already seen are recognised by id across calls.
"""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

from comptoir.networks.base import AccountInfo, Batch
from comptoir.networks.errors import ErrorKind
from comptoir.networks.http import FetchedDocument
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.rss import feed
from comptoir.networks.rss.discovery import feed_links
from comptoir.networks.rss.errors import NO_FEED, FeedError
from comptoir.networks.rss.forms import FeedConnectForm
from comptoir.networks.rss.text import matches, terms

HTML_TYPES = ("text/html", "application/xhtml+xml")
# What the account row can hold: the address itself, and an id of at most 255 characters.
MAX_ADDRESS = 500
MAX_ID = 255


def canonical(url: str) -> str:
    """The same feed written twice the same way: lower-case scheme and host, no fragment."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def account_id(address: str) -> str:
    """The feed's address, or a digest of it when it is too long to be an account id."""
    if len(address) <= MAX_ID:
        return address
    return "sha256:" + hashlib.sha256(address.encode("utf-8")).hexdigest()


class FeedConnector:
    connect_form = FeedConnectForm
    # Limits of one read; a feed beyond them is refused with a classified error.
    MAX_BYTES: ClassVar[int] = 5_000_000
    TIMEOUT: ClassVar[float] = 15.0
    # How many candidate feeds of a website are tried when connecting.
    MAX_DISCOVERED: ClassVar[int] = 3

    def __init__(self, account: ConnectedAccount) -> None:
        self.account = account
        self.url = account.server_url or account.remote_id

    # --- Connecting --------------------------------------------------------------------

    @classmethod
    def connect(cls, data: dict[str, Any]) -> AccountInfo:
        """Accept a feed address or a website address whose page announces a feed."""
        url = str(data["url"]).strip()
        document = cls._get(url)
        parsed = feed.parse(document)
        if parsed is None and cls._is_html(document):
            page = document.content.decode(cls._charset(document), errors="replace")
            for candidate in feed_links(page, document.url)[: cls.MAX_DISCOVERED]:
                document = cls._get(candidate)
                parsed = feed.parse(document)
                if parsed is not None:
                    break
        if parsed is None:
            raise FeedError(ErrorKind.VALIDATION, f"no feed at {url}", NO_FEED)
        address = canonical(document.url)
        if len(address) > MAX_ADDRESS:
            raise FeedError(ErrorKind.VALIDATION, f"feed address too long: {address}", NO_FEED)
        title = feed.feed_title(parsed, address)
        return AccountInfo(
            remote_id=account_id(address), handle=title, display_name=title, server_url=address
        )

    @classmethod
    def _get(cls, url: str, headers: dict[str, str] | None = None) -> FetchedDocument:
        return feed.fetch(url, headers=headers, max_bytes=cls.MAX_BYTES, timeout=cls.TIMEOUT)

    @staticmethod
    def _is_html(document: FetchedDocument) -> bool:
        kind = document.headers.get("content-type", "").lower()
        if any(t in kind for t in HTML_TYPES):
            return True
        return b"<html" in document.content[:2000].lower()

    @staticmethod
    def _charset(document: FetchedDocument) -> str:
        kind = document.headers.get("content-type", "")
        for part in kind.split(";")[1:]:
            name, _sep, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip("\"'") or "utf-8"
        return "utf-8"

    # --- Reading -----------------------------------------------------------------------

    def fetch_since(self, cursor: str | None) -> Batch:
        """New entries since the cursor, oldest first; a 304 answer means none."""
        state = feed.FeedCursor.load(cursor)
        document = self._get(self.url, state.request_headers())
        if document.status == 304:
            return Batch(items=[], cursor=state.dump())
        parsed = feed.parse(document)
        if parsed is None:
            raise FeedError(ErrorKind.VALIDATION, f"no feed at {document.url}", NO_FEED)
        seen = set(state.seen)
        items, current_ids = [], {}
        for entry in parsed.entries:
            item = feed.to_item(entry, parsed, self.url)
            if item.remote_id in current_ids:
                continue
            current_ids[item.remote_id] = True
            if item.remote_id not in seen:
                items.append(item)
        items.sort(key=lambda item: item.created_at)
        # The ids in the feed now come first, so they are never forgotten while listed.
        remembered = list(current_ids) + [i for i in state.seen if i not in current_ids]
        new_state = feed.FeedCursor(
            etag=document.headers.get("etag") or None,
            modified=document.headers.get("last-modified") or None,
            seen=remembered[: max(feed.MAX_SEEN, len(current_ids))],
        )
        return Batch(items=items, cursor=new_state.dump())

    def search(self, query: str, cursor: str | None) -> Batch:
        """New entries whose title or text contain every word of the query.

        Case and accents do not matter ("gateau" finds "Gâteaux"); a phrase in quotes must
        appear as written. The cursor is the one of ``fetch_since``: an entry is looked at
        once, whether or not it matched.
        """
        wanted = terms(query)
        batch = self.fetch_since(cursor)
        return Batch([i for i in batch.items if matches(wanted, i.text)], batch.cursor)
