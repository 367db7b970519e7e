"""Addresses that came from a network, made safe to put in a link."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_link(url: str) -> str:
    """``url`` when it may become a link, else "".

    Addresses of messages and posts come from the networks, so from whoever wrote them:
    only web addresses (and this site's own pages, which the sandbox uses) are ever made
    a link, never ``javascript:`` or ``data:``.
    """
    url = url.strip()
    if url.startswith("/") and not url.startswith(("//", "/\\")):
        return url
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return ""
