"""Finding a site's feed from its home page.

People know the address of a website, rarely the address of its feed. Sites announce
their feeds with ``<link rel="alternate" type="application/rss+xml" href="...">`` in the
page head; this reads those tags and nothing else (no guessing of /feed or /rss.xml).
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

FEED_TYPES = ("application/rss+xml", "application/atom+xml")


class _FeedLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "base" and values.get("href") and self.base is None:
            self.base = values["href"].strip()
        if tag not in {"link", "a"}:
            return
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        href = values.get("href", "").strip()
        if "alternate" in rels and kind in FEED_TYPES and href:
            self.links.append((href, kind))


def feed_links(html: str, page_url: str) -> list[str]:
    """Absolute URLs of the feeds a page announces, in page order, without repeats."""
    parser = _FeedLinks()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # pragma: no cover - HTMLParser is very lenient
        pass
    base = urljoin(page_url, parser.base) if parser.base else page_url
    found: list[str] = []
    for href, _kind in parser.links:
        url = urljoin(base, href)
        if url.startswith(("http://", "https://")) and url not in found:
            found.append(url)
    return found
