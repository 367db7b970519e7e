"""How a post will look on each network, for the composer's live preview.

A person adapting a post for Bluesky and Mastodon wants to see, before publishing, what
each network's readers will see: which words become links, tags and mentions, how a long
address is shown, which images come with their descriptions, and where the text goes past
the limit. The preview is built from the text that really goes out (links already tagged
with the workspace's UTM parameters) and detects rich text the way each network does:
Bluesky's facets come from the very code that builds them when publishing; Mastodon links
only addresses that start with ``http(s)://`` and shows them without the scheme, cut after
30 characters, as its web interface does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

from comptoir.media.compose import Attachment
from comptoir.networks.bluesky import facets
from comptoir.networks.limits import URL_PATTERN, Limits, count_text
from comptoir.networks.mastodon.text import MENTION as MASTODON_MENTION
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.registry import get_network
from comptoir.publishing.utm import outgoing_text

TEXT, LINK, TAG, MENTION = "text", "link", "tag", "mention"

# Mastodon's web interface hides "https://" and "www." and shows the first 30 characters.
MASTODON_URL_SHOWN = 30
MASTODON_SCHEME = re.compile(r"^https?://(?:www\.)?", re.IGNORECASE)
MASTODON_TAG = regex.compile(r"(?:^|(?<=[^\w/)]))#([\w]*[\p{L}_][\w]*)")
LINK_TRAILING = ".,;:!?'\"»…)"
GRAPHEME = regex.compile(r"\X")


@dataclass(frozen=True)
class Span:
    """A detected range of the text, in characters."""

    start: int
    end: int
    kind: str  # LINK, TAG or MENTION
    target: str  # the address a link opens; empty for tags and mentions


@dataclass(frozen=True)
class Piece:
    """A run of the preview's text: plain words, or a link, tag or mention."""

    text: str
    kind: str = TEXT
    target: str = ""
    over: bool = False  # past the network's limit


@dataclass(frozen=True)
class Preview:
    account: ConnectedAccount
    network: str
    network_label: str
    name: str
    handle: str
    pieces: tuple[Piece, ...]
    images: tuple[Attachment, ...]
    over: bool

    @property
    def initial(self) -> str:
        """The letter on the round badge that stands for the account's picture."""
        return (self.name.strip() or "?")[0].upper()


def links_with_scheme(text: str) -> list[Span]:
    """Addresses written with ``http(s)://``, without the punctuation that ends a sentence."""
    spans = []
    for match in URL_PATTERN.finditer(text):
        address = match.group(0).rstrip(LINK_TRAILING)
        if "://" in address and not address.endswith("://"):
            spans.append(Span(match.start(), match.start() + len(address), LINK, address))
    return spans


def bluesky_spans(text: str) -> list[Span]:
    return [
        Span(m.start, m.end, m.kind, m.value if m.kind == LINK else "") for m in facets.detect(text)
    ]


def mastodon_spans(text: str) -> list[Span]:
    found = links_with_scheme(text)
    found += [Span(m.start(), m.end(), MENTION, "") for m in MASTODON_MENTION.finditer(text)]
    found += [Span(m.start(), m.end(), TAG, "") for m in MASTODON_TAG.finditer(text)]
    accepted: list[Span] = []
    for span in found:  # links first: a tag or mention inside an address stays part of it
        if all(span.end <= other.start or span.start >= other.end for other in accepted):
            accepted.append(span)
    return sorted(accepted, key=lambda span: span.start)


def mastodon_link_text(address: str) -> str:
    shown = MASTODON_SCHEME.sub("", address)
    if len(shown) > MASTODON_URL_SHOWN:
        return shown[:MASTODON_URL_SHOWN] + "…"
    return shown


DETECTORS: dict[str, Callable[[str], list[Span]]] = {
    "bluesky": bluesky_spans,
    "mastodon": mastodon_spans,
}
LINK_TEXTS: dict[str, Callable[[str], str]] = {"mastodon": mastodon_link_text}


def fitting_length(text: str, limits: Limits) -> int:
    """How many characters of ``text`` fit the network's limit (whole graphemes only)."""
    boundaries = [match.end() for match in GRAPHEME.finditer(text)]
    low, high = 0, len(boundaries)  # the first `low` graphemes fit
    while low < high:
        middle = (low + high + 1) // 2
        prefix = text[: boundaries[middle - 1]]
        fits = count_text(prefix, limits.counting, limits.url_length) <= limits.max_text
        if limits.max_text_bytes is not None:
            fits = fits and len(prefix.encode("utf-8")) <= limits.max_text_bytes
        if fits:
            low = middle
        else:
            high = middle - 1
    return boundaries[low - 1] if low else 0


def pieces(
    text: str, spans: Sequence[Span], cut: int, link_text: Callable[[str], str]
) -> list[Piece]:
    """The text split into plain runs and detected ranges, each side of the limit marked."""
    result: list[Piece] = []

    def plain(start: int, end: int) -> None:
        for low, high, over in ((start, min(end, cut), False), (max(start, cut), end, True)):
            if low < high:
                result.append(Piece(text[low:high], over=over))

    position = 0
    for span in spans:
        plain(position, span.start)
        shown = text[span.start : span.end]
        if span.kind == LINK:
            shown = link_text(span.target) if shown.startswith(("http://", "https://")) else shown
        result.append(Piece(shown, span.kind, span.target, over=span.end > cut))
        position = span.end
    plain(position, len(text))
    return result


def build(account: ConnectedAccount, text: str, images: Sequence[Attachment] = ()) -> Preview:
    """The preview of ``text`` (before UTM tagging) as ``account``'s network will show it."""
    spec = get_network(account.network)
    text = outgoing_text(account, text)
    detect = DETECTORS.get(account.network, links_with_scheme)
    cut = fitting_length(text, spec.limits)
    link_text = LINK_TEXTS.get(account.network, lambda address: address)
    handle = account.handle if account.handle.startswith("@") else f"@{account.handle}"
    return Preview(
        account=account,
        network=account.network,
        network_label=str(spec.label),
        name=account.display_name or account.handle.lstrip("@"),
        handle=handle,
        pieces=tuple(pieces(text, detect(text), cut, link_text)),
        images=tuple(images[: spec.limits.max_media]),
        over=cut < len(text),
    )
