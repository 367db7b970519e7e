"""Declared limits of a network, and text counting the way each network counts.

The composer, the validator and ``comptoir networks list`` all read the same
declaration, so a limit changes in one place.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from enum import Enum
from typing import Any

import regex

URL_PATTERN = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
GRAPHEME = regex.compile(r"\X")


class Counting(Enum):
    GRAPHEMES = "graphemes"  # what a reader sees as one character (Bluesky)
    CHARACTERS = "characters"  # Unicode code points (Mastodon, most networks)
    UTF16 = "utf16"  # UTF-16 code units (networks written in JavaScript or Java)
    BYTES = "bytes"  # UTF-8 bytes


@dataclass(frozen=True)
class Limits:
    max_text: int
    counting: Counting = Counting.CHARACTERS
    # When set, every URL counts as this many characters, whatever its length (Mastodon: 23).
    url_length: int | None = None
    max_text_bytes: int | None = None
    max_media: int = 4
    media_max_bytes: int = 5_000_000
    media_types: tuple[str, ...] = ("image/jpeg", "image/png", "image/gif", "image/webp")
    alt_text_max: int | None = None
    # Images larger than this are scaled down before upload (comptoir.media.convert): the
    # longest side in pixels, and width x height (Mastodon's "image_matrix_limit").
    image_max_side: int | None = None
    image_max_pixels: int | None = None
    # The narrowest and widest images accepted, as width / height (Instagram: 0.8 to 1.91);
    # None when the network takes any shape. Images are never cropped: the person chooses.
    image_aspect: tuple[float, float] | None = None
    posts_per_day: int | None = None
    # How long after a customer's last direct message the business may still answer it
    # freely (Meta's 24-hour rule); None when the network sets no such window.
    reply_window: timedelta | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["counting"] = self.counting.value
        window = self.reply_window
        data["reply_window"] = window.total_seconds() / 3600 if window else None
        data["media_types"] = list(self.media_types)
        return data


def count_text(text: str, counting: Counting, url_length: int | None = None) -> int:
    """Length of ``text`` as the network counts it."""
    if url_length is not None:
        text = URL_PATTERN.sub("x" * url_length, text)
    if counting is Counting.GRAPHEMES:
        return len(GRAPHEME.findall(text))
    if counting is Counting.UTF16:
        return len(text.encode("utf-16-le")) // 2
    if counting is Counting.BYTES:
        return len(text.encode("utf-8"))
    return len(text)


def text_problems(text: str, limits: Limits) -> list[tuple[str, int, int]]:
    """(what, value, limit) for each limit the text exceeds; empty when it fits."""
    problems = []
    length = count_text(text, limits.counting, limits.url_length)
    if length > limits.max_text:
        problems.append((limits.counting.value, length, limits.max_text))
    if limits.max_text_bytes is not None:
        size = len(text.encode("utf-8"))
        if size > limits.max_text_bytes:
            problems.append(("bytes", size, limits.max_text_bytes))
    return problems
