"""Reading one feed document: fetch it safely, parse it, turn entries into items.

Kept apart from the connector so that connecting (which may have to discover the feed
behind a website) and following (which reads a known feed with conditional requests)
share exactly the same fetching and parsing rules.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser
from django.utils import timezone

from comptoir.networks.base import Author, IncomingItem
from comptoir.networks.errors import ErrorKind, NetworkError, PrivateAddressError, TooLargeError
from comptoir.networks.http import FetchedDocument, fetch_public
from comptoir.networks.rss.errors import MALFORMED, REFUSED, TOO_LARGE, FeedError
from comptoir.networks.rss.text import html_to_text

MAX_ID_LENGTH = 200
MAX_TEXT = 5000
# How many entry ids the cursor remembers: more than any feed keeps, so an entry that
# stays in the feed for weeks is still recognised, and small enough to store.
MAX_SEEN = 1000


@dataclass
class FeedCursor:
    """Where the reading of a feed stopped: validators for conditional GET, ids seen."""

    etag: str | None = None
    modified: str | None = None
    seen: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, raw: str | None) -> FeedCursor:
        """An unreadable cursor starts over rather than stopping the feed for good."""
        if not raw:
            return cls()
        try:
            data = json.loads(raw)
            return cls(
                etag=data.get("etag") or None,
                modified=data.get("modified") or None,
                seen=[str(item) for item in data.get("seen", [])][: MAX_SEEN * 5],
            )
        except (ValueError, TypeError, AttributeError):
            return cls()

    def dump(self) -> str:
        data = {"etag": self.etag, "modified": self.modified, "seen": self.seen}
        return json.dumps(data, separators=(",", ":"))

    def request_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.modified:
            headers["If-Modified-Since"] = self.modified
        return headers


def fetch(
    url: str, *, headers: dict[str, str] | None, max_bytes: int, timeout: float
) -> FetchedDocument:
    """``fetch_public`` with feed-specific explanations for the failures people can fix."""
    try:
        return fetch_public(
            url,
            headers={
                "Accept": "application/rss+xml, application/atom+xml, application/xml, "
                "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
                **(headers or {}),
            },
            max_bytes=max_bytes,
            timeout=timeout,
        )
    except PrivateAddressError:
        raise
    except TooLargeError as error:
        raise FeedError(
            error.kind, error.detail, TOO_LARGE, megabytes=max(1, max_bytes // 1_000_000)
        ) from error
    except NetworkError as error:
        if error.status is not None and 400 <= error.status < 500:
            raise FeedError(error.kind, error.detail, REFUSED, status=error.status) from error
        raise


def parse(document: FetchedDocument) -> Any:
    """The parsed document (feedparser's dict), or None when it is no feed at all.

    The body is given to feedparser as a stream: given bytes or a string, feedparser would
    try to open them as a file name or fetch them as a URL.
    """
    parsed = feedparser.parse(
        io.BytesIO(document.content),
        response_headers={
            "content-type": document.headers.get("content-type", "application/xml"),
            "content-location": document.url,
        },
    )
    if parsed.get("version") or parsed.get("entries"):
        return parsed
    if parsed.get("bozo") and looks_like_xml(document.content):
        raise FeedError(
            ErrorKind.VALIDATION,
            f"malformed feed at {document.url}: {parsed.get('bozo_exception')}",
            MALFORMED,
        )
    return None


def looks_like_xml(content: bytes) -> bool:
    head = content[:500].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf"))


def feed_title(parsed: Any, url: str) -> str:
    title = html_to_text(parsed.feed.get("title", "")).strip()
    return (title or url)[:255]


def entry_id(entry: Any) -> str:
    """A stable id for an entry: its own id, its link, or a digest of what it says."""
    value = str(entry.get("id") or entry.get("link") or "").strip()
    if not value:
        basis = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
        value = "sha256:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()
    elif len(value) > MAX_ID_LENGTH:
        value = "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()
    return value


def entry_date(entry: Any) -> datetime | None:
    """feedparser gives UTC ``struct_time`` values; make them aware datetimes."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def entry_text(entry: Any) -> tuple[str, str]:
    """(title, body) as plain text; the body is the longest of summary and content."""
    title = html_to_text(entry.get("title", ""))
    bodies = [entry.get("summary", "")]
    bodies += [part.get("value", "") for part in entry.get("content", []) or []]
    body = max((html_to_text(b) for b in bodies if b), key=len, default="")
    return title, body


def to_item(entry: Any, parsed: Any, feed_url: str) -> IncomingItem:
    title, body = entry_text(entry)
    text = f"{title}\n\n{body}" if title and body and not body.startswith(title) else body or title
    site = str(parsed.feed.get("link", "") or feed_url)
    name = feed_title(parsed, feed_url)
    writer = html_to_text(str(entry.get("author", "") or ""))[:255]
    return IncomingItem(
        remote_id=entry_id(entry),
        kind="article",
        author=Author(remote_id=feed_url, handle=name, display_name=writer or name, url=site),
        text=text[:MAX_TEXT],
        created_at=entry_date(entry) or timezone.now(),
        url=str(entry.get("link", "") or ""),
        raw={
            "title": title,
            "feed_title": name,
            "author": writer,
            "tags": [str(t.get("term", "")) for t in entry.get("tags", []) or []][:20],
            "dated": entry_date(entry) is not None,
        },
    )
